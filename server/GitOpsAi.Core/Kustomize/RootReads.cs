using System.Runtime.CompilerServices;
using GitOpsAi.Core.Text;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Kustomize;

/// <summary>
/// What a root's render read, without the render. A render reads the repository's files and folders (not the structure
/// index): it holds while the set of paths and the disk facts are the same (the files epoch) and every file it read
/// is the same object, so editing one kustomization re-renders the roots that read it, not every root. A Flux
/// Kustomization that read of its own file only its own document also holds when another document of that file changed
/// (one file often defines a Flux Kustomization per app: an edit to one re-rendered all of them, 1,000 roots per
/// keystroke in kshape18's flux shape at 10k), as long as the file holds no object a substitution could read.
/// </summary>
internal sealed class RootReads
{
    private static readonly ConditionalWeakTable<WorkspaceFile, object> SubstitutionSources = new();

    private readonly object _filesEpoch;
    private readonly object? _flux;
    private readonly IReadOnlyDictionary<string, WorkspaceFile> _files;

    // The Flux Kustomization's own file, weakly when its other documents may change: each root rendered after a different
    // edit of that file would otherwise keep that version of it alive (text and trees) for as long as its render holds.
    private readonly string? _fluxPath;
    private readonly WeakReference<WorkspaceFile>? _fluxFile;

    // The file map of the snapshot rendered in, weakly (an editor must not keep old snapshots' files alive): a file the
    // render read from disk outside the snapshot (a hidden folder's YAML, which the walk skips) is never the snapshot's
    // object, so without this a root reading one was rendered again by every question in the same snapshot (two Flux
    // roots of the corpus that apply the whole repository: 0.7 s more of one core per check of the corpus).
    private readonly WeakReference<IReadOnlyDictionary<string, WorkspaceFile>> _snapshotFiles;

    public RootReads(WorkspaceSnapshot rendered, RenderRoot root, RenderResult result)
    {
        _filesEpoch = rendered.FilesEpoch;
        _flux = root.Flux;
        _snapshotFiles = new WeakReference<IReadOnlyDictionary<string, WorkspaceFile>>(rendered.Files);
        DocumentSpan = root.Flux?.Document.Span ?? default;
        if (result.ReadsOnlyItsFluxDocument && root.FluxFile is { } fluxFile && result.DependencyFiles.ContainsKey(fluxFile.Path))
        {
            _fluxPath = fluxFile.Path;
            _fluxFile = new WeakReference<WorkspaceFile>(result.DependencyFiles[fluxFile.Path]);
            _files = result.DependencyFiles.Where(d => d.Key != fluxFile.Path).ToDictionary(StringComparer.Ordinal);
            Paths = [.. result.DependencyFiles.Keys];
        }
        else
        {
            _files = result.DependencyFiles;
            Paths = result.DependencyFiles.Keys;
        }
    }

    public IEnumerable<string> Paths { get; }

    /// <summary>Where the Flux Kustomization's document was when rendered (empty for a kustomization root).</summary>
    public TextSpan DocumentSpan { get; }

    /// <summary>
    /// True when the render still holds for <paramref name="currentRoot"/> in <paramref name="current"/> (the caller found
    /// these reads by the root's key, so a Flux Kustomization's document is the same text). With <paramref name="moved"/>,
    /// also when that document moved (an edit above it): what it read is the same, but its spans in its file are not.
    /// </summary>
    public bool IsValidFor(WorkspaceSnapshot current, RenderRoot currentRoot, bool moved)
    {
        if (!ReferenceEquals(current.FilesEpoch, _filesEpoch))
        {
            return false;
        }

        if (_fluxPath is null || (_fluxFile!.TryGetTarget(out var fluxFile) && ReferenceEquals(current.Files.GetValueOrDefault(_fluxPath), fluxFile)))
        {
            return (ReferenceEquals(currentRoot.Flux, _flux) || _fluxPath is not null) && SameFiles(current);
        }

        // Another version of the file: only this document was read of it, and nothing was found in it by name.
        return currentRoot is { Flux: { } flux, FluxFile: { } file } && (moved || flux.Document.Span.Start == DocumentSpan.Start)
            && !HoldsSubstitutionSources(file) && SameFiles(current);
    }

    private bool SameFiles(WorkspaceSnapshot current) =>
        (_snapshotFiles.TryGetTarget(out var files) && ReferenceEquals(files, current.Files))
        || _files.All(d => ReferenceEquals(current.Files.GetValueOrDefault(d.Key), d.Value));

    /// <summary>
    /// The objects a substitution could find by name (<c>substituteFrom</c>): one added beside the Flux Kustomizations
    /// would change what the others substitute without changing their documents.
    /// </summary>
    private static bool HoldsSubstitutionSources(WorkspaceFile file) =>
        SubstitutionSources.GetValue(file, f => f.Manifests.Any(m => m.Group.Length == 0 && m.Kind is "ConfigMap" or "Secret")) is true;
}
