using System.ComponentModel;
using GitOpsAi.Core.Editing;
using GitOpsAi.Core.Manifests;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Rules.Templates;

/// <summary>A PodDisruptionBudget that allows no voluntary disruption at all: maxUnavailable 0 or minAvailable 100%.</summary>
public sealed class PdbZeroDisruptionsTemplate() : RuleTemplate<NoParameters>()
{
    public override string TemplateName => "pdb-zero-disruptions";

    protected override void Check(RuleContext context, NoParameters parameters)
    {
        var spec = context.Manifest.Spec;
        if (spec?["maxUnavailable"] is { } max && IntOrPercent.Parse(max) is { Value: 0 } zero)
        {
            context.Report(max, $"maxUnavailable is {(zero.IsPercent ? "0%" : "0")}: no pod may ever be evicted, so node drains and upgrades block.");
        }

        // Exactly 100%; above it, pdb-min-available-too-high reports (as Polaris's pdbMinAvailableGreaterThanHPAMinReplicas).
        if (spec?["minAvailable"] is { } min && IntOrPercent.Parse(min) is { IsPercent: true, Value: 100 })
        {
            context.Report(min, "minAvailable is 100%: no pod may ever be evicted, so node drains and upgrades block.");
        }
    }
}

public sealed record PdbMinAvailableParameters
{
    [Description("Compare with the workload's replicas (kube-linter's pdb-min-available).")]
    public bool CompareReplicas { get; init; } = true;

    [Description("Compare with the minReplicas of the HorizontalPodAutoscaler that scales the workload (Polaris's pdbMinAvailableGreaterThanHPAMinReplicas, which also fires when they are equal).")]
    public bool CompareAutoscalerMinimum { get; init; } = true;
}

/// <summary>A PodDisruptionBudget's minAvailable at or above the replicas of the workload it selects: evictions always fail.</summary>
public sealed class PdbMinAvailableTemplate(PdbMinAvailableParameters? parameters = null) : RuleTemplate<PdbMinAvailableParameters>(parameters)
{
    public override string TemplateName => "pdb-min-available";

    protected override void Check(RuleContext context, PdbMinAvailableParameters parameters)
    {
        var spec = context.Manifest.Spec;
        if (spec?["minAvailable"] is not { } minNode || IntOrPercent.Parse(minNode) is not { } min || (min.IsPercent && min.Value == 100))
        {
            return; // 100% is pdb-zero-disruptions' finding
        }

        var selector = spec.GetMapping("selector");
        if (LabelSelectors.IsEmpty(selector))
        {
            return;
        }

        var objects = WorkspaceObjects.For(context.Workspace);
        var @namespace = objects.NamespaceOf(context.File, context.Manifest);
        var selected = objects.WorkloadsWithPodLabels(LabelSelectors.Map(selector!["matchLabels"]))
            .Where(w => WorkspaceObjects.SameNamespace(w.Namespace, @namespace) && LabelSelectors.Matches(selector, LabelSelectors.PodLabels(w.Manifest)))
            .Concat(SelectedByOwnSelector(objects, selector, @namespace));
        foreach (var workload in selected)
        {
            if (Scaling.IsSubstituted(workload.Manifest))
            {
                continue;
            }

            long replicas;
            long percentBase;
            string source;
            if (Scaling.AutoscalerOf(context.Workspace, workload.File, workload.Manifest) is { } autoscaler)
            {
                if (!parameters.CompareAutoscalerMinimum)
                {
                    continue;
                }

                replicas = autoscaler.MinReplicas;

                // As Polaris: a percentage is taken of the replicas written on the workload, then compared with minReplicas.
                percentBase = Scaling.WrittenReplicas(context.Workspace, workload.Manifest) ?? replicas;
                source = $"{autoscaler.Manifest.DisplayName} may scale {workload.Manifest.DisplayName} down to {replicas}";
            }
            else if (parameters.CompareReplicas && Scaling.WrittenReplicas(context.Workspace, workload.Manifest) is { } written)
            {
                replicas = written;
                percentBase = written;
                source = $"{workload.Manifest.DisplayName} runs {replicas} replica{(replicas == 1 ? "" : "s")}";
            }
            else
            {
                continue;
            }

            if (replicas == 0)
            {
                continue; // scaled to zero on purpose: there is nothing to evict
            }

            // Kubernetes rounds a percentage of minAvailable up.
            var required = min.IsPercent ? (long)Math.Ceiling(percentBase * min.Value / 100.0) : min.Value;
            if (required >= replicas)
            {
                context.Report(minNode, $"minAvailable {(min.IsPercent ? $"{min.Value}%" : min.Value.ToString(System.Globalization.CultureInfo.InvariantCulture))} keeps all pods: {source}, so no pod can be evicted and node drains block.");
                return;
            }
        }
    }

    /// <summary>
    /// Workloads whose pod template writes no labels, matched by their own selector's labels instead (their pods carry
    /// them once the template is completed; kube-linter matches them so). Workloads with labelled pods are matched by
    /// those labels above.
    /// </summary>
    private static IEnumerable<PlacedObject> SelectedByOwnSelector(WorkspaceObjects objects, YamlMapping selector, string? @namespace) =>
        WorkloadKinds.All.SelectMany(kind => Unlabelled(objects.OfKind(kind))).Where(w =>
            WorkspaceObjects.SameNamespace(w.Namespace, @namespace) && OwnSelectorLabels(w.Manifest) is { Count: > 0 } labels && LabelSelectors.Matches(selector, labels));

    private static readonly RememberedSublist UnlabelledOf = new(static w => LabelSelectors.PodLabels(w.Manifest).Count == 0);

    /// <summary>How many workloads were matched by their own selector on this thread (tests: a budget meets the unlabelled ones only).</summary>
    [ThreadStatic]
    internal static int UnlabelledWorkloadsListedOnThisThread;

    /// <summary>
    /// The workloads of a list whose pod template writes no labels, in its order: found once per list, not for each budget
    /// among every workload of the repository (a budget per workload made the rule grow with their square: 24,000
    /// resources, 4 s of CPU, issue 13).
    /// </summary>
    private static IReadOnlyList<PlacedObject> Unlabelled(IReadOnlyList<PlacedObject> workloads)
    {
        var unlabelled = UnlabelledOf.Of(workloads);
        UnlabelledWorkloadsListedOnThisThread += unlabelled.Count;
        return unlabelled;
    }

    private static Dictionary<string, string> OwnSelectorLabels(Manifest workload) =>
        WorkloadKinds.HasMapSelector(workload.Kind)
            ? LabelSelectors.Map(workload.Spec?["selector"])
            : LabelSelectors.Map(workload.Spec?.GetMapping("selector")?["matchLabels"]);
}

public sealed record MissingPdbParameters
{
    [Description("Only workloads that can run at least this many replicas need a PodDisruptionBudget (Polaris checks every Deployment: 0).")]
    public int MinReplicas { get; init; } = 2;
}

/// <summary>A Deployment whose pods no PodDisruptionBudget selects.</summary>
public sealed class MissingPdbTemplate(MissingPdbParameters? parameters = null) : RuleTemplate<MissingPdbParameters>(parameters)
{
    public override string TemplateName => "missing-pdb";

    protected override void Check(RuleContext context, MissingPdbParameters parameters)
    {
        var manifest = context.Manifest;
        if (Scaling.IsSubstituted(manifest) || Scaling.Range(context.Workspace, context.File, manifest).Max < parameters.MinReplicas)
        {
            return;
        }

        var objects = WorkspaceObjects.For(context.Workspace);
        if (SelectedByBudget(objects, objects.NamespaceOf(context.File, manifest), LabelSelectors.PodLabelsInPlace(manifest)))
        {
            return;
        }

        context.Report(context.ObjectSpan, $"No PodDisruptionBudget selects the pods of {manifest.DisplayName}, so a node drain may evict all of them at once.");
    }

    // Loops over the budgets that may be in the workload's namespace (see PlacedByNamespace), with the pod labels read in
    // place: a dictionary of them and a closure were made for every workload checked, budgets or not (10 MB of the 50k
    // check, whose repository has none).
    private static bool SelectedByBudget(WorkspaceObjects objects, string? @namespace, MappingLabels labels)
    {
        var (inNamespace, everywhere) = PlacedByNamespace.Of(objects.OfKind("PodDisruptionBudget")).For(@namespace);
        return AnySelects(inNamespace, @namespace, labels) || AnySelects(everywhere, @namespace, labels);
    }

    private static bool AnySelects(IReadOnlyList<PlacedObject> budgets, string? @namespace, MappingLabels labels)
    {
        for (var i = 0; i < budgets.Count; i++)
        {
            BudgetsMatchedOnThisThread++;
            var pdb = budgets[i];
            if (WorkspaceObjects.SameNamespace(pdb.Namespace, @namespace)
                && pdb.Manifest.Spec?.GetMapping("selector") is { } selector && !LabelSelectors.IsEmpty(selector) && LabelSelectors.Matches(selector, labels))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>How many budgets were matched against a workload on this thread (tests: a workload meets its namespace's only).</summary>
    [ThreadStatic]
    internal static int BudgetsMatchedOnThisThread;
}

public sealed record HpaMinReplicasParameters
{
    [Description("The fewest replicas an autoscaler should keep.")]
    public int MinReplicas { get; init; } = 2;

    [Description("Also report autoscalers that do not set minReplicas (Kubernetes then keeps 1); Polaris only checks a value that is set.")]
    public bool RequireExplicit { get; init; }
}

/// <summary>A HorizontalPodAutoscaler that may scale down to a single replica; the fix raises minReplicas.</summary>
public sealed class HpaMinReplicasTemplate(HpaMinReplicasParameters? parameters = null) : RuleTemplate<HpaMinReplicasParameters>(parameters)
{
    public override string TemplateName => "hpa-min-replicas";

    protected override void Check(RuleContext context, HpaMinReplicasParameters parameters)
    {
        var spec = context.Manifest.Spec;
        if (spec is null)
        {
            return;
        }

        if (spec["minReplicas"] is not { } node)
        {
            if (parameters.RequireExplicit)
            {
                context.Report(context.ObjectSpan, $"{context.Manifest.DisplayName} does not set minReplicas, so it may scale down to 1 replica.", (spec, parameters.MinReplicas, Preferred: true), static (context, state) => Fix(context, state.spec, state.MinReplicas, state.Preferred));
            }

            return;
        }

        if (IntOrPercent.Integer(node) is { } min && min < parameters.MinReplicas)
        {
            var consequence = min == 0 ? "the workload may scale to no replicas at all" : "the autoscaler may leave a single replica, which a node failure takes down";
            // An explicit minReplicas is the author's choice: offered in the editor, never applied by --fix.
            context.Report(node, $"minReplicas is {min}: {consequence}; keep at least {parameters.MinReplicas}.", (spec, parameters.MinReplicas, Preferred: false), static (context, state) => Fix(context, state.spec, state.MinReplicas, state.Preferred));
        }
    }

    private static Diagnostics.CodeFix? Fix(RuleContext context, YamlMapping spec, int minReplicas, bool preferred)
    {
        var value = minReplicas.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return YamlEdits.Fix($"Set minReplicas: {value}", YamlEdits.SetValue(context.Source, spec, ["minReplicas"], value), preferred);
    }
}

/// <summary>A HorizontalPodAutoscaler whose maxReplicas is not above minReplicas: it cannot scale.</summary>
public sealed class HpaScalingRangeTemplate() : RuleTemplate<NoParameters>()
{
    public override string TemplateName => "hpa-scaling-range";

    protected override void Check(RuleContext context, NoParameters parameters)
    {
        var spec = context.Manifest.Spec;
        if (spec?["maxReplicas"] is not { } maxNode || IntOrPercent.Integer(maxNode) is not { } max || IntOrPercent.Integer(spec["minReplicas"]) is not { } min)
        {
            return;
        }

        if (max <= min)
        {
            context.Report(maxNode, $"maxReplicas ({max}) is not greater than minReplicas ({min}), so the autoscaler can never scale.");
        }
    }
}

public sealed record NetworkPolicyParameters
{
    [Description("Kinds that select pods for network policy: NetworkPolicy, Cilium's and Calico's policies.")]
    public IReadOnlyList<string> PolicyKinds { get; init; } = ["NetworkPolicy", "CiliumNetworkPolicy", "CiliumClusterwideNetworkPolicy", "GlobalNetworkPolicy", "AdminNetworkPolicy"];

    [Description("Directions a policy must restrict: Ingress, Egress (Polaris requires both).")]
    public IReadOnlyList<string> PolicyTypes { get; init; } = ["Ingress"];

    [Description("Report even when the repository holds no network policy at all (Polaris does; by default such a repository is taken to manage network policy elsewhere).")]
    public bool RequireWhenRepositoryHasNone { get; init; }

    [Description("A NetworkPolicy counts for a direction only when it lists rules for it (Polaris). In Kubernetes a direction in policyTypes without rules denies all traffic that way, so by default it counts.")]
    public bool RequirePolicyRules { get; init; }
}

/// <summary>Workloads whose pods no network policy selects.</summary>
public sealed class MissingNetworkPolicyTemplate(NetworkPolicyParameters? parameters = null) : RuleTemplate<NetworkPolicyParameters>(parameters)
{
    public override string TemplateName => "missing-network-policy";

    protected override void Check(RuleContext context, NetworkPolicyParameters parameters)
    {
        var objects = WorkspaceObjects.For(context.Workspace);
        var policies = objects.OfKinds(parameters.PolicyKinds);
        if (policies.Count == 0 && !parameters.RequireWhenRepositoryHasNone)
        {
            return;
        }

        var manifest = context.Manifest;
        var @namespace = objects.NamespaceOf(context.File, manifest);
        if (objects.MayHoldGeneratedObjects(@namespace, context.File))
        {
            return; // a Helm chart or remote base installed there may bring its own policy
        }

        var labels = LabelSelectors.PodLabelsInPlace(manifest);
        var covered = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        // The policies that may be in the workload's namespace, not every policy of the repository (see PlacedByNamespace).
        var (inNamespace, everywhere) = PlacedByNamespace.Of(policies).For(@namespace);
        Cover(covered, inNamespace, @namespace, labels, parameters);
        Cover(covered, everywhere, @namespace, labels, parameters);

        var missing = parameters.PolicyTypes.Where(t => !covered.Contains(t)).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        context.Report(context.ObjectSpan, covered.Count == 0
            ? $"No network policy selects the pods of {manifest.DisplayName} ({SelectorMatchesTemplate.Describe(LabelSelectors.PodLabels(manifest))}), so they accept traffic from anywhere."
            : $"No network policy restricts {string.Join(" and ", missing).ToLowerInvariant()} traffic of {manifest.DisplayName}'s pods.");
    }

    /// <summary>How many policies were matched against a workload on this thread (tests: a workload meets its namespace's only).</summary>
    [ThreadStatic]
    internal static int PoliciesMatchedOnThisThread;

    /// <summary>Adds to <paramref name="covered"/> the directions the policies that select the pods restrict.</summary>
    private static void Cover(HashSet<string> covered, IReadOnlyList<PlacedObject> policies, string? @namespace, MappingLabels labels, NetworkPolicyParameters parameters)
    {
        for (var i = 0; i < policies.Count; i++)
        {
            PoliciesMatchedOnThisThread++;
            var policy = policies[i];
            var spec = policy.Manifest.Spec;
            if (spec is null || (!PlacedByNamespace.IsClusterWide(policy) && !WorkspaceObjects.SameNamespace(policy.Namespace, @namespace)))
            {
                continue;
            }

            switch (policy.Manifest.Group)
            {
                case "networking.k8s.io" when LabelSelectors.Matches(spec.GetMapping("podSelector"), labels):
                    var types = (spec.GetSequence("policyTypes")?.Items ?? []).OfType<YamlScalar>().Select(t => t.Value).ToList();
                    if (types.Count == 0)
                    {
                        types.Add("Ingress");
                        if (spec["egress"] is not null)
                        {
                            types.Add("Egress");
                        }
                    }

                    covered.UnionWith(parameters.RequirePolicyRules ? types.Where(t => HasRules(spec, t)) : types);
                    break;
                case "cilium.io":
                    foreach (var rule in (spec.GetSequence("specs")?.Items ?? []).OfType<YamlMapping>().Prepend(spec))
                    {
                        if (rule["endpointSelector"] is YamlMapping endpoints && LabelSelectors.Matches(endpoints, labels))
                        {
                            covered.Add("Ingress"); // an endpointSelector alone puts the pods into default deny for ingress
                            if (rule["egress"] is not null || rule["egressDeny"] is not null)
                            {
                                covered.Add("Egress");
                            }
                        }
                    }

                    break;
                case "projectcalico.org" or "policy.networking.k8s.io":
                    covered.UnionWith(["Ingress", "Egress"]); // selectors in Calico's expression language: assume they cover
                    break;
            }
        }
    }

    private static bool HasRules(YamlMapping spec, string policyType) =>
        spec.GetSequence(policyType.ToLowerInvariant())?.Items.Count > 0;
}
