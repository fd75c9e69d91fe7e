using GitOpsAi.Core.Manifests;
using GitOpsAi.Core.Workspace;
using GitOpsAi.Core.Text;

namespace GitOpsAi.Core.Kustomize;

/// <summary>
/// One place where a kustomization (an entry of resources, components, patches, generator files...) or a Flux
/// Kustomization (its <c>spec.path</c>) names another file or folder, and what that name was found to be. These are
/// the edges of the <see cref="InclusionGraph"/>; the structure checks turn the ones that do not resolve into findings.
/// </summary>
/// <param name="Owner">The kustomization or Flux Kustomization the entry belongs to.</param>
/// <param name="Value">The path as written (for a generator's <c>key=path</c> entry, the path part).</param>
/// <param name="Role">What the named file is to the kustomization (a resource, a patch, generator data...).</param>
/// <param name="TargetPath">
/// The file or folder named (a folder's kustomization file when it has one). For a Flux spec.path that could not be
/// checked against this repository (another source, a path that does not resolve), the folder guessed for it, if any.
/// </param>
internal sealed record InclusionEntry(
    string FromPath, Manifest Owner, TextSpan Span, string Field, string Value, FileRole Role, EntryOutcome Outcome,
    string? TargetPath = null, bool TargetIsDirectory = false)
{
    /// <summary>True for a Flux Kustomization's spec.path (the others are kustomization entries).</summary>
    public bool IsFluxPath => Field == FluxPathField;

    /// <summary>True when the entry named a folder (its kustomization file, when it has one, is the target).</summary>
    public bool NamesFolder { get; init; }

    /// <summary>For a Flux spec.path, the Flux Kustomization as read once (its target namespace and components place what it applies).</summary>
    public FluxKustomizationModel? Flux { get; init; }

    /// <summary>True when the target exists, whether or not it is what the field takes (go-to-definition still follows it).</summary>
    public bool TargetExists => Outcome is EntryOutcome.Resolved or EntryOutcome.DirectoryWhereFileExpected
        or EntryOutcome.FileWhereDirectoryExpected or EntryOutcome.DirectoryWithoutKustomization;

    public const string FluxPathField = "spec.path";
}

/// <summary>A kustomization file's kustomization as the graph knows it: its manifest and its model, read once.</summary>
internal sealed record KustomizationContent(string Path, Manifest Kustomization, KustomizationModel Model);

/// <summary>What the one walk found in a file: its path entries in document and field order, and its kustomizations.</summary>
internal sealed record FileEntries(List<InclusionEntry> Entries, List<KustomizationContent> Kustomizations);

/// <summary>What an entry's path was found to be.</summary>
internal enum EntryOutcome
{
    /// <summary>An existing file or folder of the kind the field takes.</summary>
    Resolved,

    /// <summary>A remote base (a URL) in resources, bases or components: objects the repository does not show.</summary>
    Remote,

    /// <summary>Not a local path to check: empty, a variable, a remote URL elsewhere, a Flux path of another source.</summary>
    NotChecked,

    /// <summary>The path leaves the repository: never read, nor tested for existence.</summary>
    LeavesRepository,

    NotFound,

    /// <summary>A folder where the field takes a file.</summary>
    DirectoryWhereFileExpected,

    /// <summary>A file where the field takes a folder with a kustomization (components).</summary>
    FileWhereDirectoryExpected,

    /// <summary>A folder without a kustomization file where the field takes one.</summary>
    DirectoryWithoutKustomization,
}
