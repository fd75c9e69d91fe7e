using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using GitOpsAi.Core.Analysis;
using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Text;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Kustomize;

/// <summary>
/// Runs the schema, rule and Kyverno checks on what the cluster gets: every render root is rendered, each rendered
/// object is written out with a source map and checked like a file, and each finding is taken back to the line that
/// caused it (a base line, a patch line, a kustomization entry), naming the overlays it appears in. Renders are cached
/// per root and redone only when a file they read changed. A file's findings come from the roots that read it only, so
/// a keystroke in a 50,000-object repository checks the roots that include the edited file and merges their findings,
/// not every root's (issue 13); <see cref="Reported"/> merges every root's when something asks for all of them.
/// </summary>
internal sealed class RenderedAnalysis
{
    private static readonly ConditionalWeakTable<WorkspaceSnapshot, RenderedAnalysis> BySnapshot = new();
    private static readonly RecentRootCaches<CachedRoot> ByRootFile = new();

    /// <summary>The roots depend on the structure only (an edit that keeps the structure index keeps every root's files).</summary>
    private static readonly ConditionalWeakTable<StructureIndex, IReadOnlyList<RenderRoot>> RootsByStructure = new();
    private static readonly ConditionalWeakTable<WorkspaceSnapshot, IReadOnlyList<WorkspaceFile>> PolicyFilesBySnapshot = new();

    private readonly WorkspaceSnapshot _workspace;
    private readonly IReadOnlyList<IFileAnalyzer> _checks;

    // Made once, under a lock: files are analysed in parallel, and each root must be checked once per snapshot, not once
    // per thread. Not a Lazy, which would keep a cancellation as its value: an editor cancels this when the user types on.
    private readonly Lock _rootsGate = new();
    private RootReaders? _roots;
    private readonly ConcurrentDictionary<RenderRoot, Lazy<IReadOnlyList<(string Path, Diagnostic Diagnostic, RenderedProvenance? Object)>>> _rootFindings = new();
    private readonly ConcurrentDictionary<string, IReadOnlyList<Diagnostic>> _byFile = new(StringComparer.Ordinal);
    private readonly Lazy<IReadOnlyList<ReportedFinding>> _reported;

    private RenderedAnalysis(WorkspaceSnapshot workspace, IReadOnlyList<IFileAnalyzer> checks)
    {
        _workspace = workspace;
        _checks = checks;
        _reported = new Lazy<IReadOnlyList<ReportedFinding>>(
            () => _withoutProvenance
                ? new RenderedAnalysis(workspace, checks).Reported // checked without provenance (RootChecks): checked again with it
                : Merge(Roots(asked: null, CancellationToken.None).Roots, path: null, CancellationToken.None).Select(f => new ReportedFinding(f.Path, f.Diagnostic, f.Objects)).ToList(),
            LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>How many roots had their rendered objects checked on this thread (tests prove an edit checks only its readers).</summary>
    [ThreadStatic]
    internal static int RootsCheckedOnThisThread;

    /// <summary>How many root findings were read to merge a file's findings on this thread (tests prove it does not grow with the root's files).</summary>
    [ThreadStatic]
    internal static int FindingsMergedOnThisThread;

    /// <summary>How many merged findings had their message (naming their overlays) made on this thread (tests).</summary>
    [ThreadStatic]
    internal static int MessagesMadeOnThisThread;

    /// <summary>How many rendered objects were checked on this thread (tests prove an edit re-checks only the objects it changed).</summary>
    [ThreadStatic]
    internal static int ObjectsCheckedOnThisThread;

    /// <summary>How many roots' checks are kept for later snapshots of the file system of <paramref name="workspace"/> (tests).</summary>
    internal static int ChecksKeptFor(WorkspaceSnapshot workspace) => ByRootFile.For(workspace).Count;

    public static RenderedAnalysis For(WorkspaceSnapshot workspace, IReadOnlyList<IFileAnalyzer> checks, CancellationToken cancellationToken) =>
        BySnapshot.GetValue(workspace, w => new RenderedAnalysis(w, checks));

    /// <summary>
    /// The rendered-output findings whose cause is in <paramref name="path"/>: from the roots whose render read it, their
    /// build errors (<see cref="RenderErrors"/>) first. Cancellable between roots (the renders and checks done so far are kept for the next call).
    /// </summary>
    /// <param name="sourceFindings">
    /// The file's own findings: in a run that checks every root once (where nothing is kept for another caller), a finding
    /// the source reports at its place is left out before its message is made. At 50,000 resources 61,250 of the 62,000
    /// merged findings were, and making their messages (the overlays' names joined) was 45 of the merge's 66 MB.
    /// </param>
    public IReadOnlyList<Diagnostic> FindingsIn(string path, CancellationToken cancellationToken = default, List<Diagnostic>? sourceFindings = null)
    {
        if (_byFile.TryGetValue(path, out var known))
        {
            return known;
        }

        IReadOnlyList<Diagnostic> found = Roots(path, cancellationToken).Readers.TryGetValue(path, out var readers)
            ? RenderErrors.In(readers, root => BuildErrorsOf(root, cancellationToken, FitsRecentRoots(readers.Count)), path, cancellationToken)
                .Concat(Merge(readers, path, cancellationToken, _everyRootOnce ? sourceFindings : null).Select(f => f.Diagnostic)).ToList()
            : [];

        // A run that analyses every file once asks once per file: most merged findings are also the source's (dropped by
        // the file's analysis), and keeping them all to the end was 60,000 findings at 50,000 resources.
        return _everyRootOnce ? found : _byFile.GetOrAdd(path, found);
    }

    /// <param name="asked">The file whose findings are asked (null: every root's), see <see cref="PathsReadBy"/>.</param>
    private RootReaders Roots(string? asked, CancellationToken cancellationToken)
    {
        lock (_rootsGate)
        {
            return _roots ??= ReadRoots(asked, cancellationToken);
        }
    }

    /// <summary>Every rendered-output finding as reported, with the rendered objects (of every root) it was found in.</summary>
    public IReadOnlyList<ReportedFinding> Reported => _reported.Value;

    /// <summary>The roots in order, and for each file the roots whose render read it (renders are cached across snapshots).</summary>
    private RootReaders ReadRoots(string? asked, CancellationToken cancellationToken)
    {
        var roots = AllRoots();
        if (Carried(roots, asked, cancellationToken) is { } carried)
        {
            return carried;
        }

        var readers = new Dictionary<string, List<RenderRoot>>(StringComparer.Ordinal);
        var reads = new Dictionary<RenderRoot, string[]>(ReferenceEqualityComparer.Instance);
        var keep = KeepsRendersForReads(roots);
        foreach (var root in roots)
        {
            cancellationToken.ThrowIfCancellationRequested();
            reads[root] = PathsReadBy(root, asked, keep, cancellationToken);
            foreach (var path in reads[root])
            {
                if (!readers.TryGetValue(path, out var list))
                {
                    readers[path] = list = [];
                }

                list.Add(root);
            }
        }

        return new RootReaders(roots, readers, reads);
    }

    /// <summary>The workspace's render roots, in order (they depend on the structure only).</summary>
    private IReadOnlyList<RenderRoot> AllRoots() => RootsByStructure.GetValue(_workspace.Structure, _ => RenderRoots.Of(_workspace));

    /// <summary>
    /// The paths <paramref name="root"/> reads. In an editor, a root rendered to learn what it reads is checked at once
    /// when it reads the <paramref name="asked"/> file (whose findings are its findings), from that render: a render not
    /// kept was otherwise made again for its findings a moment later (the Component 400 overlays use: 400 renders for
    /// nothing, a third of the pause's full analysis).
    /// </summary>
    private string[] PathsReadBy(RenderRoot root, string? asked, bool keep, CancellationToken cancellationToken)
    {
        IEnumerable<string> paths;
        if (!_everyRootOnce && RootRenders.ReadsOf(_workspace, root) is null)
        {
            var render = RootRenders.Get(_workspace, root, keep, cancellationToken, onlyForReads: true);
            paths = render.DependencyFiles.Keys; // what FilesReadBy would give: the reads this render just recorded
            if (asked is null || asked == root.KeyFile.Path || render.DependencyFiles.ContainsKey(asked))
            {
                try
                {
                    _ = FindingsOf(root, cancellationToken, keep, keep ? null : render);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // A defect in the root's checks is reported where its findings are asked (the Lazy keeps it), not here.
                }
            }
        }
        else
        {
            paths = RootRenders.FilesReadBy(_workspace, root, keep, cancellationToken);
        }

        return paths.Append(root.KeyFile.Path).Distinct(StringComparer.Ordinal).ToArray();
    }

    /// <summary>
    /// Whether the renders and checks one question makes of <paramref name="roots"/> roots are kept among the recent roots
    /// (<see cref="RecentRootCaches{TValue}"/>): not when they outnumber those caches. Asked in the same order at the next
    /// pause, each would have been evicted before its turn, so none was ever reused; and each lived long enough to be
    /// promoted before it died. Editing the Component 400 overlays use at 50k, the pause's full analysis was 4.0-4.5 s, of
    /// which 1.5-2.0 s GC pauses (a gen2 collection promoted 511 MB), the server at 574-615 MiB.
    /// </summary>
    private static bool FitsRecentRoots(int roots) => roots <= RecentRootCaches<CachedRoot>.RootsKept;

    /// <summary>
    /// Whether the renders made to learn what <paramref name="roots"/> read are kept (<see cref="FitsRecentRoots"/>, for
    /// those whose reads no longer hold). Always in a run that checks every root once, whose root checks take the renders
    /// the files' questions made.
    /// </summary>
    private bool KeepsRendersForReads(IReadOnlyList<RenderRoot> roots) =>
        _everyRootOnce || FitsRecentRoots(roots.Count(root => RootRenders.ReadsOf(_workspace, root) is null));

    /// <summary>
    /// The previous snapshot's readers, when it had the same roots and paths: only the roots that read a changed file
    /// are asked again (a keystroke renders them anyway), not every root of the repository.
    /// </summary>
    private RootReaders? Carried(IReadOnlyList<RenderRoot> roots, string? asked, CancellationToken cancellationToken)
    {
        if (_workspace.Lineage is not { } lineage || !lineage.TryGetPrevious(out var previous) || !ReferenceEquals(previous.FilesEpoch, _workspace.FilesEpoch)
            || !BySnapshot.TryGetValue(previous, out var before) || before._roots is not { } carried || !ReferenceEquals(carried.Roots, roots))
        {
            return null;
        }

        var affected = lineage.ChangedPaths.SelectMany(path => carried.Readers.GetValueOrDefault(path) ?? []).Distinct().ToList();
        var keep = KeepsRendersForReads(affected);
        Dictionary<string, List<RenderRoot>>? readers = null;
        Dictionary<RenderRoot, string[]>? reads = null;
        foreach (var root in affected)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var now = PathsReadBy(root, asked, keep, cancellationToken);
            var then = carried.Reads[root];
            if (now.SequenceEqual(then, StringComparer.Ordinal))
            {
                continue;
            }

            // Copied on first write: the previous snapshot's maps are shared, never changed.
            readers ??= new Dictionary<string, List<RenderRoot>>(carried.Readers, StringComparer.Ordinal);
            reads ??= new Dictionary<RenderRoot, string[]>(carried.Reads, ReferenceEqualityComparer.Instance);
            reads[root] = now;
            foreach (var path in then.Except(now, StringComparer.Ordinal))
            {
                readers[path] = readers[path].Where(r => !ReferenceEquals(r, root)).ToList();
            }

            foreach (var path in now.Except(then, StringComparer.Ordinal))
            {
                // Kept in root order, as a fresh build would list them.
                var list = readers.GetValueOrDefault(path) ?? [];
                readers[path] = list.Append(root).OrderBy(r => IndexOf(roots, r)).ToList();
            }
        }

        return readers is null ? carried : new RootReaders(roots, readers, reads!);
    }

    private static int IndexOf(IReadOnlyList<RenderRoot> roots, RenderRoot root)
    {
        for (var i = 0; i < roots.Count; i++)
        {
            if (ReferenceEquals(roots[i], root))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The roots, for each path the roots that read it, and for each root the paths it read (to carry the first).</summary>
    private sealed record RootReaders(IReadOnlyList<RenderRoot> Roots, Dictionary<string, List<RenderRoot>> Readers, Dictionary<RenderRoot, string[]> Reads);

    /// <summary>
    /// The findings of the roots (in root order) whose cause is in <paramref name="path"/> (all when null), each once, naming
    /// its overlays; without those <paramref name="reportedBySource"/> reports at their place (<see cref="ReportedPlaces"/>).
    /// </summary>
    private List<(string Path, Diagnostic Diagnostic, IReadOnlyList<RenderedProvenance> Objects)> Merge(IReadOnlyList<RenderRoot> roots, string? path, CancellationToken cancellationToken, List<Diagnostic>? reportedBySource = null)
    {
        var keep = FitsRecentRoots(roots.Count);
        ReportedPlaces? atSource = null;
        var findings = new Dictionary<(string Path, TextSpan Span, string Code), (Diagnostic Diagnostic, SortedSet<string> Overlays, List<RenderedProvenance> Objects)>();
        var order = new List<(string Path, TextSpan Span, string Code)>();
        foreach (var root in roots)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var ofRoot = FindingsOf(root, cancellationToken, keep);
            foreach (var index in (path is null ? null : FindingsOfRootIn(root, ofRoot, path)) ?? Enumerable.Range(0, ofRoot.Count))
            {
                FindingsMergedOnThisThread++;
                var (findingPath, diagnostic, rendered) = ofRoot[index];
                if (path is not null && findingPath != path)
                {
                    continue;
                }

                var key = (findingPath, diagnostic.Span, diagnostic.Code);
                if (!findings.TryGetValue(key, out var existing))
                {
                    if (reportedBySource is not null && (atSource ??= new ReportedPlaces(reportedBySource)).Reports(diagnostic.Code, diagnostic.Span))
                    {
                        findings[key] = default; // left out, for every root
                        continue;
                    }

                    findings[key] = existing = (diagnostic, new SortedSet<string>(StringComparer.Ordinal), []);
                    order.Add(key);
                }

                if (existing.Overlays is null)
                {
                    continue;
                }

                existing.Overlays.Add(root.Name);
                if (rendered is not null)
                {
                    existing.Objects.Add(rendered);
                }
            }
        }

        return order.Select(key =>
        {
            MessagesMadeOnThisThread++;
            var (diagnostic, overlays, objects) = findings[key];
            return (key.Path, diagnostic with { Message = $"{diagnostic.Message} (in {string.Join(", ", overlays)})" }, (IReadOnlyList<RenderedProvenance>)objects);
        }).ToList();
    }

    /// <summary>
    /// Where in <paramref name="ofRoot"/> (the root's findings) the findings whose cause is in <paramref name="path"/> are,
    /// in order; null for the first file that asks, which reads them all. Each file that a root reads asks for its own
    /// findings: reading every finding of the root for each of them grew with the square of a flat folder (one
    /// kustomization listing 10,000 files: 60 % of the check's CPU). Indexed from the second file on: an edit asks for
    /// the edited file only, and indexing a root's findings costs more than reading them once.
    /// </summary>
    private List<int>? FindingsOfRootIn(RenderRoot root, IReadOnlyList<(string Path, Diagnostic Diagnostic, RenderedProvenance? Object)> ofRoot, string path) =>
        _rootFindingsByPath.AddOrUpdate(root, static (_, _) => null, static (_, indexed, findings) => indexed ?? IndexByPath(findings), ofRoot) is { } byPath
            ? byPath.GetValueOrDefault(path) ?? []
            : null;

    private static Dictionary<string, List<int>> IndexByPath(IReadOnlyList<(string Path, Diagnostic Diagnostic, RenderedProvenance? Object)> findings)
    {
        var byPath = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < findings.Count; i++)
        {
            ref var indexes = ref CollectionsMarshal.GetValueRefOrAddDefault(byPath, findings[i].Path, out _);
            (indexes ??= []).Add(i);
        }

        return byPath;
    }

    private readonly ConcurrentDictionary<RenderRoot, Dictionary<string, List<int>>?> _rootFindingsByPath = new(ReferenceEqualityComparer.Instance);

    /// <summary>
    /// A root's findings, checked once per snapshot. Cancellable (an editor's analysis of a base of 10,000 objects under 15
    /// overlays renders and checks for a second, and the keystroke that cancels it waited for all of it): a cancelled
    /// check is forgotten, not kept as the root's value, and a caller that was not cancelled checks the root again.
    /// </summary>
    /// <param name="keep">False when the question asks for more roots than the recent-roots caches hold (<see cref="FitsRecentRoots"/>).</param>
    /// <param name="rendered">The root's render in this snapshot, when the caller has one that no cache keeps.</param>
    private IReadOnlyList<(string Path, Diagnostic Diagnostic, RenderedProvenance? Object)> FindingsOf(RenderRoot root, CancellationToken cancellationToken = default, bool keep = true, RenderResult? rendered = null)
    {
        while (true)
        {
            var madeHere = false;
            var findings = _rootFindings.GetOrAdd(root, r =>
            {
                madeHere = true;
                return new Lazy<IReadOnlyList<(string, Diagnostic, RenderedProvenance?)>>(
                    () =>
                    {
                        var policyFiles = PolicyFiles(_workspace);
                        if (!_everyRootOnce && FluxDocumentFindings.Carried(_workspace, r, policyFiles) is var (carried, carriedErrors))
                        {
                            _buildErrors[r] = carriedErrors;
                            return carried;
                        }

                        var found = FindingsOf(_workspace, r, rendered, _checks, policyFiles, _writtenChecks, _everyRootOnce ? _sharedFindings : null, keep: keep && !_everyRootOnce, withProvenance: !_withoutProvenance, cancellationToken, out var buildErrors);
                        _buildErrors[r] = buildErrors;
                        if (!_everyRootOnce)
                        {
                            FluxDocumentFindings.Remember(_workspace, r, found, buildErrors, policyFiles);
                        }

                        return found;
                    },
                    LazyThreadSafetyMode.ExecutionAndPublication);
            });
            try
            {
                return findings.Value;
            }
            catch (OperationCanceledException)
            {
                // Another caller's cancelled check (it made the Lazy, with its token) is not this caller's answer.
                _rootFindings.TryRemove(KeyValuePair.Create(root, findings));
                if (madeHere || cancellationToken.IsCancellationRequested)
                {
                    throw;
                }
            }
        }
    }

    /// <summary>What kustomize would refuse while building the root (<see cref="RenderErrors"/>), from the render its findings came from.</summary>
    public IReadOnlyList<RenderDiagnostic> BuildErrorsOf(RenderRoot root, CancellationToken cancellationToken = default, bool keep = true)
    {
        _ = FindingsOf(root, cancellationToken, keep);
        return _buildErrors.GetValueOrDefault(root) ?? [];
    }

    private readonly ConcurrentDictionary<RenderRoot, IReadOnlyList<RenderDiagnostic>> _buildErrors = new(ReferenceEqualityComparer.Instance);

    /// <summary>The per-object checks of objects written alike in several roots, done once.</summary>
    private readonly WrittenChecks _writtenChecks = new();

    /// <summary>
    /// In a run that checks every root once, kept until the report: a finding several roots have alike (a base line every
    /// overlay renders) is one instance, not one per root (about 120,000 copies at 50,000 resources). Made by <see cref="RootChecks"/>.
    /// </summary>
    private SharedFindings? _sharedFindings;

    /// <summary>Set by <see cref="RootChecks"/> (and so <see cref="CheckAllRoots"/>): every root is checked once, so nothing is kept for re-checks after edits.</summary>
    private volatile bool _everyRootOnce;

    /// <summary>
    /// Set by <see cref="RootChecks"/> for a run that will not ask <see cref="Reported"/> (the command line without
    /// <c>--changed-since</c>): findings keep no provenance of their objects, whose making was 4% of a 50k check's CPU.
    /// Only with <see cref="_everyRootOnce"/>, whose findings are never cached for later snapshots.
    /// </summary>
    private volatile bool _withoutProvenance;

    /// <summary>
    /// Checks every root, in parallel, each right after its render, for a run that analyses every file (the command
    /// line). Finding each file's readers first renders every root, and checking them afterwards rendered each again
    /// once the roots outnumbered the recent-roots cache (1,200 Flux roots in a 50,000-resource monorepo).
    /// </summary>
    public void CheckAllRoots(CancellationToken cancellationToken) =>
        Parallel.ForEach(RootChecks(), new ParallelOptions { CancellationToken = cancellationToken }, check => check());

    /// <summary>
    /// <see cref="CheckAllRoots"/> as one piece of work per root, for a caller that runs them on the same cores as other
    /// work (<see cref="Analysis.Analyzer.AnalyzeAll"/>: the files' own checks, while the largest roots are still checked).
    /// </summary>
    /// <param name="withProvenance">False when <see cref="Reported"/> will not be asked (it then checks every root again).</param>
    public IEnumerable<Action> RootChecks(bool withProvenance = true)
    {
        _sharedFindings ??= new SharedFindings();
        _everyRootOnce = true;
        _withoutProvenance = !withProvenance;
        return InRenderOrder(AllRoots()).Select(root => (Action)(() =>
        {
            try
            {
                _ = FindingsOf(root);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // A defect in one root's render or checks must not stop the run: the files that read the root ask for the
                // same (remembered) result during their own analysis, where it becomes an internal-error finding.
                _ = exception;
            }
        })).ToList();
    }

    /// <summary>
    /// The roots with the overlays of one base next to each other (by the folder above the rendered one: dev, staging and
    /// prod of an app), so the renders of an object are checked close together and what is remembered of them (the secret
    /// classifications of its values, RememberedVerdicts.Answer) is still there. Only the order of the work: findings are
    /// merged in root order.
    /// </summary>
    private static IEnumerable<RenderRoot> InRenderOrder(IReadOnlyList<RenderRoot> roots) =>
        roots.Select((root, index) => (root, index)).OrderBy(r => Path.GetDirectoryName(RenderedFolder(r.root)) ?? "", StringComparer.Ordinal).ThenBy(r => r.index).Select(r => r.root);

    private static string RenderedFolder(RenderRoot root) =>
        (root.Directory ?? root.Flux?.Spec?.GetString("path") ?? "").Replace('\\', '/').TrimStart('.', '/').TrimEnd('/');

    /// <param name="render">The root's render, when the caller has one (else from <see cref="RootRenders"/>).</param>
    /// <param name="keep">False in a run that checks every root once: neither the render nor the findings wait in the recent-roots caches for an edit.</param>
    /// <param name="withProvenance">False when no finding needs its objects' provenance (only where <paramref name="keep"/> is false).</param>
    private static IReadOnlyList<(string Path, Diagnostic Diagnostic, RenderedProvenance? Object)> FindingsOf(WorkspaceSnapshot workspace, RenderRoot root, RenderResult? render, IReadOnlyList<IFileAnalyzer> checks, IReadOnlyList<WorkspaceFile> policyFiles, WrittenChecks writtenChecks, SharedFindings? shared, bool keep, bool withProvenance, CancellationToken cancellationToken, out IReadOnlyList<RenderDiagnostic> buildErrors)
    {
        var result = render ?? RootRenders.Get(workspace, root, keep, cancellationToken);
        buildErrors = RenderErrors.OnlyARenderFinds(result.Diagnostics);
        var byRootFile = ByRootFile.For(workspace);
        var cached = byRootFile.TryGetValue(RootRenders.KeyOf(root), out var entry) ? entry : null;
        if (cached is not null && cached.IsValidFor(workspace, result, policyFiles))
        {
            return cached.Findings;
        }

        // Re-checked because a file it reads changed (someone is typing in it): the objects the edit did not change are
        // written as before, and their checks are taken from the last check of this root instead of being run again.
        // Only such roots keep their objects' checks, so the memory is that of the roots being edited, not every root's.
        // Reused only while the sources are placed alike (a written object's checks also look at other objects' namespaces).
        var sameChecks = cached is not null && cached.SameChecksAs(workspace, policyFiles) && cached.SamePlacement(workspace);
        var reusable = sameChecks ? cached!.ChecksByText : null;
        var checksByText = cached is not null ? new Dictionary<(string, string), IReadOnlyList<Diagnostic>>() : null;
        RootsCheckedOnThisThread++;
        var findings = new List<(string, Diagnostic, RenderedProvenance?)>();

        // Cross-object rules look the root's rendered siblings up (a prefixed or hashed name, a deleted object), so they
        // run on every rendered object, as written or not: what it refers to may be what the overlay changed. Not when
        // the render is the resource files as written: the sources' own findings are then exactly these.
        var needsSiblings = !RenderedSiblings.SameAsSources(workspace, result);
        // The source maps of all the root's objects go one after the other into one list per thread, taken for this root
        // (a check it runs may render another root on this thread): a list per object grew through 128, 256, 512 entries
        // (0.7 GB of a 50,000-resource check), and an array per object (0.2 GB) was made even for those with no finding.
        // A root of tens of thousands of objects goes on in further lists of SourceMapChunk entries: one list doubled to a
        // 100 MB array (a kustomization listing 50,000 files), with the arrays it outgrew left on the large object heap.
        var scratch = SourceMapScratch ?? new List<(TextSpan Output, SourceRef Source)>(4096);
        SourceMapScratch = null;
        scratch.Clear();
        var sourceMaps = scratch;
        var written = result.Objects.Select(rendered =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (sourceMaps.Count > SourceMapChunk * 3 / 4)
            {
                sourceMaps = new List<(TextSpan Output, SourceRef Source)>(SourceMapChunk);
            }

            var start = sourceMaps.Count;

            // Asked once per object (it walks the object's nodes up to the first one the render changed): asking again
            // when checking it was 1.4% of a 50k check's CPU.
            var asWritten = rendered.IsAsWritten;
            if (asWritten && !needsSiblings)
            {
                return (File: (Yaml.YamlFile?)null, Fingerprint: (TextFingerprint?)null, SourceMap: (List: sourceMaps, Start: start, Count: 0), AsWritten: true);
            }

            // Each object's parse tree is built as it is written: reading 200 objects back per root was most of a render's
            // check. A run that checks every root once makes an object's text only if a check asks for it (the written-checks
            // memo, while it remembers, gets the text's fingerprint from the writer); a root kept for edits compares its
            // objects' texts with the next render's, so it keeps them.
            var (file, fingerprint) = RenderWriter.WriteFile(rendered, sourceMaps, textOnDemand: !keep, fingerprint: !keep && !writtenChecks.IsIdle);
            return (File: file, Fingerprint: fingerprint, SourceMap: (List: sourceMaps, Start: start, Count: sourceMaps.Count - start), AsWritten: asWritten);
        }).ToList();

        var files = needsSiblings ? written.ConvertAll(w => w.File!) : null;
        var siblings = files is not null ? RenderedSiblings.Build(workspace, result, files, sameChecks ? cached!.Siblings : null, rememberFindings: keep && cached is not null) : null;
        var deletions = files is not null ? DeletionCauses.For(workspace, result, files) : null;
        // One list for every object's raw findings: they are taken back to their sources before the next object's.
        var raw = new List<Diagnostic>();
        for (var i = 0; i < result.Objects.Count; i++)
        {
            // Between objects only: an object's checks run to the end, so what the memos keep of them is never a part.
            cancellationToken.ThrowIfCancellationRequested();
            var rendered = result.Objects[i];
            var mapAt = written[i].SourceMap;
            raw.Clear();
            if (!written[i].AsWritten)
            {
                // The object as its siblings view holds it (an object not as written means the view exists).
                var file = siblings!.Files[i];
                var key = checksByText is not null ? (rendered.Origin.Path, file.Source.Text) : default;
                if (reusable is null || !reusable.TryGetValue(key, out var checkedBefore))
                {
                    checkedBefore = writtenChecks.Get(workspace, file, rendered.Origin.Path, written[i].Fingerprint, (workspace, file, checks), static s => Check(s.workspace, s.file, s.checks, CancellationToken.None));
                }

                checksByText?.TryAdd(key, checkedBefore);
                raw.AddRange(checkedBefore);
            }

            var fromSiblings = siblings?.FindingsOf(i, CancellationToken.None) ?? [];
            raw.AddRange(fromSiblings);
            RenderedProvenance? provenance = null;

            // Read in place from the root's list (nothing writes to it once the objects are written): a copy of each
            // object's map was 130 MB of a 50,000-resource check.
            var sourceMap = CollectionsMarshal.AsSpan(mapAt.List).Slice(mapAt.Start, mapAt.Count);
            foreach (var finding in raw)
            {
                var deletionCause = deletions is not null && fromSiblings.Contains(finding) ? deletions.CauseOf(i, finding, CancellationToken.None) : null;
                var (path, diagnostic) = MapBack(rendered, finding, sourceMap, deletionCause);

                // A finding keeps the object's provenance, not its render tree (kept by every root's findings until the report).
                findings.Add((path, shared?.Share(diagnostic) ?? diagnostic, withProvenance || keep ? provenance ??= RenderedProvenance.Of(rendered) : null));
            }
        }

        scratch.Clear(); // the scratch list keeps no paths alive
        SourceMapScratch = scratch.Capacity <= MaxCachedSourceMaps ? scratch : null;

        // Only roots checked again after an edit keep their siblings view (like their objects' checks): the roots being
        // edited, not every root.
        // Nor do the Flux Kustomizations that keep their findings by their document (see RootRenders.Get).
        if (!keep || result.ReadsOnlyItsFluxDocument)
        {
            return findings;
        }

        byRootFile.Set(RootRenders.KeyOf(root), new CachedRoot(workspace, result, policyFiles, findings, checksByText, cached is not null ? siblings?.Detached() : null));
        return findings;
    }

    [ThreadStatic]
    private static List<(TextSpan Output, SourceRef Source)>? SourceMapScratch;

    private const int MaxCachedSourceMaps = 1 << 16; // 1.5 MB: a root of a few hundred objects

    /// <summary>Entries of a further source-map list of a large root: 768 KB, under the large object heap's threshold (1 MB, the CLI's runtimeconfig).</summary>
    private const int SourceMapChunk = 1 << 15;

    /// <summary>Checks one rendered object, written out (its file in the siblings view), as a file of its own: the findings at their place in that text.</summary>
    private static IReadOnlyList<Diagnostic> Check(WorkspaceSnapshot workspace, WorkspaceFile file, IReadOnlyList<IFileAnalyzer> checks, CancellationToken cancellationToken)
    {
        ObjectsCheckedOnThisThread++;
        var diagnostics = new List<Diagnostic>();

        // Every fix is dropped when the findings are taken back to their sources (MapBack): none is made.
        // The cross-object rules' findings are dropped below, so they are not run (they looked the whole workspace up for
        // every rendered object: a tenth of the rendered checks at 10,000 resources).
        var context = new FileAnalysisContext(workspace, file, diagnostics, cancellationToken) { WantsFixes = false, SkippedRules = CrossObjectRules, KnownRole = workspace.Structure.RoleOf(file.Path) };
        foreach (var check in checks)
        {
            check.Analyze(context);
        }

        // Filtered in place (a list and an iterator per rendered object otherwise); the list is this check's own.
        diagnostics.RemoveAll(static d => d.Severity > DiagnosticSeverity.Warning || CrossObjectRules.Contains(d.Code));
        return diagnostics;
    }

    /// <summary>
    /// A finding of a written object taken back through the source map to the line that caused it, or to the
    /// <c>$patch: delete</c> whose deletion it exists for (<paramref name="deletionCause"/>).
    /// </summary>
    private static (string Path, Diagnostic Diagnostic) MapBack(RenderedObject rendered, Diagnostic diagnostic, ReadOnlySpan<(TextSpan Output, SourceRef Source)> sourceMap, SourceRef? deletionCause)
    {
        var source = deletionCause ?? SourceAt(sourceMap, diagnostic.Span) ?? rendered.Origin;
        return (source.Path, diagnostic with { Span = source.Span, Fixes = [] });
    }

    /// <summary>
    /// Rules that look other objects up (references, dangling selectors, PDB and HPA pairings, Flux sources). The checks
    /// above see only the source workspace, not the rendered siblings (a substituted name would not be found), so none of
    /// these runs there: the ones in <see cref="RenderedSiblings.Rules"/> run against the root's rendered siblings
    /// instead, the others on the sources only, where they see the whole repository.
    /// </summary>
    private static readonly HashSet<string> CrossObjectRules = new(StringComparer.Ordinal)
    {
        "flux-source-not-found", "flux-tenant-service-account", "dangling-service", "dangling-hpa", "dangling-pdb",
        "dangling-network-policy", "dangling-ingress", "dangling-service-monitor", "flagger-canary-target-not-found",
        "non-existent-service-account", "non-existent-configmap", "non-existent-secret", "binding-allows-pod-exec",
        "cluster-admin-binding", "deployment-missing-replicas", "pdb-min-available-too-high", "missing-pod-disruption-budget",
        "missing-network-policy", "mismatching-selector", "invalid-target-ports", "automount-service-account-token",
        "hpa-min-replicas",
    };

    /// <summary>How many written pieces were read to take findings back on this thread (tests: not every piece after the finding).</summary>
    [ThreadStatic]
    internal static int SourcePiecesReadOnThisThread;

    /// <summary>
    /// The source of the smallest written piece that holds the finding's start. The writer maps each piece once it is
    /// written, so the pieces come by their end, in order: those ending before the start are skipped by a binary search
    /// (read one by one, they were about half of taking a finding back, 1-2% of the 50k check's CPU).
    /// </summary>
    private static SourceRef? SourceAt(ReadOnlySpan<(TextSpan Output, SourceRef Source)> sourceMap, TextSpan span)
    {
        var low = 0;
        var high = sourceMap.Length;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (sourceMap[middle].Output.End < span.Start)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        SourceRef? best = null;
        var bestLength = int.MaxValue;
        foreach (var (output, source) in sourceMap[low..])
        {
            SourcePiecesReadOnThisThread++;
            if (output.ContainsOrTouches(span.Start) && output.Length < bestLength && !(output.End == span.Start && span.Length > 0))
            {
                best = source;
                bestLength = output.Length;
            }

            if (output.Start <= span.Start && span.Start < output.End)
            {
                // The first piece that holds the start inside it: the pieces are nested or apart, so the ones after it are
                // the pieces around it (no smaller) or lie after the start. Reading on to the object's end made taking a
                // finding back grow with what was written after it (2.9 % of a 50k check's samples, 0.1 % after).
                break;
            }
        }

        return best;
    }

    /// <summary>A root's findings and what they were computed from (the same render, rules, schemas and policies).</summary>
    private sealed class CachedRoot(WorkspaceSnapshot workspace, RenderResult render, IReadOnlyList<WorkspaceFile> policyFiles, List<(string, Diagnostic, RenderedProvenance?)> findings, Dictionary<(string, string), IReadOnlyList<Diagnostic>>? checksByText, RenderedSiblings.View? siblings)
    {
        private readonly RenderedCheckInputs _checkedWith = new(workspace, policyFiles);

        // The rendered siblings are the source snapshot with the root's files replaced: the rest is placed by the
        // inclusion graph, which a kustomization edit anywhere can change (another root now includes an object).
        private readonly InclusionGraph _graph = InclusionGraph.For(workspace);

        public List<(string, Diagnostic, RenderedProvenance?)> Findings { get; } = findings;

        /// <summary>The checks of each written object (by origin path and text), kept for roots re-checked after an edit.</summary>
        public Dictionary<(string, string), IReadOnlyList<Diagnostic>>? ChecksByText { get; } = checksByText;

        /// <summary>The root's siblings view with each rendered object's sibling-aware findings, kept for roots re-checked after an edit.</summary>
        public RenderedSiblings.View? Siblings { get; } = siblings;

        public bool IsValidFor(WorkspaceSnapshot current, RenderResult currentRender, IReadOnlyList<WorkspaceFile> currentPolicyFiles) =>
            ReferenceEquals(currentRender, render) && SameChecksAs(current, currentPolicyFiles) && SamePlacement(current);

        /// <summary>The sources are placed alike (a written object's checks also look at the other objects' namespaces).</summary>
        public bool SamePlacement(WorkspaceSnapshot current) => InclusionGraph.For(current).PlacesAlike(_graph);

        /// <summary>The same rules, schemas and policies: an object written the same way gets the same findings.</summary>
        public bool SameChecksAs(WorkspaceSnapshot current, IReadOnlyList<WorkspaceFile> currentPolicyFiles) => _checkedWith.AreSameIn(current, currentPolicyFiles);
    }

    /// <summary>
    /// Files whose policies, Namespaces or objects read by policy context entries change how other objects are checked:
    /// computed once per snapshot, and carried from the previous snapshot when the changed file is none of them, before
    /// or after the change.
    /// </summary>
    private static IReadOnlyList<WorkspaceFile> PolicyFiles(WorkspaceSnapshot workspace) =>
        PolicyFilesBySnapshot.GetValue(workspace, w =>
            SnapshotLineage.Carried(w, PolicyFilesBySnapshot, f => Kyverno.KyvernoPolicies.AffectsOtherFiles(f, w), needsSameStructure: false)
            ?? w.Files.Values.Where(f => Kyverno.KyvernoPolicies.AffectsOtherFiles(f, w)).OrderBy(f => f.Path, StringComparer.Ordinal).ToList());
}

/// <summary>
/// One instance of each finding that several roots have alike, kept by the thread that checks them. Not one table for
/// every thread: adding to a concurrent dictionary takes a lock, and waiting for it was 4-5 % of a 50k check's samples
/// (81 % of the adds' time). The overlays of a base are checked next to each other, mostly on one thread, so a finding
/// is at most one instance per thread; equal findings are interchangeable (the report merges them by value).
/// </summary>
internal sealed class SharedFindings
{
    private readonly ThreadLocal<Dictionary<Diagnostic, Diagnostic>> _byThread = new(static () => new Dictionary<Diagnostic, Diagnostic>(1024, DiagnosticComparer.Instance));

    /// <summary>The instance of <paramref name="diagnostic"/> this thread shares: an equal one seen before, else this one.</summary>
    public Diagnostic Share(Diagnostic diagnostic)
    {
        ref var known = ref CollectionsMarshal.GetValueRefOrAddDefault(_byThread.Value!, diagnostic, out var exists);
        if (!exists)
        {
            known = diagnostic;
        }

        return known!;
    }
}

/// <summary>A rendered-output finding as reported (at its cause, naming the overlays) and the rendered objects that have it.</summary>
internal sealed record ReportedFinding(string Path, Diagnostic Diagnostic, IReadOnlyList<RenderedProvenance> Objects);

/// <summary>
/// Adds to a file the findings that exist only in rendered output and whose cause is in this file: what kustomize would
/// refuse while building a root that reads it (<see cref="RenderErrors"/>), and what the checks find in the objects.
/// </summary>
internal sealed class RenderedOutputAnalyzer(IReadOnlyList<IFileAnalyzer> checks) : IFileAnalyzer
{
    public void Analyze(FileAnalysisContext context)
    {
        var rendered = RenderedAnalysis.For(context.Workspace, checks, context.CancellationToken).FindingsIn(context.File.Path, context.CancellationToken, context.Diagnostics);
        if (rendered.Count == 0)
        {
            return;
        }

        var reported = new ReportedPlaces(context.Diagnostics);
        foreach (var finding in rendered)
        {
            // Already reported on the source: the same check at the same place says it once.
            if (!reported.Reports(finding.Code, finding.Span))
            {
                context.Diagnostics.Add(finding);
                reported.Add(finding);
            }
        }
    }
}
