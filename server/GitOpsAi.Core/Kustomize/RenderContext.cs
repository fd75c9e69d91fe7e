using GitOpsAi.Core.Diagnostics;

namespace GitOpsAi.Core.Kustomize;

/// <summary>Which files a kustomization may read, as kustomize's --load-restrictor.</summary>
public enum LoadRestriction
{
    /// <summary>kustomize's default: files (not kustomization folders) must be in or below the kustomization's folder.</summary>
    RootOnly,

    /// <summary>Flux's behaviour (and kustomize's LoadRestrictionsNone): anything inside the repository.</summary>
    RepositoryRoot,
}

/// <summary>What one render shares across the kustomizations it walks: the files, the restriction, the findings.</summary>
internal sealed class RenderContext(RenderInputs inputs, LoadRestriction restriction)
{
    private readonly HashSet<(string, int, string)> _reported = [];

    public RenderInputs Inputs { get; } = inputs;

    public LoadRestriction Restriction { get; } = restriction;

    public List<RenderDiagnostic> Diagnostics { get; } = [];

    /// <summary>
    /// An editor's: the render of a root is the largest piece of an analysis (a base of 10,000 objects under 15 overlays:
    /// about half a second), and a keystroke that cancels the analysis must not wait for it. Checked between entries.
    /// </summary>
    public CancellationToken Cancellation { get; init; }

    /// <summary>Objects a <c>$patch: delete</c> removed, with the directive (what their absence causes is reported there).</summary>
    public List<Deletion> Deletions { get; } = [];

    public void Error(SourceRef? at, string message) => Add(CoreDiagnostics.KustomizeBuildError, at, message);

    public void Add(DiagnosticDescriptor descriptor, SourceRef? at, string message)
    {
        var place = at ?? new SourceRef(Inputs.Root, default);
        if (_reported.Add((place.Path, place.Span.Start, descriptor.Code)))
        {
            Diagnostics.Add(new RenderDiagnostic(place.Path, descriptor.Create(place.Span, message)));
        }
    }

    /// <summary>
    /// Resolves a file a kustomization names, as the structure walk does (<see cref="InclusionEntries.ResolvePath"/>):
    /// confined to the repository (never asked about otherwise) and, under <see cref="LoadRestriction.RootOnly"/>, to the
    /// kustomization's folder. Reports and returns null when refused; otherwise what the path names (a file, or not).
    /// </summary>
    public ResolvedPath? ResolveFile(string kustomizationDirectory, string relative, SourceRef at, string field)
    {
        var resolved = InclusionEntries.ResolvePath(Inputs, kustomizationDirectory, relative, EntryShape.File);
        if (resolved.Target is not { } target)
        {
            Add(CoreDiagnostics.PathOutsideRepository, at, $"'{relative}' listed in {field} leaves the repository; it is not read.");
            return null;
        }

        return MayRead(kustomizationDirectory, target, relative, at, field) ? resolved : null;
    }

    /// <summary>Under <see cref="LoadRestriction.RootOnly"/>, a file outside the kustomization's folder is refused (reported).</summary>
    public bool MayRead(string kustomizationDirectory, string target, string relative, SourceRef at, string field)
    {
        if (Restriction == LoadRestriction.RootOnly && !RepositoryPaths.IsInside(kustomizationDirectory, target))
        {
            Error(at, $"'{relative}' listed in {field} is outside the kustomization's folder; kustomize refuses it unless built with --load-restrictor LoadRestrictionsNone.");
            return false;
        }

        return true;
    }
}
