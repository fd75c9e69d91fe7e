using System.Runtime.CompilerServices;
using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Rules;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Kustomize;

/// <summary>
/// The repository as one root's render puts it, for the rules that look other objects up: the resource files the root
/// read are replaced by its rendered objects (prefixed, hashed, patched or deleted as kustomize leaves them), every
/// other file stays as written. Built once per rendered root, derived from the source snapshot so the object index and
/// the placed objects are updated for the replaced files only, not rebuilt from every file.
/// </summary>
internal static class RenderedSiblings
{
    /// <summary>
    /// Cross-object rules checked against the rendered siblings. One of <see cref="RenderedAnalysis"/>'s excluded list
    /// stays on the sources only: flux-tenant-service-account decides by the file's path (a tenant folder glob), which a
    /// rendered object does not have (its notes in docs/rules.md say what that misses). plain-secret looks nothing up,
    /// so it runs with the per-object checks on rendered objects (a Secret generated from literals is plain in Git).
    /// </summary>
    public static readonly HashSet<string> Rules = new(StringComparer.Ordinal)
    {
        "dangling-service", "dangling-hpa", "dangling-pdb", "dangling-network-policy", "dangling-ingress",
        "dangling-service-monitor", "flagger-canary-target-not-found", "non-existent-service-account",
        "non-existent-configmap", "non-existent-secret", "mismatching-selector", "invalid-target-ports",
        "flux-source-not-found", "binding-allows-pod-exec", "cluster-admin-binding", "deployment-missing-replicas",
        "pdb-min-available-too-high", "missing-pod-disruption-budget", "missing-network-policy",
        "automount-service-account-token", "hpa-min-replicas",
    };

    /// <summary>
    /// The snapshot of the root's siblings and, for each rendered object (in order), the file it is in there.
    /// <paramref name="written"/> are the objects written out (each its tree, built as it was written, or its text
    /// parsed), in the order of <paramref name="render"/>'s objects. With <paramref name="previous"/> (this root's view
    /// before the edit), a rendered object written the same way keeps its file, and the new view is derived from the
    /// previous one for what differs (a keystroke changes an object or two of the root, so the object index is updated
    /// for those, not for the root's every object). With <paramref name="rememberFindings"/> false (a view no later
    /// edit derives from), each object's findings are not kept for that edit.
    /// </summary>
    public static View Build(WorkspaceSnapshot source, RenderResult render, IReadOnlyList<Yaml.YamlFile> written, View? previous = null, bool rememberFindings = true)
    {
        // Sets sized for the root (a few hundred paths each), not grown through every power of two for each of 1,200 roots.
        var removed = new HashSet<string>(render.DependencyFiles.Count, StringComparer.Ordinal);
        foreach (var path in render.DependencyFiles.Keys)
        {
            // The files whose objects the render emits, and its patch files (a patch is not an object the cluster gets:
            // a `$patch: delete` file must not stand in for the object it deletes); kustomizations shape the structure, which is kept.
            if (source.Structure.RoleOf(path) is FileRole.Resource or FileRole.Patch && source.Files.ContainsKey(path))
            {
                removed.Add(path);
            }
        }

        var added = new Dictionary<string, WorkspaceFile>(written.Count, StringComparer.Ordinal);
        var replaced = new HashSet<string>(removed.Count + written.Count, StringComparer.Ordinal);
        replaced.UnionWith(removed);
        var rendered = new List<WorkspaceFile>(written.Count);
        string? lastOrigin = null, originRelative = null;
        for (var i = 0; i < written.Count; i++)
        {
            // The relative path is the origin's with the same suffix (the marker has no separator), made when asked from
            // the origin's: that is made once per origin file, whose objects are emitted one after another, not by
            // Path.GetRelativePath per object (0.8 % of the 50k check's CPU).
            var origin = render.Objects[i].Origin.Path;
            if (!string.Equals(lastOrigin, origin, StringComparison.Ordinal))
            {
                lastOrigin = origin;
                originRelative = WorkspaceFile.RelativeTo(source.Root, origin);
            }

            var path = $"{origin}{Marker}{i}";
            var file = previous?.Snapshot.Files.GetValueOrDefault(path) is { } before && before.Source.Text == written[i].Source.Text
                ? before
                : WorkspaceFile.FromTree(path, originRelative!, origin.Length, written[i]);
            added[path] = file;
            replaced.Add(path);
            rendered.Add(file);
        }

        var files = new OverlaidFiles(source.Files, removed, added);

        var changed = previous is null ? replaced : ChangedBetween(previous.Snapshot.Files, files);
        var snapshot = new WorkspaceSnapshot(source.Root, files, source.FileSystem, source.Options, source.ExtraSchemas, source.SchemaProblems, source,
            reuseStructure: true, reuseSchemas: true, lineage: new SnapshotLineage(previous?.Snapshot ?? source, changed, derivedView: previous is null)) { RenderedFrom = source };
        return new View(snapshot, rendered, changed, previous, rememberFindings ? new(ReferenceEqualityComparer.Instance) : null);
    }

    /// <summary>The paths whose file is another object (or only on one side): cheap, files are compared by reference.</summary>
    private static HashSet<string> ChangedBetween(IReadOnlyDictionary<string, WorkspaceFile> before, IReadOnlyDictionary<string, WorkspaceFile> after)
    {
        var changed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (path, file) in after)
        {
            if (!ReferenceEquals(before.GetValueOrDefault(path), file))
            {
                changed.Add(path);
            }
        }

        foreach (var path in before.Keys)
        {
            if (!after.ContainsKey(path))
            {
                changed.Add(path);
            }
        }

        return changed;
    }

    /// <summary>
    /// True when the root's render is its resource files as written (every object as written, none dropped or added):
    /// its siblings view would be the source snapshot itself, so the cross-object findings on it are exactly those the
    /// source files already have, and checking them again is wasted work (most roots of a plain repository).
    /// </summary>
    public static bool SameAsSources(WorkspaceSnapshot source, RenderResult render)
    {
        if (!render.Objects.All(o => o.IsAsWritten))
        {
            return false;
        }

        var written = 0;
        foreach (var (path, file) in render.DependencyFiles)
        {
            // Kustomization files count as resources in the structure index, but emit no object.
            if (source.Structure.RoleOf(path) == FileRole.Resource && !Manifests.ManifestReader.IsKustomizationFileName(path))
            {
                written += file.Objects.Count;
            }
        }

        return written == render.Objects.Count;
    }

    private const string Marker = "#rendered-";

    /// <summary>The source file a rendered object of a siblings snapshot was written from (other paths: themselves).</summary>
    public static string OriginOf(string path) =>
        path.LastIndexOf(Marker, StringComparison.Ordinal) is var at and >= 0 ? path[..at] : path;

    /// <summary>The findings of the sibling-aware rules on one rendered object's file of the siblings snapshot.</summary>
    public static IReadOnlyList<Diagnostic> Check(WorkspaceSnapshot siblings, WorkspaceFile file, CancellationToken cancellationToken)
    {
        // Into this thread's list, copied out only when something is found: most rendered objects have no finding, and a
        // list each was 5 MB at 50k. Taken while in use: a rule may render and check another root on this thread.
        var output = FindingsScratch ?? [];
        FindingsScratch = null;
        try
        {
            CheckInto(output, siblings, file, cancellationToken);
            output.RemoveAll(static d => d.Severity > DiagnosticSeverity.Warning);
            return output.Count == 0 ? [] : output.ToArray();
        }
        finally
        {
            output.Clear(); // the scratch list keeps no findings alive, nor a big file's room
            FindingsScratch = output.Capacity <= 1024 ? output : null;
        }
    }

    [ThreadStatic]
    private static List<Diagnostic>? FindingsScratch;

    private static void CheckInto(List<Diagnostic> output, WorkspaceSnapshot siblings, WorkspaceFile file, CancellationToken cancellationToken)
    {
        // By index: a foreach over the interface boxed an enumerator for each of the 150,000 rendered objects at 50k.
        var objects = file.Objects;
        for (var i = 0; i < objects.Count; i++)
        {
            var manifest = objects[i];
            if (manifest.Kind is not { } kind)
            {
                continue;
            }

            RuleContext? ruleContext = null;
            foreach (var rule in ApplicableRules.Of(SiblingRulesOf(siblings.EffectiveRules), kind))
            {
                // The relative path is asked only when an exemption may need it: a rendered file makes it on demand.
                if (siblings.Findings.HasExemptions && siblings.Findings.IsExempt(rule.Definition.Id, kind, manifest.Namespace, manifest.Name, file.RelativePath))
                {
                    continue;
                }

                cancellationToken.ThrowIfCancellationRequested();
                try
                {
                    // Every fix is dropped when the findings are taken back to their sources (MapBack): none is made.
                    ruleContext = ruleContext?.For(rule.Definition, rule.Severity) ?? new RuleContext(rule.Definition, rule.Severity, manifest, file, siblings, output, wantsFixes: false);
                    rule.Template.Check(ruleContext);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // A rule defect is reported by the source check of the same object (rule-failed at its kind); here
                    // the rendered findings of that rule are only missing, and the other rules still run.
                    _ = exception;
                }
            }
        }
    }

    private static readonly ConditionalWeakTable<IReadOnlyList<EffectiveRule>, List<EffectiveRule>> SiblingRules = new();

    /// <summary>
    /// The effective rules that are among <see cref="Rules"/>, in their order: picked once per rule set (the views of every
    /// root share their repository's), not looked up for every rule of every rendered object (4 % of a 50k check's CPU).
    /// </summary>
    private static List<EffectiveRule> SiblingRulesOf(IReadOnlyList<EffectiveRule> rules) =>
        SiblingRules.GetValue(rules, all => all.Where(rule => Rules.Contains(rule.Definition.Id)).ToList());

    /// <summary>
    /// One root's siblings view and the sibling-aware findings of its rendered objects. Derived from the view before an
    /// edit, it checks again only the objects the edit can reach: those written differently, and those whose names,
    /// references, labels or selectors meet what changed (<see cref="ChangeImpact"/>, the same model that decides which
    /// source documents an edit re-checks); the others keep their findings.
    /// </summary>
    internal sealed class View
    {
        private readonly IReadOnlySet<string> _changed;
        private readonly View? _previous;
        // Null in a view no edit will derive from: keyed by each rendered file, its first hash per object alone was 4 % of a
        // 50k check's thread time.
        private readonly Dictionary<WorkspaceFile, IReadOnlyList<Diagnostic>>? _findings;
        private List<ChangeImpact>? _impacts;

        internal View(WorkspaceSnapshot snapshot, IReadOnlyList<WorkspaceFile> files, IReadOnlySet<string> changed, View? previous, Dictionary<WorkspaceFile, IReadOnlyList<Diagnostic>>? findings)
        {
            Snapshot = snapshot;
            Files = files;
            _changed = changed;
            _previous = previous;
            _findings = findings;
        }

        public WorkspaceSnapshot Snapshot { get; }

        /// <summary>For each rendered object (in render order), its file in <see cref="Snapshot"/>.</summary>
        public IReadOnlyList<WorkspaceFile> Files { get; }

        /// <summary>The sibling-aware findings of the <paramref name="index"/>th rendered object, reused when the edit cannot change them.</summary>
        public IReadOnlyList<Diagnostic> FindingsOf(int index, CancellationToken cancellationToken)
        {
            var file = Files[index];
            if (_previous?._findings is { } previousFindings && previousFindings.TryGetValue(file, out var before) && !Reaches(file))
            {
                Remember(file, before);
                return before;
            }

            ObjectsCheckedOnThisThread++;
            var findings = Check(Snapshot, file, cancellationToken);
            Remember(file, findings);
            return findings;
        }

        private void Remember(WorkspaceFile file, IReadOnlyList<Diagnostic> findings)
        {
            if (_findings is not null)
            {
                _findings[file] = findings;
            }
        }

        /// <summary>How many rendered objects had their sibling-aware rules run on this thread (tests: an edit re-checks what it reaches).</summary>
        [ThreadStatic]
        internal static int ObjectsCheckedOnThisThread;

        /// <summary>True when a change since the previous view can change this (unchanged) file's findings.</summary>
        private bool Reaches(WorkspaceFile file)
        {
            _impacts ??= _changed
                .Select(path => ChangeImpact.Of(_previous!.Snapshot.Files.GetValueOrDefault(path), Snapshot.Files.GetValueOrDefault(path), Snapshot.Root))
                .ToList();
            return _impacts.Any(impact => impact.Affects(file));
        }

        /// <summary>The view without its predecessor (kept for the next edit, it must not hold a chain of old views).</summary>
        public View Detached() => _previous is null ? this : new View(Snapshot, Files, _changed, null, _findings);
    }
}
