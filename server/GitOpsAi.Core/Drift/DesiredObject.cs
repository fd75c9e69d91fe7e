using GitOpsAi.Core.Manifests;
using GitOpsAi.Core.Workspace;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Drift;

/// <summary>
/// One object as the repository wants it in the cluster. <see cref="Root"/> is a positioned YAML tree: every node knows
/// its span, and <see cref="FileOf"/> names the file a node was written in (for a rendered object, a patch or a base can
/// contribute nodes from other files; for a plain manifest it is always <see cref="File"/>).
/// </summary>
/// <param name="Applier">The Flux Kustomization or Argo CD Application that applies the object ("Kustomization flux-system/apps"), if known.</param>
public sealed record DesiredObject(ObjectKey Key, string? ApiVersion, YamlMapping Root, WorkspaceFile File, Manifest Manifest, string? Applier = null)
{
    /// <summary>Maps a node to the file it came from; a renderer replaces this for nodes merged in from other files.</summary>
    public Func<YamlNode, WorkspaceFile>? NodeFiles { get; init; }

    public WorkspaceFile FileOf(YamlNode node) => NodeFiles?.Invoke(node) ?? File;

    /// <summary>Every file that set a node of the object (a rendered object's base, patches, kustomizations); null for just <see cref="File"/>.</summary>
    public IReadOnlySet<string>? SourceFiles { get; init; }

    /// <summary>
    /// False for a node whose value is not the text at its span (an image composed from an <c>images:</c> entry, a
    /// prefixed name): a finding can sit there, but an edit that replaces the text with the live value cannot.
    /// </summary>
    public Func<YamlNode, bool>? WrittenAsIs { get; init; }

    public bool IsWrittenAsIs(YamlNode node) => WrittenAsIs?.Invoke(node) ?? true;

    /// <summary>True when <paramref name="path"/> holds a node of the object (what an edit of that file can change).</summary>
    public bool HasNodesIn(string path) => SourceFiles?.Contains(path) ?? File.Path == path;

    /// <summary>The node a finding about the whole object sits on: its name, else its kind.</summary>
    public YamlNode Anchor => (YamlNode?)Root.At("metadata", "name") ?? Root.GetPair("kind")?.Value ?? Root;

    public IReadOnlyDictionary<string, string> Annotations => Manifest.Annotations;
}

/// <summary>
/// Where desired state comes from: the seam between drift detection and rendering. The default reads the repository's
/// plain manifests (<see cref="WorkspaceDesiredState"/>); the kustomize/Flux renderer implements the same interface
/// with overlays, patches and namespaces applied.
/// </summary>
public interface IDesiredStateSource
{
    IReadOnlyList<DesiredObject> Objects(WorkspaceSnapshot workspace, CancellationToken cancellationToken = default);

    /// <summary>
    /// The objects whose nodes a file holds (what an edit of the file can change). A renderer should answer this without
    /// rendering everything: it runs on every keystroke.
    /// </summary>
    IReadOnlyList<DesiredObject> ObjectsIn(WorkspaceSnapshot workspace, WorkspaceFile file, CancellationToken cancellationToken = default) =>
        Objects(workspace, cancellationToken).Where(o => o.File.Path == file.Path).ToList();

    /// <summary>The namespaces the repository manages, each with the object a finding about the namespace is reported at.</summary>
    IReadOnlyDictionary<string, DesiredObject> ManagedNamespaces(WorkspaceSnapshot workspace, CancellationToken cancellationToken = default);
}
