using System.ComponentModel;
using GitOpsAi.Core.Manifests;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Rules.Templates;

public sealed record DanglingParameters
{
    [Description("Selector labels to ignore when matching (kube-linter's ignoredLabels), e.g. labels a controller adds to pods.")]
    public IReadOnlyList<string> IgnoredLabels { get; init; } = [];

    [Description("Services: also report a Service without a selector (kube-linter does; such Services are usually backed by hand-written Endpoints).")]
    public bool ReportMissingSelector { get; init; }

    [Description("ServiceMonitors: a Service is in namespaceSelector.matchNames only when the repository sets its namespace (kube-linter); by default a Service whose namespace is left to apply time may be in any.")]
    public bool MatchNamesNeedNamespace { get; init; }
}

/// <summary>
/// Objects that point at other objects the repository does not hold: a Service, PodDisruptionBudget or NetworkPolicy
/// whose selector matches no workload's pods, an HPA or Flagger Canary whose target is missing, an Ingress whose backend
/// Service is missing, a ServiceMonitor that matches no Service. Quiet where the target may be generated (a HelmRelease,
/// Argo CD Application or kustomize Helm chart installs into the namespace, or the object's kustomization has remote
/// resources), and for Flagger's "-primary" objects.
/// </summary>
public sealed class DanglingTemplate(DanglingParameters? parameters = null) : RuleTemplate<DanglingParameters>(parameters)
{
    public override string TemplateName => "dangling-reference";

    protected override void Check(RuleContext context, DanglingParameters parameters)
    {
        var objects = WorkspaceObjects.For(context.Workspace);
        var @namespace = objects.NamespaceOf(context.File, context.Manifest);
        if (objects.MayHoldGeneratedObjects(@namespace, context.File) || context.Manifest.Spec is not { } spec)
        {
            return;
        }

        switch (context.Manifest.Kind)
        {
            case "Service":
                CheckService(context, objects, spec, @namespace, parameters);
                break;
            case "PodDisruptionBudget":
                CheckPodSelector(context, objects, spec.GetMapping("selector"), @namespace, parameters, "PodDisruptionBudget", "protects nothing");
                break;
            case "NetworkPolicy" when context.Manifest.Group == "networking.k8s.io":
                CheckPodSelector(context, objects, spec.GetMapping("podSelector"), @namespace, parameters, "NetworkPolicy", "applies to nothing");
                break;
            case "HorizontalPodAutoscaler":
                CheckTarget(context, objects, spec.GetMapping("scaleTargetRef"), @namespace, "scales");
                break;
            case "Canary" when context.Manifest.Group == "flagger.app":
                CheckTarget(context, objects, spec.GetMapping("targetRef"), @namespace, "targets");
                break;
            case "Ingress":
                CheckIngress(context, objects, spec, @namespace);
                break;
            case "ServiceMonitor":
                CheckServiceMonitor(context, objects, spec, @namespace, parameters);
                break;
        }
    }

    private static void CheckService(RuleContext context, WorkspaceObjects objects, YamlMapping spec, string? @namespace, DanglingParameters parameters)
    {
        if (spec.GetString("type") == "ExternalName")
        {
            return;
        }

        var selectorNode = spec.GetMapping("selector");
        var selector = LabelSelectors.Map(selectorNode);
        foreach (var ignored in parameters.IgnoredLabels)
        {
            selector.Remove(ignored);
        }

        if (selector.Count == 0)
        {
            if (parameters.ReportMissingSelector && selectorNode is null)
            {
                context.Report(context.ObjectSpan, $"{context.Manifest.DisplayName} has no selector, so it has endpoints only if they are written by hand.");
            }

            return;
        }

        if (selector.Values.Any(LabelSelectors.IsSubstituted) || (objects.HasCanaryIn(@namespace) && selector.Values.Any(v => v.EndsWith("-primary", StringComparison.Ordinal) || v.EndsWith("-canary", StringComparison.Ordinal))))
        {
            return;
        }

        if (objects.AnyWorkloadWithPodLabels(selector, w => WorkspaceObjects.SameNamespace(w.Namespace, @namespace) && LabelSelectors.MapMatches(selector, LabelSelectors.PodLabels(w.Manifest)))
            || TemplateWithoutPodSpecMatches(objects, selector, @namespace))
        {
            return;
        }

        context.Report(selectorNode!, $"No workload{WorkspaceObjects.InNamespace(@namespace)} in this repository has pods labelled {SelectorMatchesTemplate.Describe(selector)}, so {context.Manifest.DisplayName} has no endpoints.");
    }

    /// <summary>
    /// kube-linter takes a workload's pod labels from its pod template whether or not the template has a pod spec (a
    /// Deployment with only <c>template.metadata.labels</c> backs a Service), which the workload index (objects with a
    /// pod spec) leaves out. Looked at only when no indexed workload matches, so a matching Service costs nothing more.
    /// </summary>
    private static bool TemplateWithoutPodSpecMatches(WorkspaceObjects objects, IReadOnlyDictionary<string, string> selector, string? @namespace) =>
        WorkloadKinds.All.SelectMany(kind => WithoutPodSpec(objects.OfKind(kind))).Any(w =>
            WorkspaceObjects.SameNamespace(w.Namespace, @namespace)
            && WorkloadKinds.PodMetadataPath(w.Manifest.Kind) is { } path && w.Manifest.Root.At(path) is YamlMapping metadata
            && LabelSelectors.MapMatches(selector, LabelSelectors.Map(metadata["labels"])));

    private static readonly RememberedSublist WithoutPodSpecOf = new(static w => w.Manifest.PodTemplate is null);

    /// <summary>How many workloads without a pod spec were listed for Services on this thread (tests: not every workload).</summary>
    [ThreadStatic]
    internal static int WorkloadsWithoutPodSpecListedOnThisThread;

    /// <summary>
    /// The workloads of a list whose template has no pod spec, in its order: found once per list, not among every workload
    /// of the repository for each Service no workload backs (which grew with Services times workloads).
    /// </summary>
    private static IReadOnlyList<PlacedObject> WithoutPodSpec(IReadOnlyList<PlacedObject> workloads)
    {
        var found = WithoutPodSpecOf.Of(workloads);
        WorkloadsWithoutPodSpecListedOnThisThread += found.Count;
        return found;
    }

    private static void CheckPodSelector(RuleContext context, WorkspaceObjects objects, YamlMapping? selector, string? @namespace, DanglingParameters parameters, string what, string consequence)
    {
        if (selector is null || LabelSelectors.IsEmpty(selector) || LabelSelectors.Map(selector["matchLabels"]).Values.Any(LabelSelectors.IsSubstituted))
        {
            return; // an empty selector selects every pod of the namespace
        }

        var ignored = parameters.IgnoredLabels;
        if (objects.HasCanaryIn(@namespace) && LabelSelectors.Map(selector["matchLabels"]).Values.Any(v => v.EndsWith("-primary", StringComparison.Ordinal)))
        {
            return;
        }

        var required = LabelSelectors.Map(selector["matchLabels"]).Where(l => !ignored.Contains(l.Key)).ToDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal);
        if (objects.AnyWorkloadWithPodLabels(required, w => WorkspaceObjects.SameNamespace(w.Namespace, @namespace) && LabelSelectors.Matches(selector, WithIgnored(LabelSelectors.PodLabels(w.Manifest), selector, ignored))))
        {
            return;
        }

        context.Report(selector, $"No workload{WorkspaceObjects.InNamespace(@namespace)} in this repository has pods this selector matches, so the {what} {consequence}.");
    }

    /// <summary>Ignored selector labels are treated as present on every pod.</summary>
    private static Dictionary<string, string> WithIgnored(Dictionary<string, string> labels, YamlMapping selector, IReadOnlyList<string> ignored)
    {
        foreach (var (key, value) in LabelSelectors.Map(selector["matchLabels"]).Where(l => ignored.Contains(l.Key)))
        {
            labels[key] = value;
        }

        return labels;
    }

    private static void CheckTarget(RuleContext context, WorkspaceObjects objects, YamlMapping? target, string? @namespace, string verb)
    {
        if (target?.GetString("kind") is not { } kind || target["name"] is not YamlScalar { IsNull: false } name || LabelSelectors.IsSubstituted(name.Value) || LabelSelectors.IsSubstituted(kind))
        {
            return;
        }

        if (kind != "Canary" && name.Value.EndsWith("-primary", StringComparison.Ordinal) && objects.HasCanaryIn(@namespace))
        {
            return; // Flagger creates the primary workload
        }

        if (objects.Named(kind, name.Value).Any(o => WorkspaceObjects.SameNamespace(o.Namespace, @namespace)))
        {
            return;
        }

        context.Report(name, $"{context.Manifest.DisplayName} {verb} {kind} '{name.Value}', which is not in this repository{WorkspaceObjects.InNamespace(@namespace)}.");
    }

    /// <summary>How many Services were listed for Ingresses on this thread (tests: an Ingress meets its namespace's only).</summary>
    [ThreadStatic]
    internal static int ServicesListedOnThisThread;

    private static void CheckIngress(RuleContext context, WorkspaceObjects objects, YamlMapping spec, string? @namespace)
    {
        var backends = new List<YamlMapping>();
        if ((spec.GetMapping("defaultBackend") ?? spec.GetMapping("backend")) is { } defaultBackend)
        {
            backends.Add(defaultBackend);
        }

        foreach (var rule in (spec.GetSequence("rules")?.Items ?? []).OfType<YamlMapping>())
        {
            backends.AddRange((rule.At("http", "paths") as YamlSequence)?.Items.OfType<YamlMapping>().Select(p => p.GetMapping("backend")).OfType<YamlMapping>() ?? []);
        }

        // The Services that may be in the Ingress's namespace, not every Service of the repository (see PlacedByNamespace).
        var (inNamespace, everywhere) = PlacedByNamespace.Of(objects.OfKind("Service")).For(@namespace);
        ServicesListedOnThisThread += inNamespace.Count + everywhere.Count;
        var services = inNamespace.Concat(everywhere).Where(s => WorkspaceObjects.SameNamespace(s.Namespace, @namespace) && s.Manifest.Name is not null)
            .ToLookup(s => s.Manifest.Name!, s => s.Manifest, StringComparer.Ordinal);
        foreach (var backend in backends)
        {
            var name = (backend.At("service", "name") ?? backend["serviceName"]) as YamlScalar;
            if (name is null || name.IsNull || LabelSelectors.IsSubstituted(name.Value))
            {
                continue;
            }

            if (!services.Contains(name.Value))
            {
                context.Report(name, $"The backend Service '{name.Value}' is not in this repository{WorkspaceObjects.InNamespace(@namespace)}, so {context.Manifest.DisplayName} routes to nothing.");
            }
            else if ((backend.At("service", "port", "number") ?? backend.At("service", "port", "name") ?? backend["servicePort"]) is YamlScalar { IsNull: false } port
                && !LabelSelectors.IsSubstituted(port.Value) && !services[name.Value].Any(service => ServesPort(service, port.Value)))
            {
                context.Report(port, $"The backend Service '{name.Value}' has no port {(int.TryParse(port.Value, out _) ? port.Value : $"named '{port.Value}'")}, so {context.Manifest.DisplayName} routes to nothing.");
            }
        }
    }

    /// <summary>True when the Service has a port with that number or name, or its ports cannot be read (then it may).</summary>
    private static bool ServesPort(Manifest service, string port)
    {
        if (service.Spec?.GetSequence("ports") is not { } ports)
        {
            return service.Spec?["ports"] is not null; // written in a form we do not read (e.g. a substitution)
        }

        return ports.Items.OfType<YamlMapping>().Any(p =>
            (p.GetString("port") is { } number && (number == port || LabelSelectors.IsSubstituted(number)))
            || (p.GetString("name") is { } name && (name == port || LabelSelectors.IsSubstituted(name))));
    }

    private static void CheckServiceMonitor(RuleContext context, WorkspaceObjects objects, YamlMapping spec, string? @namespace, DanglingParameters parameters)
    {
        // No selector selects every Service of the namespaces, as an empty one does.
        var selector = spec.GetMapping("selector");
        var namespaceSelector = spec.GetMapping("namespaceSelector");
        var any = namespaceSelector?["any"] is YamlScalar { Value: "true" };
        var names = (namespaceSelector?.GetSequence("matchNames")?.Items ?? []).OfType<YamlScalar>().Select(n => n.Value).ToList();
        if ((selector is null && spec["selector"] is not null) || names.Any(LabelSelectors.IsSubstituted) || LabelSelectors.Map(selector?["matchLabels"]).Values.Any(LabelSelectors.IsSubstituted))
        {
            return;
        }

        if (any ? objects.HasGeneratedAnywhere || objects.MayHoldGeneratedObjects(null) : names.Any(n => objects.MayHoldGeneratedObjects(n)))
        {
            return; // the Services may come from a chart
        }

        bool InScope(string? serviceNamespace) => any || (names.Count > 0 ? (serviceNamespace is null && !parameters.MatchNamesNeedNamespace) || (serviceNamespace is not null && names.Contains(serviceNamespace)) : WorkspaceObjects.SameNamespace(serviceNamespace, @namespace));
        if (objects.OfKindWithLabels("Service", LabelSelectors.Map(selector?["matchLabels"])).Any(s => InScope(s.Namespace) && LabelSelectors.Matches(selector, LabelSelectors.Map(s.Manifest.Metadata?["labels"]))))
        {
            return;
        }

        var scope = any ? "" : names.Count > 0 ? $" in {string.Join(", ", names)}" : WorkspaceObjects.InNamespace(@namespace);
        context.Report(selector?.Span ?? namespaceSelector?.Span ?? context.ObjectSpan, $"No Service in this repository {(selector is null ? "is" : "matches this selector")}{scope}, so {context.Manifest.DisplayName} scrapes nothing.");
    }
}
