using System.ComponentModel;
using GitOpsAi.Core.Editing;
using GitOpsAi.Core.Manifests;
using Container = GitOpsAi.Core.Manifests.Container;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Rules.Templates;

public sealed record ResourceRequirementsParameters
{
    [Description("The resource to check: cpu or memory.")]
    public string Resource { get; init; } = "cpu";

    [Description("Which settings must be present: requests, limits, any (a request or a limit: Kubernetes copies an unset request from the limit) or all (both; what older kube-linter releases called requirementsType: any).")]
    public string RequirementsType { get; init; } = "requests";
}

/// <summary>Containers must declare resource requests and/or limits; the fix inserts the configured defaults.</summary>
public sealed class ResourceRequirementsTemplate(ResourceRequirementsParameters? parameters = null) : ContainerTemplate<ResourceRequirementsParameters>(parameters)
{
    public override string TemplateName => "resource-requirements";

    protected override bool IncludeInitContainers => false;

    protected override void CheckContainer(RuleContext context, PodTemplate pod, Container container, ResourceRequirementsParameters parameters)
    {
        var resources = container.Resources;
        var hasRequest = resources?.At("requests", parameters.Resource) is YamlScalar { IsNull: false };
        var hasLimit = resources?.At("limits", parameters.Resource) is YamlScalar { IsNull: false };
        var missing = parameters.RequirementsType switch
        {
            "limits" => hasLimit ? null : "limits",
            "any" => hasRequest || hasLimit ? null : "requests",
            "all" => !hasRequest ? "requests" : !hasLimit ? "limits" : null,
            _ => hasRequest ? null : "requests",
        };

        if (missing is null)
        {
            return;
        }

        // Literals, not the missing setting's name cut short: a string per finding (every container of every Deployment at 50,000 resources).
        var what = parameters.RequirementsType == "any" ? "request or limit" : missing == "limits" ? "limit" : "request";
        context.Report(PodSpecValues.ContainerSpan(container), $"Container '{container.Name}' has no {parameters.Resource} {what}.", (container, missing, parameters.Resource), static (context, state) => Fix(context, state.container, state.missing, state.Resource));
    }

    private static Diagnostics.CodeFix? Fix(RuleContext context, Container container, string missing, string resource) =>
        Default(context.Settings, missing, resource) is not { } value
            ? null
            : YamlEdits.Fix($"Set resources.{missing}.{resource}: {value}", YamlEdits.SetValue(context.Source, container.Node, ["resources", missing, resource], value));

    private static string? Default(Config.RulesSettings settings, string kind, string resource) => (kind, resource) switch
    {
        ("requests", "cpu") => settings.DefaultCpuRequest,
        ("requests", "memory") => settings.DefaultMemoryRequest,
        ("limits", "cpu") => settings.DefaultCpuLimit,
        ("limits", "memory") => settings.DefaultMemoryLimit,
        _ => null,
    };
}
