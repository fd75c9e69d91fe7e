using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Rules.Templates;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Drift;

/// <summary>
/// Compares a repository's desired state with a live state: matches objects by group, kind, namespace and name,
/// compares each pair field by field, scores what differs, checks immutable fields, and finds objects missing from
/// the cluster and unmanaged ones in the namespaces Git manages. Pure: the live state is an interface.
/// </summary>
public static class DriftDetector
{
    private const string FluxReconcile = "kustomize.toolkit.fluxcd.io/reconcile";
    private const string FluxSsa = "kustomize.toolkit.fluxcd.io/ssa";

    public static DriftReport Detect(WorkspaceSnapshot workspace, ILiveState live, DriftOptions options, CancellationToken cancellationToken = default)
    {
        var desiredObjects = options.Source.Objects(workspace, cancellationToken);
        var produced = new HashSet<ObjectKey>();
        var (results, suppressed) = CompareAll(workspace, desiredObjects, live, options, produced, cancellationToken);
        var unmanaged = FindUnmanaged(workspace, live, options, produced, cancellationToken);
        return new DriftReport(live.Name, live.IsStale, suppressed, results, unmanaged) { Context = options.Context, Problem = live.Problem };
    }

    /// <summary>
    /// The objects of one file only (what an edit of that file changes), without unmanaged objects, which need the
    /// whole repository: the editor recomputes this per keystroke and the rest when the cluster or the structure changes.
    /// </summary>
    public static DriftReport DetectFile(WorkspaceSnapshot workspace, WorkspaceFile file, ILiveState live, DriftOptions options, CancellationToken cancellationToken = default)
    {
        var desiredObjects = options.Source.ObjectsIn(workspace, file, cancellationToken);
        var (results, suppressed) = CompareAll(workspace, desiredObjects, live, options, produced: null, cancellationToken);
        return new DriftReport(live.Name, live.IsStale, suppressed, results, []) { Context = options.Context, Problem = live.Problem };
    }

    /// <param name="produced">Collects every object Git produces (for unmanaged objects); null per keystroke, which does not look for them.</param>
    private static (List<ObjectDrift> Results, bool Suppressed) CompareAll(WorkspaceSnapshot workspace, IReadOnlyList<DesiredObject> desiredObjects, ILiveState live, DriftOptions options, HashSet<ObjectKey>? produced, CancellationToken cancellationToken)
    {
        var settings = workspace.RulesConfig.Drift;
        var now = options.Clock();
        var suppressed = settings.IsSuppressed(now);
        var argo = ArgoIgnoreDifferences.For(workspace);
        // A new day compares again, so the baseline history sees drift that lasts (the score also counts days).
        var dependsOn = $"{argo.Fingerprint}\n{now.UtcDateTime:yyyy-MM-dd}{(suppressed ? "\nsuppressed" : string.Empty)}";
        var placed = WorkspaceObjects.For(workspace);
        var liveAutoscaled = new Dictionary<string, HashSet<(string Kind, string Name)>>(StringComparer.Ordinal);
        var results = new List<ObjectDrift>();
        foreach (var desired in desiredObjects)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var key = Effective(desired.Key);
            produced?.Add(key);
            var mapping = settings.ClusterFor(desired.File.RelativePath);
            if (!options.Covers(mapping))
            {
                continue; // this path lives in another cluster
            }

            if (settings.IsIgnored(key, null) || IsOptedOut(desired.Annotations.GetValueOrDefault(FluxReconcile), desired.Annotations.GetValueOrDefault(FluxSsa)))
            {
                continue;
            }

            var underAutoscaler = placed.AutoscalersTargeting(key.Kind, key.Name).Any()
                || (key.Namespace is { } autoscaled && LiveAutoscaled(live, autoscaled, liveAutoscaled).Contains((key.Kind, key.Name)));
            var cache = options.ObjectCache;
            var liveNow = live.Find(key);
            var covered = liveNow is not null || live.Covers(key.Group, key.Kind, key.Namespace);
            if (cache is not null && cache.TryGet(desired, key, workspace.RulesConfig, underAutoscaler, dependsOn, liveNow, covered, out var cached))
            {
                if (cached is not null)
                {
                    results.Add(cached);
                }

                continue;
            }

            var compared = Compare(desired, key, live, argo, settings, options, now, suppressed, underAutoscaler, mapping);
            cache?.Set(desired, key, workspace.RulesConfig, underAutoscaler, dependsOn, liveNow, covered, compared);
            if (compared is not null)
            {
                results.Add(compared);
            }
        }

        return (results, suppressed);
    }

    /// <summary>One object against the cluster: null when there is nothing to report (not listed, opted out).</summary>
    private static ObjectDrift? Compare(DesiredObject desired, ObjectKey key, ILiveState live, ArgoIgnoreDifferences argo, DriftSettings settings, DriftOptions options, DateTimeOffset now, bool suppressed, bool underAutoscaler, ClusterMapping? mapping)
    {
        var liveObject = live.Find(key);
        if (liveObject is null)
        {
            return live.Covers(key.Group, key.Kind, key.Namespace) ? new ObjectDrift(desired, null, [], []) : null;
        }

        if (IsOptedOut(liveObject.Annotation(FluxReconcile), liveObject.Annotation(FluxSsa)))
        {
            return null;
        }

        bool Ignored(FieldPath path) =>
            settings.IsIgnored(key, path) || argo.Ignores(key, path) || (underAutoscaler && path.Dotted == "spec.replicas");

        // A field inside an immutable change is reported once, as the error that says what to do.
        var liveRoot = liveObject.Root; // decoded once for both
        var immutable = ImmutableFields.Check(desired, liveRoot, previousIsLive: true);
        var fields = DriftComparer.Compare(desired, liveObject, Ignored, liveRoot)
            .Where(f => !argo.IgnoresManager(key, f.Owner?.Name) && !immutable.Any(c => f.Path.StartsWith(c.Field)))
            .ToList();
        var isProduction = options.IsProduction ?? mapping?.IsProduction ?? (options.Context ?? live.Name).Contains("prod", StringComparison.OrdinalIgnoreCase);
        var scored = fields.Select(field => Score(field, settings, options, now, isProduction, suppressed)).ToList();
        return new ObjectDrift(desired, liveObject, scored, immutable);
    }

    /// <summary>A namespaced object whose namespace the repository leaves open lands in "default" (kubectl and Flux without targetNamespace).</summary>
    private static ObjectKey Effective(ObjectKey key) =>
        key.Namespace is null && !ClusterScopedKinds.IsClusterScoped(key.Kind) ? key with { Namespace = "default" } : key;

    private static bool IsOptedOut(string? reconcile, string? ssa) =>
        string.Equals(reconcile, "disabled", StringComparison.OrdinalIgnoreCase)
        || string.Equals(ssa, "ignore", StringComparison.OrdinalIgnoreCase) || string.Equals(ssa, "IfNotPresent", StringComparison.OrdinalIgnoreCase);

    /// <summary>The workloads the live autoscalers of a namespace target (read once per namespace and report).</summary>
    private static HashSet<(string Kind, string Name)> LiveAutoscaled(ILiveState live, string @namespace, Dictionary<string, HashSet<(string Kind, string Name)>> known)
    {
        if (!known.TryGetValue(@namespace, out var targets))
        {
            targets = [];
            foreach (var autoscaler in live.InNamespace(@namespace).Where(o => o.Key.Kind is "HorizontalPodAutoscaler" or "ScaledObject"))
            {
                if (LiveValues.At(autoscaler.Root, "spec", "scaleTargetRef") is { } target && LiveValues.AsString(target["name"]) is { } name)
                {
                    targets.Add((LiveValues.AsString(target["kind"]) ?? "Deployment", name));
                }
            }

            known[@namespace] = targets;
        }

        return targets;
    }

    private static ScoredDrift Score(FieldDrift field, DriftSettings settings, DriftOptions options, DateTimeOffset now, bool isProduction, bool suppressed)
    {
        var observation = options.History?.Observe(DriftHistory.KeyOf(field.Object.Key, field.Path), now);
        var score = DriftScoring.Score(field, new ScoreContext(now, observation, isProduction, settings.Baseline));
        var max = settings.MaxScoreFor(field.Object.Key, field.Path);
        var severity = score.Value > max && !suppressed ? DiagnosticSeverity.Warning : DiagnosticSeverity.Information;
        return new ScoredDrift(field, score, severity, max);
    }

    /// <summary>Kinds the cluster makes by itself in every namespace, or as children of other objects.</summary>
    private static readonly HashSet<string> GeneratedKinds = new(StringComparer.Ordinal)
    {
        "Pod", "ReplicaSet", "Endpoints", "EndpointSlice", "Event", "Lease", "ControllerRevision", "PodMetrics", "Job",
        "PersistentVolumeClaim", "CertificateRequest", "Order", "Challenge", "PolicyReport", "EphemeralReport",
    };

    private static IReadOnlyList<UnmanagedObjects> FindUnmanaged(WorkspaceSnapshot workspace, ILiveState live, DriftOptions options, HashSet<ObjectKey> produced, CancellationToken cancellationToken)
    {
        var placed = WorkspaceObjects.For(workspace);
        var result = new List<UnmanagedObjects>();
        var settings = workspace.RulesConfig.Drift;
        foreach (var (@namespace, reportedAt) in options.Source.ManagedNamespaces(workspace, cancellationToken).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!options.Covers(settings.ClusterFor(reportedAt.File.RelativePath)))
            {
                continue; // a namespace of another cluster
            }

            var extra = live.InNamespace(@namespace)
                .Where(o => !produced.Contains(o.Key) && !IsMadeByTheCluster(o) && !(placed.MayHoldGeneratedObjects(@namespace) && IsFromAnotherSource(o)) && !IsTrackedByAnApplier(o))
                .Select(o => o.Key)
                .OrderBy(k => k.Kind, StringComparer.Ordinal).ThenBy(k => k.Name, StringComparer.Ordinal)
                .ToList();
            if (extra.Count > 0)
            {
                result.Add(new UnmanagedObjects(@namespace, reportedAt, extra));
            }
        }

        return result;
    }

    private static bool IsMadeByTheCluster(LiveObject live) =>
        live.HasOwner || GeneratedKinds.Contains(live.Key.Kind)
        || (live.Key.Kind == "ServiceAccount" && live.Key.Name == "default")
        || (live.Key.Kind == "ConfigMap" && live.Key.Name is "kube-root-ca.crt" or "istio-ca-root-cert")
        || (live.Key.Kind == "Secret" && LiveValues.AsString(live.Root["type"]) is "kubernetes.io/service-account-token" or "helm.sh/release.v1");

    /// <summary>Made by Helm or by a Flux/Argo source we cannot see into (a HelmRelease, a remote base).</summary>
    private static bool IsFromAnotherSource(LiveObject live) =>
        live.Label("app.kubernetes.io/managed-by") is "Helm" || live.Label("helm.toolkit.fluxcd.io/name") is not null;

    /// <summary>Applied by Flux or Argo CD from some Git source (a rendering we may not see), so managed after all.</summary>
    private static bool IsTrackedByAnApplier(LiveObject live) =>
        live.Label("kustomize.toolkit.fluxcd.io/name") is not null || live.Label("argocd.argoproj.io/instance") is not null
        || live.Annotation("argocd.argoproj.io/tracking-id") is not null;
}
