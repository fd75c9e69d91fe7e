using System.ComponentModel;
using GitOpsAi.Core.Editing;
using GitOpsAi.Core.Yaml;
using Container = GitOpsAi.Core.Manifests.Container;

namespace GitOpsAi.Core.Rules.Templates;

public sealed record SecurityContextFieldParameters
{
    [Description("The field of the securityContext, as a dotted path (e.g. privileged, windowsOptions.hostProcess).")]
    public string Field { get; init; } = string.Empty;

    [Description("The safe value; any other value that is set is reported.")]
    public string SafeValue { get; init; } = "false";

    [Description("Report containers that leave the field unset too (Polaris style), not only those that set another value (kube-linter style).")]
    public bool ReportUnset { get; init; }

    [Description("Also read the field from the pod's securityContext (only for fields that exist there, such as windowsOptions).")]
    public bool PodLevel { get; init; }

    [Description("Offer a fix that sets the field to the safe value on the container.")]
    public bool Fix { get; init; } = true;
}

/// <summary>
/// One field of each container's securityContext must have a safe value (privileged: false, readOnlyRootFilesystem:
/// true, procMount: Default...), optionally also when unset, optionally read from the pod's securityContext as well.
/// </summary>
public sealed class SecurityContextFieldTemplate(SecurityContextFieldParameters? parameters = null) : RuleTemplate<SecurityContextFieldParameters>(parameters)
{
    public override string TemplateName => "security-context-field";

    protected override void Check(RuleContext context, SecurityContextFieldParameters parameters)
    {
        if (context.Manifest.PodTemplate is not { } pod || parameters.Field.Length == 0)
        {
            return;
        }

        var path = PodSpecValues.FieldPath(parameters.Field);
        var podValue = parameters.PodLevel ? pod.SecurityContext?.At(path) : null;
        if (IsSafe(podValue, parameters) == false)
        {
            context.Report(podValue!, $"{context.Manifest.DisplayName} sets securityContext.{parameters.Field}: {Show(podValue!)} for all its containers.");
        }

        var containers = pod.AllContainers;
        for (var i = 0; i < containers.Count; i++)
        {
            var container = containers[i];
            var value = container.SecurityContext?.At(path);
            switch (IsSafe(value, parameters))
            {
                case false:
                    // Overwriting a value the author wrote is offered, but not applied by --fix.
                    context.Report(value!, $"Container '{container.Name}' sets securityContext.{parameters.Field}: {Show(value!)}.", (container, path, parameters, Preferred: false), static (context, state) => Fix(context, state.container, state.path, state.parameters, state.Preferred));
                    break;
                case null when parameters.ReportUnset && podValue is null:
                    context.Report(PodSpecValues.ContainerSpan(container), $"Container '{container.Name}' does not set securityContext.{parameters.Field}: {parameters.SafeValue}.", (container, path, parameters, Preferred: true), static (context, state) => Fix(context, state.container, state.path, state.parameters, state.Preferred));
                    break;
            }
        }
    }

    private static Diagnostics.CodeFix? Fix(RuleContext context, Container container, string[] path, SecurityContextFieldParameters parameters, bool preferred) =>
        parameters.Fix && CanFix(container, parameters)
            ? YamlEdits.Fix($"Set securityContext.{parameters.Field}: {parameters.SafeValue}", YamlEdits.SetValue(context.Source, container.Node, ["securityContext", .. path], parameters.SafeValue), preferred)
            : null;

    /// <summary>True when safe, false when set to something else, null when unset or only known at apply time.</summary>
    private static bool? IsSafe(YamlNode? value, SecurityContextFieldParameters parameters)
    {
        if (value is null or YamlScalar { IsNull: true })
        {
            return null;
        }

        if (PodSpecValues.IsSubstituted(value))
        {
            return true; // a ${VAR}: never reported
        }

        return value is YamlScalar scalar && string.Equals(scalar.Value, parameters.SafeValue, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The API server rejects allowPrivilegeEscalation: false next to privileged: true or an added SYS_ADMIN.</summary>
    private static bool CanFix(Container container, SecurityContextFieldParameters parameters)
    {
        if (parameters.Field != "allowPrivilegeEscalation" || parameters.SafeValue != "false")
        {
            return true;
        }

        var securityContext = container.SecurityContext;
        return securityContext?["privileged"] is not YamlScalar { Value: "true" }
            && !PodSpecValues.Items(securityContext?.At("capabilities", "add")).Any(c => PodSpecValues.Capability(c.Value) == "SYS_ADMIN");
    }

    private static string Show(YamlNode node) => node is YamlScalar scalar ? scalar.Value : node.KindName;
}
