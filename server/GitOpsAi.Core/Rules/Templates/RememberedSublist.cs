using System.Runtime.CompilerServices;

namespace GitOpsAi.Core.Rules.Templates;

/// <summary>
/// The objects of a list of placed objects that pass a test, in the list's order, worked out once per list: a rule that
/// asked among every workload of the repository for each object it checks grew with their product. Remembered by the
/// list itself, as the lists are shared (a siblings view that changes no workload of a kind lists its source's).
/// </summary>
internal sealed class RememberedSublist(Func<PlacedObject, bool> keep)
{
    private readonly ConditionalWeakTable<IReadOnlyList<PlacedObject>, IReadOnlyList<PlacedObject>> _of = new();

    public IReadOnlyList<PlacedObject> Of(IReadOnlyList<PlacedObject> list) =>
        _of.TryGetValue(list, out var found) ? found : _of.GetValue(list, Sublist);

    private IReadOnlyList<PlacedObject> Sublist(IReadOnlyList<PlacedObject> list) => list.Where(keep).ToList();
}
