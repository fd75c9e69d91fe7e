namespace GitOpsAi.Core.Kustomize;

/// <summary>How two graphs differ: what an edit to a kustomization or a Flux Kustomization changes for other files.</summary>
public sealed partial class InclusionGraph
{
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<InclusionGraph, object> _placesAlike = new();

    /// <summary>
    /// True when both graphs place every file's objects alike (namespaces, roles, opaqueness, the namespaces opaque
    /// bases reach, generator names, replicas): what another root's rendered siblings see of the sources is then the
    /// same, so its findings still hold after a kustomization edit that does not render it. Remembered per pair.
    /// </summary>
    internal bool PlacesAlike(InclusionGraph other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        return (bool)_placesAlike.GetValue(other, o =>
            FilesWhoseFactsDiffer(o) is { Count: 0 } && _opaqueNamespaces.SetEquals(o._opaqueNamespaces)
            && _generatorNames.All(pair => pair.Value.SetEquals(o.GeneratorNames(pair.Key)))
            && _replicas.Count == o._replicas.Count && _replicas.All(pair => o._replicas.TryGetValue(pair.Key, out var count) && count?.Value == pair.Value?.Value));
    }

    /// <summary>
    /// The files whose facts differ between this graph and <paramref name="other"/> (namespaces, opaqueness, role): after
    /// an edit to a kustomization, the files of the subtree it roots whose objects must be placed again. Null when
    /// the difference is not per file (a Flux folder without a kustomization changed: unlisted files may be below it).
    /// </summary>
    public IReadOnlySet<string>? FilesWhoseFactsDiffer(InclusionGraph other)
    {
        if (!SameDirectoryRoots(_directoryNamespaces, other._directoryNamespaces))
        {
            return null;
        }

        var differ = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in _fileNamespaces.Keys.Concat(other._fileNamespaces.Keys))
        {
            if (!NamespacesOf(path).SetEquals(other.NamespacesOf(path)))
            {
                differ.Add(path);
            }
        }

        differ.UnionWith(_opaqueFiles.Where(p => !other._opaqueFiles.Contains(p)));
        differ.UnionWith(other._opaqueFiles.Where(p => !_opaqueFiles.Contains(p)));
        foreach (var path in _structure.Roles.Keys.Concat(_structure.ListedAsResource).Concat(other._structure.Roles.Keys).Concat(other._structure.ListedAsResource))
        {
            if (RoleOf(path) != other.RoleOf(path))
            {
                differ.Add(path);
            }
        }

        return differ;
    }

    private static bool SameDirectoryRoots(Dictionary<string, HashSet<string>> a, Dictionary<string, HashSet<string>> b) =>
        a.Count == b.Count && a.All(pair => b.TryGetValue(pair.Key, out var other) && other.SetEquals(pair.Value));
}
