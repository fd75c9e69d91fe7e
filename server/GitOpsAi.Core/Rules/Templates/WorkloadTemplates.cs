using System.ComponentModel;
using System.Text.RegularExpressions;
using GitOpsAi.Core.Text;
using GitOpsAi.Core.Editing;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Rules.Templates;

public sealed record MinReplicasParameters
{
    [Description("The fewest replicas a workload should run.")]
    public int MinReplicas { get; init; } = 2;

    [Description("Skip workloads whose replicas an autoscaler (HorizontalPodAutoscaler, KEDA ScaledObject) manages.")]
    public bool SkipWhenAutoscaled { get; init; } = true;
}

/// <summary>A workload should run more than one replica; the fix sets spec.replicas to the minimum.</summary>
public sealed class MinReplicasTemplate(MinReplicasParameters? parameters = null) : RuleTemplate<MinReplicasParameters>(parameters)
{
    public override string TemplateName => "min-replicas";

    protected override void Check(RuleContext context, MinReplicasParameters parameters)
    {
        var manifest = context.Manifest;
        if (Scaling.IsSubstituted(manifest) || (parameters.SkipWhenAutoscaled && Scaling.AutoscalerOf(context.Workspace, context.File, manifest) is not null))
        {
            return;
        }

        var replicas = Scaling.WrittenReplicas(context.Workspace, manifest);
        if (replicas >= parameters.MinReplicas)
        {
            return;
        }

        if (replicas is null || manifest.Spec?["replicas"] is not YamlScalar node)
        {
            context.Report(context.ObjectSpan, $"{manifest.DisplayName} does not set spec.replicas, so it runs a single replica; a node drain or crash takes it down.",
                (parameters.MinReplicas, Preferred: true), static (context, state) => Fix(context, state.MinReplicas, state.Preferred));
            return;
        }

        // An explicit replica count is the author's choice: the editor offers the change, --fix never makes it.
        context.Report(node, $"{manifest.DisplayName} runs {replicas} replica{(replicas == 1 ? "" : "s")}; run at least {parameters.MinReplicas} so one can fail or move without downtime.",
            (parameters.MinReplicas, Preferred: false), static (context, state) => Fix(context, state.MinReplicas, state.Preferred));
    }

    private static Diagnostics.CodeFix? Fix(RuleContext context, int minReplicas, bool preferred)
    {
        var value = minReplicas.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return YamlEdits.Fix($"Set spec.replicas: {value}", YamlEdits.SetValue(context.Source, context.Manifest.Root, ["spec", "replicas"], value), preferred);
    }
}

public sealed record MatchingLabelParameters
{
    [Description("The label whose value must equal metadata.name.")]
    public string Label { get; init; } = "app.kubernetes.io/instance";

    [Description("Also report objects without the label (Polaris does); by default only a label that differs from the name is reported.")]
    public bool RequireLabel { get; init; }
}

/// <summary>A label (app.kubernetes.io/instance) must equal the object's name.</summary>
public sealed class MatchingLabelTemplate(MatchingLabelParameters? parameters = null) : RuleTemplate<MatchingLabelParameters>(parameters)
{
    public override string TemplateName => "label-matches-name";

    protected override void Check(RuleContext context, MatchingLabelParameters parameters)
    {
        var manifest = context.Manifest;
        if (manifest.Name is not { } name || LabelSelectors.IsSubstituted(name))
        {
            return;
        }

        if (manifest.Metadata?.GetMapping("labels")?.GetPair(parameters.Label) is not { } label)
        {
            if (parameters.RequireLabel)
            {
                context.Report(context.ObjectSpan, $"{manifest.DisplayName} has no {parameters.Label} label.");
            }

            return;
        }

        if (label.Value is YamlScalar value && !LabelSelectors.IsSubstituted(value.Value) && value.Value != name)
        {
            context.Report(value, $"Label {parameters.Label} is '{value.Value}' but {manifest.DisplayName} is named '{name}'.");
        }
    }
}

public sealed record SpreadParameters
{
    [Description("Only workloads that can run at least this many replicas are checked (kube-linter: 2; Polaris checks every workload: 0).")]
    public int MinReplicas { get; init; } = 2;

    [Description("What counts as spreading: topologySpreadConstraints (Polaris), podAntiAffinity (kube-linter), or both.")]
    public IReadOnlyList<string> Accept { get; init; } = ["topologySpreadConstraints", "podAntiAffinity"];

    [Description("Topology keys that spread pods across failure domains.")]
    public IReadOnlyList<string> TopologyKeys { get; init; } = ["kubernetes.io/hostname", "topology.kubernetes.io/zone"];
}

/// <summary>Replicas should be spread across nodes or zones (topology spread constraints or pod anti-affinity on their own labels).</summary>
public sealed class SpreadTemplate(SpreadParameters? parameters = null) : RuleTemplate<SpreadParameters>(parameters)
{
    public override string TemplateName => "replica-spread";

    protected override void Check(RuleContext context, SpreadParameters parameters)
    {
        var manifest = context.Manifest;
        if (manifest.PodTemplate is not { } pod || Scaling.IsSubstituted(manifest))
        {
            return;
        }

        var (_, max, _) = Scaling.Range(context.Workspace, context.File, manifest);
        if (max < parameters.MinReplicas)
        {
            return;
        }

        var constraints = parameters.Accept.Contains("topologySpreadConstraints") ? pod.Spec.GetSequence("topologySpreadConstraints") : null;
        var antiAffinity = parameters.Accept.Contains("podAntiAffinity") ? pod.Spec.At("affinity", "podAntiAffinity") as YamlMapping : null;

        // The pod's labels are read into a map only when there is a term to match them: most workloads have none, and
        // most of them run enough replicas to be asked (issue 13).
        var labels = constraints is null && antiAffinity is null ? NoLabels : LabelSelectors.PodLabels(manifest);
        if (constraints is not null)
        {
            foreach (var constraint in constraints.Items.OfType<YamlMapping>())
            {
                if (Spreads(constraint, constraint.GetMapping("labelSelector"), labels, parameters))
                {
                    return;
                }
            }
        }

        if (antiAffinity is not null && AntiAffinitySpreads(antiAffinity, labels, parameters))
        {
            return;
        }

        context.Report(context.ObjectSpan, $"{new ObjectName(manifest)} can run {max} replicas but does not spread them ({new Joined(" or ", parameters.Accept)} on its own pod labels), so one node or zone failure can take them all down.",
            (pod, parameters), static (context, state) => Fix(context, state.pod, state.parameters));
    }

    private static readonly Dictionary<string, string> NoLabels = new(StringComparer.Ordinal);

    private static bool AntiAffinitySpreads(YamlMapping antiAffinity, IReadOnlyDictionary<string, string> labels, SpreadParameters parameters)
    {
        var terms = (antiAffinity.GetSequence("requiredDuringSchedulingIgnoredDuringExecution")?.Items ?? []).OfType<YamlMapping>()
            .Concat((antiAffinity.GetSequence("preferredDuringSchedulingIgnoredDuringExecution")?.Items ?? []).OfType<YamlMapping>().Select(p => p.GetMapping("podAffinityTerm")).OfType<YamlMapping>());
        return terms.Any(term => Spreads(term, term.GetMapping("labelSelector"), labels, parameters));
    }

    private static Diagnostics.CodeFix? Fix(RuleContext context, Manifests.PodTemplate pod, SpreadParameters parameters) =>
        LabelSelectors.Map(context.Manifest.Spec?.At("selector", "matchLabels")) is var selector && selector.Count > 0 && !selector.Values.Any(LabelSelectors.IsSubstituted) && parameters.Accept.Contains("topologySpreadConstraints") && pod.Spec["topologySpreadConstraints"] is null
            ? YamlEdits.Fix("Spread replicas across nodes (topologySpreadConstraints, ScheduleAnyway)", YamlEdits.SetValue(context.Source, pod.Spec, ["topologySpreadConstraints"],
                $"- maxSkew: 1\n  topologyKey: {parameters.TopologyKeys.FirstOrDefault() ?? "kubernetes.io/hostname"}\n  whenUnsatisfiable: ScheduleAnyway\n  labelSelector:\n    matchLabels:\n"
                + string.Concat(selector.Select(l => $"      {l.Key}: {QuoteIfNeeded(l.Value)}\n"))))
            : null;

    private static bool Spreads(YamlMapping term, YamlMapping? selector, IReadOnlyDictionary<string, string> podLabels, SpreadParameters parameters) =>
        term.GetString("topologyKey") is { } key && (parameters.TopologyKeys.Contains(key) || LabelSelectors.IsSubstituted(key))
        && (selector is null || (!LabelSelectors.IsEmpty(selector) && LabelSelectors.Matches(selector, podLabels)));

    private static string QuoteIfNeeded(string value) =>
        value.Length == 0 || YamlScalarResolver.ResolvePlain(value) != YamlScalarType.String || YamlScalarResolver.IsYaml11OnlyBoolean(value) || value.IndexOfAny([':', '#', '{', '[', '*', '&', '!', '\'', '"']) >= 0
            ? $"\"{value.Replace("\"", "\\\"", StringComparison.Ordinal)}\""
            : value;
}

/// <summary>A workload's selector must match its own pod template's labels.</summary>
public sealed class SelectorMatchesTemplate() : RuleTemplate<NoParameters>()
{
    public override string TemplateName => "selector-matches-template";

    protected override void Check(RuleContext context, NoParameters parameters)
    {
        var manifest = context.Manifest;
        var spec = manifest.Kind == "CronJob" ? manifest.Root.At("spec", "jobTemplate", "spec") as YamlMapping : manifest.Spec;
        var mapSelector = Manifests.WorkloadKinds.HasMapSelector(manifest.Kind);
        if (spec?["selector"] is not YamlMapping selector)
        {
            return; // no selector: the schema requires one where Kubernetes does; Jobs and ReplicationControllers default it
        }

        // A template with no labels at all matches no non-empty selector: the API server rejects it (kube-linter too).
        // Read in place: a dictionary of the labels and of the selector for every workload were 15 MB of the 50k check.
        var labels = LabelSelectors.PodLabelsInPlace(manifest);
        var matches = mapSelector
            ? LabelSelectors.MapMatches(selector, labels)
            : LabelSelectors.Matches(selector, labels);
        if (matches || LabelSelectors.IsEmpty(selector) && !mapSelector)
        {
            return;
        }

        context.Report(selector, $"The selector of {manifest.DisplayName} does not match its pod template's labels ({Describe(LabelSelectors.PodLabels(manifest))}); Kubernetes rejects it, or it would manage pods it did not create.");
    }

    internal static string Describe(IReadOnlyDictionary<string, string> labels) =>
        labels.Count == 0 ? "none" : string.Join(", ", labels.Select(l => $"{l.Key}={l.Value}"));
}

/// <summary>The pod spec's deprecated serviceAccount field; the fix renames it to serviceAccountName.</summary>
public sealed class DeprecatedServiceAccountTemplate() : RuleTemplate<NoParameters>()
{
    public override string TemplateName => "deprecated-service-account-field";

    protected override void Check(RuleContext context, NoParameters parameters)
    {
        if (context.Manifest.PodTemplate is not { } pod || pod.Spec.GetPair("serviceAccount") is not { IsMerged: false } pair)
        {
            return;
        }

        context.Report(pair.Key, $"{context.Manifest.DisplayName} uses the deprecated serviceAccount field; use serviceAccountName.", (pod.Spec, pair.Key), static (context, state) =>
            state.Spec.GetPair("serviceAccountName") is null ? YamlEdits.Fix("Rename to serviceAccountName", new Diagnostics.TextEdit(state.Key.Span, "serviceAccountName")) : null);
    }
}

/// <summary>Port names (containers) and Service targetPorts must be valid IANA service names or port numbers.</summary>
public sealed class PortNamesTemplate() : RuleTemplate<NoParameters>()
{
    public override string TemplateName => "port-names";

    protected override void Check(RuleContext context, NoParameters parameters)
    {
        if (context.Manifest.Kind == "Service")
        {
            // By index, as the containers' ports below: an OfType iterator and an enumerator per Service (3 MB at 50k).
            var servicePorts = context.Manifest.Spec?.GetSequence("ports")?.Items ?? [];
            for (var i = 0; i < servicePorts.Count; i++)
            {
                if (servicePorts[i] is not YamlMapping port || port["targetPort"] is not YamlScalar { IsNull: false } target || LabelSelectors.IsSubstituted(target.Value))
                {
                    continue;
                }

                if (target.Type == YamlScalarType.Integer && IntOrPercent.Integer(target) is { } number)
                {
                    if (number is < 1 or > 65535)
                    {
                        context.Report(target, $"targetPort {number} is not a port number (1-65535).");
                    }
                }
                else if (Problem(target.Value) is { } problem)
                {
                    context.Report(target, $"targetPort '{target.Value}' is not a valid port name: {problem}.");
                }
            }

            return;
        }

        // By index: an enumerator and an OfType iterator per container of every rendered object (issue 13).
        var containers = context.Manifest.PodTemplate?.AllContainers ?? [];
        for (var c = 0; c < containers.Count; c++)
        {
            var container = containers[c];
            var ports = container.Node.GetSequence("ports")?.Items ?? [];
            for (var i = 0; i < ports.Count; i++)
            {
                if (ports[i] is YamlMapping port && port["name"] is YamlScalar { IsNull: false } name && !LabelSelectors.IsSubstituted(name.Value) && Problem(name.Value) is { } problem)
                {
                    context.Report(name, $"Port name '{name.Value}' in container '{container.Name}' is not valid: {problem}.");
                }
            }
        }
    }

    /// <summary>Why a port name breaks RFC 6335 (as Kubernetes validates it), or null.</summary>
    /// <remarks>
    /// One pass over the characters instead of a regex and a LINQ scan per port name (7% of the siblings views' time on
    /// the 50k check, issue 13). It keeps the former <c>^[a-z0-9-]+$</c> exactly: its <c>$</c> also matched before a final
    /// line feed, which the hyphen and letter tests then saw as an ordinary last character.
    /// </remarks>
    internal static string? Problem(string name)
    {
        if (name.Length is 0 or > 15)
        {
            return "it must be 1 to 15 characters long";
        }

        var (hasLetter, doubledHyphen) = (false, false);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsAsciiLetterLower(c))
            {
                hasLetter = true;
            }
            else if (c == '-')
            {
                doubledHyphen |= i > 0 && name[i - 1] == '-';
            }
            else if (!char.IsAsciiDigit(c) && !(c == '\n' && i == name.Length - 1 && i > 0))
            {
                return "it may contain only lower-case letters, digits and '-'";
            }
        }

        if (doubledHyphen || name[0] == '-' || name[^1] == '-')
        {
            return "hyphens may not be doubled or at either end";
        }

        return hasLetter ? null : "it must contain at least one letter";
    }
}

public sealed record ApiVersionParameters
{
    [Description("The API group that is not allowed.")]
    public string Group { get; init; } = "extensions";

    [Description("A regular expression of the versions that are not allowed.")]
    public string Version { get; init; } = "v1beta.+";
}

/// <summary>Objects in a disallowed API group and version (kube-linter's disallowed-api-obj).</summary>
public sealed class DisallowedApiVersionTemplate(ApiVersionParameters? parameters = null) : RuleTemplate<ApiVersionParameters>(parameters)
{
    public override string TemplateName => "disallowed-api-version";

    protected override void Check(RuleContext context, ApiVersionParameters parameters)
    {
        var apiVersion = context.Manifest.ApiVersion;
        if (apiVersion is null || context.Manifest.Group != parameters.Group || context.Manifest.Root.GetPair("apiVersion") is not { } pair)
        {
            return;
        }

        var version = Manifests.ApiGroupVersion.VersionOf(apiVersion);
        if (!context.Regexes.IsMatch(version, $"^(?:{parameters.Version})$", written: parameters.Version))
        {
            return;
        }

        var replacement = Schemas.ApiDeprecations.Find(apiVersion, context.Manifest.Kind!)?.Replacement;
        context.Report(pair.Value, $"{context.Manifest.Kind} {apiVersion} is no longer served by Kubernetes{(replacement is null ? "" : $"; use {replacement}")}.");
    }
}
