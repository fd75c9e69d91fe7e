using GitOpsAi.Core.Kustomize;
using GitOpsAi.Core.Manifests;
using GitOpsAi.Core.Workspace;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Generation;

/// <summary>
/// What the repository tells the generator about the place a request was written: the namespace objects there end up
/// in, the label key the repository selects pods by, its workloads (so "service for deployment api" selects api's real
/// pods and port) and the Helm repositories it already has.
/// </summary>
public sealed class RepositoryContext
{
    private readonly WorkspaceSnapshot? _workspace;

    private RepositoryContext(WorkspaceSnapshot? workspace, string directory, GenerationConventions conventions, string? documentPath = null)
    {
        _workspace = workspace;
        Directory = directory;
        DocumentPath = documentPath;
        Conventions = conventions;
        Namespace = workspace is null ? null : EnclosingNamespace(workspace, directory);
        NameLabel = workspace is null ? "app.kubernetes.io/name" : DominantSelectorKey(workspace);
        Inferred = workspace is null ? InferredConventions.None : InferredConventions.Of(workspace);
    }

    /// <summary>The repository, for engines that read more of it (schemas, the document around the request).</summary>
    public WorkspaceSnapshot? Workspace => _workspace;

    /// <summary>The file the request was written in, when it is one.</summary>
    public string? DocumentPath { get; }

    /// <summary>The folder generated files belong to.</summary>
    public string Directory { get; }

    /// <summary>The namespace of the enclosing kustomization or Flux Kustomization, if one sets it.</summary>
    public string? Namespace { get; }

    /// <summary>The label key pods are selected by: the one the repository's workloads use most, else app.kubernetes.io/name.</summary>
    public string NameLabel { get; }

    public GenerationConventions Conventions { get; }

    /// <summary>Name patterns and labels read from the repository's objects, for what <see cref="Conventions"/> does not say.</summary>
    public InferredConventions Inferred { get; }

    /// <summary>The name of a <paramref name="kind"/> for the app <paramref name="name"/>: the conventions file's pattern, else the repository's.</summary>
    public string NameFor(string kind, string name) =>
        Conventions.NamePatterns.ContainsKey(kind) || !Inferred.NamePatterns.TryGetValue(kind, out var pattern)
            ? Conventions.NameFor(kind, name)
            : pattern.Replace("{name}", name, StringComparison.Ordinal);

    public static RepositoryContext Empty(string directory) => new(null, directory, GenerationConventions.Default);

    public static RepositoryContext For(WorkspaceSnapshot workspace, string documentPath, GenerationConventions? conventions = null)
    {
        var directory = workspace.FileSystem.DirectoryExists(documentPath) ? documentPath : Path.GetDirectoryName(documentPath) ?? workspace.Root;
        var isFile = !workspace.FileSystem.DirectoryExists(documentPath);
        return new RepositoryContext(workspace, directory, conventions ?? GenerationConventions.Default, isFile ? documentPath : null);
    }

    public sealed record Workload(string Kind, string Name, string? Namespace, IReadOnlyDictionary<string, string> PodLabels, int? Port, string? PortName);

    /// <summary>A Deployment, StatefulSet or DaemonSet of the repository with this name (of this kind, when given).</summary>
    public Workload? FindWorkload(string? kind, string name)
    {
        if (_workspace is null)
        {
            return null;
        }

        foreach (var candidate in kind is null ? ["Deployment", "StatefulSet", "DaemonSet"] : new[] { kind })
        {
            foreach (var (_, manifest) in _workspace.ObjectsNamed(candidate, name))
            {
                var labels = ReadMap(manifest.Root.At("spec", "selector", "matchLabels") as YamlMapping)
                    ?? ReadMap(manifest.Root.At("spec", "template", "metadata", "labels") as YamlMapping)
                    ?? new Dictionary<string, string>();
                var port = (manifest.PodTemplate?.Spec.GetSequence("containers")?.Items.OfType<YamlMapping>() ?? [])
                    .SelectMany(c => c.GetSequence("ports")?.Items.OfType<YamlMapping>() ?? [])
                    .FirstOrDefault();
                var number = port?.GetString("containerPort") is { } text && int.TryParse(text, out var n) ? n : (int?)null;
                return new Workload(candidate, name, manifest.Namespace, labels, number, port?.GetString("name"));
            }
        }

        return null;
    }

    /// <summary>The name of the first object of a kind and API group in the repository (a SecretStore, a GitRepository).</summary>
    public string? FindObject(string kind, string group) =>
        _workspace?.ObjectsOfKind(kind).Where(o => o.Manifest.Group == group && o.Manifest.Name is not null)
            .OrderBy(o => o.File.Path, StringComparer.Ordinal).Select(o => o.Manifest.Name).FirstOrDefault();

    public sealed record HelmRepositoryRef(string Name, string? Namespace, string Url);

    public IEnumerable<HelmRepositoryRef> HelmRepositories() =>
        _workspace is null
            ? []
            : _workspace.ObjectsOfKind("HelmRepository")
                .Where(o => o.Manifest.Group == "source.toolkit.fluxcd.io" && o.Manifest.Name is not null)
                .Select(o => new HelmRepositoryRef(o.Manifest.Name!, o.Manifest.Namespace, o.Manifest.Spec?.GetString("url") ?? string.Empty));

    private static Dictionary<string, string>? ReadMap(YamlMapping? mapping)
    {
        if (mapping is null || mapping.Pairs.Count == 0)
        {
            return null;
        }

        return mapping.Pairs.Where(p => p.KeyText is not null && p.Value is YamlScalar)
            .ToDictionary(p => p.KeyText!, p => ((YamlScalar)p.Value).Value, StringComparer.Ordinal);
    }

    private static string DominantSelectorKey(WorkspaceSnapshot workspace)
    {
        var best = ((string[])["Deployment", "StatefulSet", "DaemonSet"]).SelectMany(kind => workspace.ObjectsOfKind(kind)).Select(o => o.Manifest)
            .SelectMany(m => (m.Root.At("spec", "selector", "matchLabels") as YamlMapping)?.Pairs.Select(p => p.KeyText) ?? [])
            .Where(k => k is "app" or "app.kubernetes.io/name" or "k8s-app" or "name")
            .GroupBy(k => k!)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .FirstOrDefault();
        return best?.Key ?? "app.kubernetes.io/name";
    }

    private static string? EnclosingNamespace(WorkspaceSnapshot workspace, string directory)
    {
        var root = workspace.Root;
        for (var current = directory; current is not null && current.StartsWith(root, StringComparison.Ordinal); current = Path.GetDirectoryName(current))
        {
            foreach (var name in (string[])["kustomization.yaml", "kustomization.yml", "Kustomization"])
            {
                if (workspace.GetFile(Path.Combine(current, name)) is { } file
                    && file.Manifests.FirstOrDefault(m => m.IsKustomizeConfig || m.IsImpliedKustomization) is { } kustomization
                    && kustomization.Root.GetString("namespace") is { Length: > 0 } ns)
                {
                    return ns;
                }
            }
        }

        // A Flux Kustomization whose spec.path holds the folder and which sets targetNamespace.
        var relative = WorkspaceFile.RelativeTo(root, directory);
        foreach (var (file, manifest) in workspace.ObjectsOfKind("Kustomization").Where(o => o.Manifest.IsFluxKustomization))
        {
            // A target namespace Flux substitutes (${TENANT}) is no name to write into a generated manifest.
            var flux = FluxKustomizationModel.Of(manifest, file.Path);
            var path = flux.PathNode is RenderScalar { IsNull: false } pathNode ? pathNode.Value.TrimStart('.').Trim('/') : null;
            if (path is not null && flux.PlainTargetNamespace is { Length: > 0 } target
                && (relative == path || relative.StartsWith(path + "/", StringComparison.Ordinal) || path.Length == 0))
            {
                return target;
            }
        }

        return null;
    }
}
