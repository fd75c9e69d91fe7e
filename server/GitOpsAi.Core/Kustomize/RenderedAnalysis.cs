using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
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

    // Lazy: files are analysed in parallel, and each root must be checked once per snapshot, not once per thread.
    private readonly Lazy<(IReadOnlyList<RenderRoot> Roots, Dictionary<string, List<RenderRoot>> Readers)> _roots;
    private readonly ConcurrentDictionary<RenderRoot, Lazy<IReadOnlyList<(string Path, Diagnostic Diagnostic, RenderedObject Object)>>> _rootFindings = new();
    private readonly ConcurrentDictionary<string, IReadOnlyList<Diagnostic>> _byFile = new(StringComparer.Ordinal);
    private readonly Lazy<IReadOnlyList<ReportedFinding>> _reported;

    private RenderedAnalysis(WorkspaceSnapshot workspace, IReadOnlyList<IFileAnalyzer> checks)
    {
        _workspace = workspace;
        _checks = checks;
        _roots = new Lazy<(IReadOnlyList<RenderRoot>, Dictionary<string, List<RenderRoot>>)>(ReadRoots, LazyThreadSafetyMode.ExecutionAndPublication);
        _reported = new Lazy<IReadOnlyList<ReportedFinding>>(
            () => Merge(_roots.Value.Roots, path: null).Select(f => new ReportedFinding(f.Path, f.Diagnostic, f.Objects)).ToList(), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>How many roots had their rendered objects checked on this thread (tests prove an edit checks only its readers).</summary>
    [ThreadStatic]
    internal static int RootsCheckedOnThisThread;

    /// <summary>How many rendered objects were checked on this thread (tests prove an edit re-checks only the objects it changed).</summary>
    [ThreadStatic]
    internal static int ObjectsCheckedOnThisThread;

    public static RenderedAnalysis For(WorkspaceSnapshot workspace, IReadOnlyList<IFileAnalyzer> checks, CancellationToken cancellationToken) =>
        BySnapshot.GetValue(workspace, w => new RenderedAnalysis(w, checks));

    /// <summary>The rendered-output findings whose cause is in <paramref name="path"/>: from the roots whose render read it.</summary>
    public IReadOnlyList<Diagnostic> FindingsIn(string path) =>
        _byFile.GetOrAdd(path, p => _roots.Value.Readers.TryGetValue(p, out var readers) ? Merge(readers, p).Select(f => f.Diagnostic).ToList() : []);

    /// <summary>Every rendered-output finding as reported, with the rendered objects (of every root) it was found in.</summary>
    public IReadOnlyList<ReportedFinding> Reported => _reported.Value;

    /// <summary>The roots in order, and for each file the roots whose render read it (renders are cached across snapshots).</summary>
    private (IReadOnlyList<RenderRoot>, Dictionary<string, List<RenderRoot>>) ReadRoots()
    {
        var roots = RootsByStructure.GetValue(_workspace.Structure, _ => RenderRoots.Of(_workspace));
        var readers = new Dictionary<string, List<RenderRoot>>(StringComparer.Ordinal);
        foreach (var root in roots)
        {
            foreach (var path in RootRenders.FilesReadBy(_workspace, root).Append(root.KeyFile.Path).Distinct(StringComparer.Ordinal))
            {
                if (!readers.TryGetValue(path, out var list))
                {
                    readers[path] = list = [];
                }

                list.Add(root);
            }
        }

        return (roots, readers);
    }

    /// <summary>The findings of the roots (in root order) whose cause is in <paramref name="path"/> (all when null), each once, naming its overlays.</summary>
    private List<(string Path, Diagnostic Diagnostic, IReadOnlyList<RenderedObject> Objects)> Merge(IEnumerable<RenderRoot> roots, string? path)
    {
        var findings = new Dictionary<(string Path, TextSpan Span, string Code), (Diagnostic Diagnostic, SortedSet<string> Overlays, List<RenderedObject> Objects)>();
        var order = new List<(string Path, TextSpan Span, string Code)>();
        foreach (var root in roots)
        {
            var ofRoot = _rootFindings.GetOrAdd(root, r => new Lazy<IReadOnlyList<(string, Diagnostic, RenderedObject)>>(
                () => FindingsOf(_workspace, r, _checks, PolicyFiles(_workspace), CancellationToken.None), LazyThreadSafetyMode.ExecutionAndPublication)).Value;
            foreach (var (findingPath, diagnostic, rendered) in ofRoot)
            {
                if (path is not null && findingPath != path)
                {
                    continue;
                }

                var key = (findingPath, diagnostic.Span, diagnostic.Code);
                if (!findings.TryGetValue(key, out var existing))
                {
                    findings[key] = existing = (diagnostic, new SortedSet<string>(StringComparer.Ordinal), []);
                    order.Add(key);
                }

                existing.Overlays.Add(root.Name);
                existing.Objects.Add(rendered);
            }
        }

        return order.Select(key =>
        {
            var (diagnostic, overlays, objects) = findings[key];
            return (key.Path, diagnostic with { Message = $"{diagnostic.Message} (in {string.Join(", ", overlays)})" }, (IReadOnlyList<RenderedObject>)objects);
        }).ToList();
    }

    private static IReadOnlyList<(string Path, Diagnostic Diagnostic, RenderedObject Object)> FindingsOf(WorkspaceSnapshot workspace, RenderRoot root, IReadOnlyList<IFileAnalyzer> checks, IReadOnlyList<WorkspaceFile> policyFiles, CancellationToken cancellationToken)
    {
        var result = RootRenders.Get(workspace, root);
        var byRootFile = ByRootFile.For(workspace);
        var cached = byRootFile.TryGetValue(RootRenders.KeyOf(root), out var entry) ? entry : null;
        if (cached is not null && cached.IsValidFor(workspace, result, policyFiles))
        {
            return cached.Findings;
        }

        // Re-checked because a file it reads changed (someone is typing in it): the objects the edit did not change are
        // written as before, and their checks are taken from the last check of this root instead of being run again.
        // Only such roots keep their objects' checks, so the memory is that of the roots being edited, not every root's.
        var reusable = cached is not null && cached.SameChecksAs(workspace, policyFiles) && cached.SamePlacement(workspace) ? cached.ChecksByText : null;
        var checksByText = cached is not null ? new Dictionary<(string, string), IReadOnlyList<Diagnostic>>() : null;
        RootsCheckedOnThisThread++;
        var findings = new List<(string, Diagnostic, RenderedObject)>();
        var written = result.Objects.Select(rendered =>
        {
            var sourceMap = new List<(TextSpan Output, SourceRef Source)>();
            return (Text: RenderWriter.WriteWithSourceMap(rendered, sourceMap), SourceMap: sourceMap);
        }).ToList();

        // Cross-object rules look the root's rendered siblings up (a prefixed or hashed name, a deleted object), so they
        // run on every rendered object, as written or not: what it refers to may be what the overlay changed.
        var (siblings, siblingFiles) = RenderedSiblings.Build(workspace, result, written.Select(w => w.Text).ToList());
        var deletions = DeletionCauses.For(workspace, result, written.Select(w => w.Text).ToList());
        for (var i = 0; i < result.Objects.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var rendered = result.Objects[i];
            var (text, sourceMap) = written[i];
            var raw = new List<Diagnostic>();
            if (!rendered.IsAsWritten)
            {
                var key = (rendered.Origin.Path, text);
                if (reusable is null || !reusable.TryGetValue(key, out var checkedBefore))
                {
                    checkedBefore = Check(workspace, rendered, text, checks, cancellationToken);
                }

                checksByText?.TryAdd(key, checkedBefore);
                raw.AddRange(checkedBefore);
            }

            var fromSiblings = RenderedSiblings.Check(siblings, siblingFiles[i], cancellationToken);
            raw.AddRange(fromSiblings);
            var index = i;
            findings.AddRange(MapBack(rendered, raw, sourceMap, d => deletions is not null && fromSiblings.Contains(d) ? deletions.CauseOf(index, d, cancellationToken) : null)
                .Select(f => (f.Path, f.Diagnostic, rendered)));
        }

        byRootFile.Set(RootRenders.KeyOf(root), new CachedRoot(workspace, result, policyFiles, findings, checksByText));
        return findings;
    }

    /// <summary>Checks one rendered object, written out, as a file of its own: the findings at their place in that text.</summary>
    private static IReadOnlyList<Diagnostic> Check(WorkspaceSnapshot workspace, RenderedObject rendered, string text, IReadOnlyList<IFileAnalyzer> checks, CancellationToken cancellationToken)
    {
        ObjectsCheckedOnThisThread++;
        var file = WorkspaceFile.FromText(rendered.Origin.Path + "#rendered", workspace.Root, text);
        var diagnostics = new List<Diagnostic>();
        var context = new FileAnalysisContext(workspace, file, diagnostics, cancellationToken);
        foreach (var check in checks)
        {
            check.Analyze(context);
        }

        return diagnostics.Where(d => d.Severity <= DiagnosticSeverity.Warning && !CrossObjectRules.Contains(d.Code)).ToList();
    }

    /// <summary>
    /// Each finding of a written object taken back through the source map to the line that caused it, or to the
    /// <c>$patch: delete</c> whose deletion it exists for (<paramref name="deletionCause"/>).
    /// </summary>
    private static IEnumerable<(string Path, Diagnostic Diagnostic)> MapBack(RenderedObject rendered, IReadOnlyList<Diagnostic> diagnostics, List<(TextSpan Output, SourceRef Source)> sourceMap, Func<Diagnostic, SourceRef?> deletionCause)
    {
        foreach (var diagnostic in diagnostics)
        {
            var source = deletionCause(diagnostic) ?? SourceAt(sourceMap, diagnostic.Span) ?? rendered.Origin;
            yield return (source.Path, diagnostic with { Span = source.Span, Fixes = [] });
        }
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
        "plain-secret", "hpa-min-replicas",
    };

    /// <summary>The source of the smallest written piece that holds the finding's start.</summary>
    private static SourceRef? SourceAt(List<(TextSpan Output, SourceRef Source)> sourceMap, TextSpan span)
    {
        SourceRef? best = null;
        var bestLength = int.MaxValue;
        foreach (var (output, source) in sourceMap)
        {
            if (output.ContainsOrTouches(span.Start) && output.Length < bestLength && !(output.End == span.Start && span.Length > 0))
            {
                best = source;
                bestLength = output.Length;
            }
        }

        return best;
    }

    /// <summary>A root's findings and what they were computed from (the same render, rules, schemas and policies).</summary>
    private sealed class CachedRoot(WorkspaceSnapshot workspace, RenderResult render, IReadOnlyList<WorkspaceFile> policyFiles, List<(string, Diagnostic, RenderedObject)> findings, Dictionary<(string, string), IReadOnlyList<Diagnostic>>? checksByText)
    {
        private readonly object _rules = workspace.EffectiveRules;
        private readonly object _schemas = workspace.Schemas;

        // The rendered siblings are the source snapshot with the root's files replaced: the rest is placed by the
        // inclusion graph, which a kustomization edit anywhere can change (another root now includes an object).
        private readonly InclusionGraph _graph = InclusionGraph.For(workspace);

        public List<(string, Diagnostic, RenderedObject)> Findings { get; } = findings;

        /// <summary>The checks of each written object (by origin path and text), kept for roots re-checked after an edit.</summary>
        public Dictionary<(string, string), IReadOnlyList<Diagnostic>>? ChecksByText { get; } = checksByText;

        public bool IsValidFor(WorkspaceSnapshot current, RenderResult currentRender, IReadOnlyList<WorkspaceFile> currentPolicyFiles) =>
            ReferenceEquals(currentRender, render) && SameChecksAs(current, currentPolicyFiles) && SamePlacement(current);

        /// <summary>The sources are placed alike (a written object's checks also look at the other objects' namespaces).</summary>
        public bool SamePlacement(WorkspaceSnapshot current) => InclusionGraph.For(current).PlacesAlike(_graph);

        /// <summary>The same rules, schemas and policies: an object written the same way gets the same findings.</summary>
        public bool SameChecksAs(WorkspaceSnapshot current, IReadOnlyList<WorkspaceFile> currentPolicyFiles) =>
            ReferenceEquals(current.EffectiveRules, _rules) && ReferenceEquals(current.Schemas, _schemas) && currentPolicyFiles.SequenceEqual(policyFiles);
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

/// <summary>A rendered-output finding as reported (at its cause, naming the overlays) and the rendered objects that have it.</summary>
internal sealed record ReportedFinding(string Path, Diagnostic Diagnostic, IReadOnlyList<RenderedObject> Objects);

/// <summary>Adds to a file the findings that exist only in rendered output and whose cause is in this file.</summary>
internal sealed class RenderedOutputAnalyzer(IReadOnlyList<IFileAnalyzer> checks) : IFileAnalyzer
{
    public void Analyze(FileAnalysisContext context)
    {
        var rendered = RenderedAnalysis.For(context.Workspace, checks, context.CancellationToken).FindingsIn(context.File.Path);
        foreach (var finding in rendered)
        {
            // Already reported on the source: the same check at the same place says it once.
            if (!context.Diagnostics.Any(d => d.Code == finding.Code && d.Span.OverlapsWith(finding.Span)))
            {
                context.Diagnostics.Add(finding);
            }
        }
    }
}
