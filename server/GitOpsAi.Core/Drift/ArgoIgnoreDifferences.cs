using GitOpsAi.Core.Manifests;
using GitOpsAi.Core.Workspace;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Drift;

/// <summary>
/// The <c>spec.ignoreDifferences</c> entries of the repository's Argo CD Applications (and ApplicationSet templates):
/// JSON pointers and field managers whose differences Argo CD does not count, so neither do we. Without rendering we do
/// not know which Application applies an object, so every entry applies to every object it selects by group, kind,
/// name and namespace.
/// </summary>
public sealed class ArgoIgnoreDifferences
{
    private sealed record Entry(string? Group, string Kind, string? Name, string? Namespace, IReadOnlyList<string> Pointers, IReadOnlyList<string> Managers)
    {
        public bool Selects(ObjectKey key) =>
            (Kind == "*" || Kind == key.Kind) && (Group is null || Group == "*" || Group == key.Group)
            && (Name is null || Name == key.Name) && (Namespace is null || Namespace == key.Namespace);
    }

    private readonly IReadOnlyList<Entry> _entries;

    private ArgoIgnoreDifferences(IReadOnlyList<Entry> entries)
    {
        _entries = entries;
        Fingerprint = string.Join('\n', entries.Select(e => $"{e.Group}|{e.Kind}|{e.Name}|{e.Namespace}|{string.Join(',', e.Pointers)}|{string.Join(',', e.Managers)}"));
    }

    /// <summary>Equal for equal entries: cached comparisons stay valid while it does not change.</summary>
    public string Fingerprint { get; }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<WorkspaceSnapshot, ArgoIgnoreDifferences> Cache = new();

    private static readonly HashSet<string> SourceKinds = new(StringComparer.Ordinal) { "Application", "ApplicationSet" };

    /// <summary>The entries of a snapshot, read once; an edit to a file without Argo CD applications keeps the previous snapshot's.</summary>
    public static ArgoIgnoreDifferences For(WorkspaceSnapshot workspace) =>
        Cache.GetValue(workspace, w => SnapshotLineage.Carried(w, Cache, f => SnapshotLineage.Holds(f, SourceKinds), needsSameStructure: false) ?? Read(w));

    public static ArgoIgnoreDifferences Read(WorkspaceSnapshot workspace)
    {
        var entries = new List<Entry>();
        foreach (var manifest in workspace.ObjectsOfKind("Application").Concat(workspace.ObjectsOfKind("ApplicationSet")).Select(o => o.Manifest))
        {
            if (manifest.Group != "argoproj.io")
            {
                continue;
            }

            var spec = manifest.Kind == "ApplicationSet" ? manifest.Spec?.At("template", "spec") as YamlMapping : manifest.Spec;
            foreach (var item in (spec?.GetSequence("ignoreDifferences")?.Items ?? []).OfType<YamlMapping>())
            {
                if (item.GetString("kind") is { } kind)
                {
                    entries.Add(new Entry(item.GetString("group"), kind, item.GetString("name"), item.GetString("namespace"),
                        Strings(item, "jsonPointers"), Strings(item, "managedFieldsManagers")));
                }
            }
        }

        return new ArgoIgnoreDifferences(entries);
    }

    public bool Ignores(ObjectKey key, FieldPath path) => _entries.Any(e => e.Selects(key) && e.Pointers.Any(path.IsUnder));

    public bool IgnoresManager(ObjectKey key, string? manager) => manager is not null && _entries.Any(e => e.Selects(key) && e.Managers.Contains(manager, StringComparer.Ordinal));

    private static IReadOnlyList<string> Strings(YamlMapping item, string field) =>
        (item.GetSequence(field)?.Items ?? []).OfType<YamlScalar>().Select(s => s.Value).ToList();
}
