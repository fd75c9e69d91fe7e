using GitOpsAi.Core.IO;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Kustomize;

/// <summary>
/// Renders a kustomization folder (or a Flux Kustomization) into the objects the cluster gets, each field carrying the
/// file and span that set it. Files come from the workspace when it holds them (unsaved editor buffers count), from
/// the file system otherwise; nothing outside <see cref="RepositoryRoot"/> is ever read or looked up.
/// </summary>
public sealed class KustomizeRenderer
{
    private readonly IFileSystem _fileSystem;
    private readonly IReadOnlyDictionary<string, WorkspaceFile>? _files;
    private readonly CancellationToken _cancellation;

    /// <param name="cancellation">Stops a render between the entries of its kustomizations (<see cref="OperationCanceledException"/>).</param>
    public KustomizeRenderer(string repositoryRoot, IFileSystem fileSystem, IReadOnlyDictionary<string, WorkspaceFile>? files = null, CancellationToken cancellation = default)
    {
        RepositoryRoot = Path.TrimEndingDirectorySeparator(Path.GetFullPath(repositoryRoot));
        _fileSystem = fileSystem;
        _files = files;
        _cancellation = cancellation;
    }

    public string RepositoryRoot { get; }

    /// <summary>A renderer over a workspace snapshot's files.</summary>
    public static KustomizeRenderer For(WorkspaceSnapshot workspace, CancellationToken cancellation = default) => new(workspace.Root, workspace.FileSystem, workspace.Files, cancellation);

    /// <summary>
    /// Renders the kustomization in <paramref name="directory"/> as <c>kubectl kustomize</c> would. With
    /// <see cref="LoadRestriction.RootOnly"/> (kustomize's default) files outside the folder are refused;
    /// <see cref="LoadRestriction.RepositoryRoot"/> allows the whole repository, as Flux does.
    /// </summary>
    public RenderResult Render(string directory, LoadRestriction restriction = LoadRestriction.RootOnly)
    {
        var context = NewContext(restriction);
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        if (!RepositoryPaths.IsInside(RepositoryRoot, full))
        {
            context.Add(Diagnostics.CoreDiagnostics.PathOutsideRepository, null, $"'{directory}' is outside the repository {RepositoryRoot}; it is not read.");
            return new RenderResult([], context.Diagnostics) { SourceOf = context.Inputs.SourceOf, DependencyFiles = context.Inputs.Dependencies };
        }

        var accumulation = new KustomizationBuild(context).Build(full, null);
        return Finish(context, accumulation);
    }

    /// <summary>Renders a Flux Kustomization (kustomize.toolkit.fluxcd.io) of a workspace file.</summary>
    public RenderResult RenderFlux(WorkspaceFile file, Manifests.Manifest fluxKustomization) =>
        new FluxKustomizationRenderer(this, RepositoryObjectsNamed).Render(file, fluxKustomization);

    /// <summary>Renders every Flux Kustomization in a file, objects one after the other.</summary>
    public RenderResult RenderFluxFile(string path)
    {
        var file = _files?.GetValueOrDefault(path) ?? WorkspaceFile.Load(_fileSystem, path, RepositoryRoot);
        var objects = new List<RenderedObject>();
        var diagnostics = new List<RenderDiagnostic>();
        Func<string, Text.SourceText?> sources = p => p == path ? file.Source : null;
        foreach (var manifest in file.Manifests.Where(m => m.IsFluxKustomization))
        {
            var result = RenderFlux(file, manifest);
            objects.AddRange(result.Objects);
            diagnostics.AddRange(result.Diagnostics);
            var previous = sources;
            sources = p => previous(p) ?? result.SourceOf(p);
        }

        return new RenderResult(objects, diagnostics) { SourceOf = sources };
    }

    /// <summary>
    /// The repository's objects (the workspace's, or the repository loaded once) of a kind and name, for Flux
    /// substituteFrom, in the repository's order, from an index made once per map of files
    /// and shared by every Flux Kustomization rendered from it: each one's substituteFrom read every object of the
    /// repository, which grew with the Flux Kustomizations times the objects (1,000 over 10,000 objects: 10 % of the check's CPU).
    /// </summary>
    private IEnumerable<(WorkspaceFile File, Manifests.Manifest Manifest)> RepositoryObjectsNamed(string? kind, string? name)
    {
        var files = _files ?? (_loadedRepository ??= WorkspaceLoader.Load(RepositoryRoot, _fileSystem).Files);
        return ObjectsByName.GetValue(files, static files =>
        {
            Interlocked.Increment(ref s_objectIndexBuilds);
            return files.Values.SelectMany(f => f.Manifests.Select(m => (f, m))).ToLookup(o => (o.m.Kind, o.m.Name));
        })[(kind, name)];
    }

    private static int s_objectIndexBuilds;

    /// <summary>How many indexes of the repository's objects by name were made in this process (tests prove the roots of a snapshot share one).</summary>
    internal static int ObjectIndexBuilds => Volatile.Read(ref s_objectIndexBuilds);

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IReadOnlyDictionary<string, WorkspaceFile>, ILookup<(string?, string?), (WorkspaceFile, Manifests.Manifest)>> ObjectsByName = new();

    private IReadOnlyDictionary<string, WorkspaceFile>? _loadedRepository;

    internal RenderContext NewContext(LoadRestriction restriction) => new(new RenderInputs(RepositoryRoot, _fileSystem, _files), restriction) { Cancellation = _cancellation };

    /// <summary>What kustomize does once, at the outermost kustomization: content hashes, then reference fix-ups, then ordering.</summary>
    internal static RenderResult Finish(RenderContext context, Accumulation accumulation)
    {
        foreach (var generated in accumulation.Objects.Where(o => o.NeedsHashSuffix))
        {
            var metadata = generated.Root.Map("metadata")!;
            var name = (RenderScalar)metadata["name"]!;
            metadata.Set("name", RenderScalar.String(name.Value + "-" + ContentHash.Of(generated), name.Source));
            generated.NeedsHashSuffix = false;
            generated.RememberId();
        }

        NameReferences.Fix(accumulation.Config, accumulation.Objects, context.Cancellation);
        context.Cancellation.ThrowIfCancellationRequested();
        return new RenderResult(ResourceOrder.Sort(accumulation.Objects, accumulation.SortOptions), context.Diagnostics) { SourceOf = context.Inputs.SourceOf, DependencyFiles = context.Inputs.Dependencies, Deletions = context.Deletions };
    }
}
