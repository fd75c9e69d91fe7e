using GitOpsAi.Core.Diagnostics;

namespace GitOpsAi.Core.Workspace;

/// <summary>What the repository's structure says about each file: its role, broken references, and the references themselves.</summary>
public sealed class StructureIndex
{
    internal Dictionary<string, FileRole> Roles { get; } = new(StringComparer.Ordinal);

    internal HashSet<string> ListedAsResource { get; } = new(StringComparer.Ordinal);

    internal Dictionary<string, List<Diagnostic>> Diagnostics { get; } = new(StringComparer.Ordinal);

    internal List<PathReference> ReferenceList { get; } = [];

    /// <summary>Every entry that names a file or folder, as the one walk found it (the inclusion graph is built from these).</summary>
    internal List<Kustomize.InclusionEntry> EntryList { get; } = [];

    /// <summary>Every kustomization the walk read, in path and document order (the inclusion graph's nodes).</summary>
    internal List<Kustomize.KustomizationContent> KustomizationList { get; } = [];

    private Dictionary<Manifests.Manifest, Kustomize.InclusionEntry>? _fluxPaths;

    /// <summary>Each kustomization or Flux Kustomization file's own part of this index, by path (reused by the next snapshot).</summary>
    internal Dictionary<string, StructureIndex> PerFile { get; } = new(StringComparer.Ordinal);

    /// <summary>The names of the repository's GitRepositories (which Flux paths can be checked depends on them).</summary>
    internal IReadOnlySet<string> GitRepositories { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>The roles a part set, in order (setting roles is order-dependent, so parts are replayed in path order).</summary>
    private readonly List<(string Path, FileRole Role)> _roleAssignments = [];

    /// <summary>Kustomizations whose resources, bases or components name a remote base (objects the repository does not show).</summary>
    internal HashSet<string> IncludesRemote { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<PathReference> References => ReferenceList;

    private Dictionary<(string, GitOpsAi.Core.Text.TextSpan), PathReference>? _byPlace;

    /// <summary>The reference written at a span of a file (indexed: Flux Kustomizations ask for their spec.path one by one).</summary>
    public PathReference? ReferenceAt(string path, GitOpsAi.Core.Text.TextSpan span)
    {
        var index = _byPlace;
        if (index is null)
        {
            index = new Dictionary<(string, GitOpsAi.Core.Text.TextSpan), PathReference>();
            foreach (var reference in ReferenceList)
            {
                index.TryAdd((reference.FromPath, reference.Span), reference);
            }

            _byPlace = index;
        }

        return index.GetValueOrDefault((path, span));
    }

    /// <summary>The spec.path entry of a Flux Kustomization (indexed: the graph asks for each one).</summary>
    internal Kustomize.InclusionEntry? FluxPathOf(Manifests.Manifest flux)
    {
        var index = _fluxPaths;
        if (index is null)
        {
            index = new Dictionary<Manifests.Manifest, Kustomize.InclusionEntry>(ReferenceEqualityComparer.Instance);
            foreach (var entry in EntryList.Where(e => e.IsFluxPath))
            {
                index.TryAdd(entry.Owner, entry);
            }

            _fluxPaths = index;
        }

        return index.GetValueOrDefault(flux);
    }

    public FileRole RoleOf(string path)
    {
        if (!Roles.TryGetValue(path, out var role))
        {
            return FileRole.Resource;
        }

        // A file some kustomization lists as a resource is validated as one, even if another patches with it.
        return role == FileRole.Patch && ListedAsResource.Contains(path) ? FileRole.Resource : role;
    }

    public IReadOnlyList<Diagnostic> DiagnosticsFor(string path) =>
        Diagnostics.TryGetValue(path, out var list) ? list : Array.Empty<Diagnostic>();

    internal void Add(string path, Diagnostic diagnostic)
    {
        if (!Diagnostics.TryGetValue(path, out var list))
        {
            Diagnostics[path] = list = [];
        }

        list.Add(diagnostic);
    }

    /// <summary>Adds a file's part, as if its checks had written here (parts are added in path order).</summary>
    internal void Absorb(string path, StructureIndex part)
    {
        PerFile[path] = part;
        foreach (var (target, role) in part._roleAssignments)
        {
            SetRole(target, role);
        }

        ListedAsResource.UnionWith(part.ListedAsResource);
        foreach (var (file, diagnostics) in part.Diagnostics)
        {
            foreach (var diagnostic in diagnostics)
            {
                Add(file, diagnostic);
            }
        }

        ReferenceList.AddRange(part.ReferenceList);
        EntryList.AddRange(part.EntryList);
        KustomizationList.AddRange(part.KustomizationList);
        IncludesRemote.UnionWith(part.IncludesRemote);
    }

    internal void SetRole(string path, FileRole role)
    {
        _roleAssignments.Add((path, role));
        // Data and JSON patches are never objects; a strategic-merge patch is weaker than nothing else.
        if (!Roles.TryGetValue(path, out var existing) || existing == FileRole.Patch)
        {
            Roles[path] = role;
        }
    }
}
