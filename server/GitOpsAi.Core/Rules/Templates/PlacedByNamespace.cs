using System.Runtime.CompilerServices;

namespace GitOpsAi.Core.Rules.Templates;

/// <summary>
/// A list of placed objects (<see cref="WorkspaceObjects.OfKind"/>, <see cref="WorkspaceObjects.OfKinds"/>, or the
/// objects of a name many namespaces hold) by the namespace they land in, so an object meets only those that may share
/// its namespace: its namespace's, those whose namespace is not known, and the cluster-wide network policies. Walking
/// every policy, budget, Service, Canary or same-named object of the repository for every workload, Ingress, Service
/// or pod made the rules that ask grow with the square of the repository (a policy and a budget per namespace: 6,000
/// resources 1.2 s of analysis CPU, 24,000 resources 11.8 s; an Ingress per namespace: 38 % of the 24,000 resources'
/// check, issue 13).
/// </summary>
internal sealed class PlacedByNamespace
{
    // By the list itself: a render root's siblings view that changes none of the kinds lists its source's, and so shares its index.
    private static readonly ConditionalWeakTable<IReadOnlyList<PlacedObject>, PlacedByNamespace> Indexes = new();

    private readonly IReadOnlyList<PlacedObject> _all;
    private readonly Dictionary<string, List<PlacedObject>> _byNamespace = new(StringComparer.Ordinal);
    private readonly List<PlacedObject> _everywhere = [];

    private PlacedByNamespace(IReadOnlyList<PlacedObject> placed)
    {
        _all = placed;
        for (var i = 0; i < placed.Count; i++)
        {
            var @object = placed[i];
            if (@object.Namespace is not { } @namespace || IsClusterWide(@object))
            {
                _everywhere.Add(@object);
            }
            else
            {
                if (!_byNamespace.TryGetValue(@namespace, out var inNamespace))
                {
                    _byNamespace[@namespace] = inNamespace = [];
                }

                inNamespace.Add(@object);
            }
        }
    }

    public static PlacedByNamespace Of(IReadOnlyList<PlacedObject> placed) =>
        Indexes.TryGetValue(placed, out var index) ? index : Indexes.GetValue(placed, static list => new PlacedByNamespace(list));

    /// <summary>Network policies that apply across namespaces, wherever they are placed.</summary>
    public static bool IsClusterWide(PlacedObject policy) => policy.Manifest.Kind is "CiliumClusterwideNetworkPolicy" or "GlobalNetworkPolicy" or "AdminNetworkPolicy";

    /// <summary>
    /// The objects that may be in <paramref name="namespace"/> (every one when it is not known) as two lists, a superset
    /// of those <see cref="WorkspaceObjects.SameNamespace"/> lets through: each keeps the order of the list indexed, the
    /// two together do not.
    /// </summary>
    public (IReadOnlyList<PlacedObject> InNamespace, IReadOnlyList<PlacedObject> Everywhere) For(string? @namespace) =>
        @namespace is null ? (_all, []) : (_byNamespace.GetValueOrDefault(@namespace) ?? [], _everywhere);
}
