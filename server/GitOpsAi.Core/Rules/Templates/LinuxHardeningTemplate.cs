using System.ComponentModel;
using GitOpsAi.Core.Editing;
using GitOpsAi.Core.Manifests;
using GitOpsAi.Core.Yaml;
using Container = GitOpsAi.Core.Manifests.Container;

namespace GitOpsAi.Core.Rules.Templates;

public sealed record LinuxHardeningParameters
{
    [Description("Accept a non-empty capabilities.drop list (without adding ALL) as hardening, as Polaris does.")]
    public bool AcceptDroppedCapabilities { get; init; } = true;

    [Description("Accept the securityContext.appArmorProfile field (Kubernetes 1.30+), which Polaris does not know yet, like its older annotation.")]
    public bool AcceptAppArmorProfileField { get; init; } = true;
}

/// <summary>
/// Each container must be confined by at least one of: a seccomp profile (pod or container, not Unconfined), SELinux
/// options, AppArmor (annotation or field), or a non-empty capabilities.drop list. Fix: seccomp RuntimeDefault.
/// </summary>
public sealed class LinuxHardeningTemplate(LinuxHardeningParameters? parameters = null) : ContainerTemplate<LinuxHardeningParameters>(parameters)
{
    public override string TemplateName => "linux-hardening";

    protected override void CheckContainer(RuleContext context, PodTemplate pod, Container container, LinuxHardeningParameters parameters)
    {
        var containerSeccomp = container.SecurityContext?.At("seccompProfile", "type");
        var podSeccomp = pod.SecurityContext?.At("seccompProfile", "type");
        if (IsConfined(containerSeccomp) ?? IsConfined(podSeccomp) ?? false)
        {
            return;
        }

        if (NonEmpty(pod.SecurityContext?["seLinuxOptions"]) || NonEmpty(container.SecurityContext?["seLinuxOptions"]))
        {
            return;
        }

        var annotation = pod.Metadata?.GetMapping("annotations")?["container.apparmor.security.beta.kubernetes.io/" + container.Name];
        if (annotation is YamlScalar { IsNull: false } profile && (PodSpecValues.IsSubstituted(profile) || profile.Value != "unconfined"))
        {
            return;
        }

        if (parameters.AcceptAppArmorProfileField
            && (IsConfined(container.SecurityContext?.At("appArmorProfile", "type")) ?? IsConfined(pod.SecurityContext?.At("appArmorProfile", "type")) ?? false))
        {
            return;
        }

        var capabilities = container.SecurityContext?.GetMapping("capabilities");
        if (parameters.AcceptDroppedCapabilities
            && capabilities?["drop"] is YamlSequence { Items.Count: > 0 }
            && !PodSpecValues.Items(capabilities["add"]).Any(c => PodSpecValues.Capability(c.Value) == "ALL"))
        {
            return;
        }

        // An explicit Unconfined is a choice: report it, but do not overwrite it.
        var unconfined = IsConfined(containerSeccomp) == false ? containerSeccomp : IsConfined(podSeccomp) == false ? podSeccomp : null;
        var message = unconfined is null
            ? $"Container '{container.Name}' has no seccomp profile, SELinux options, AppArmor profile or dropped capabilities."
            : $"Container '{container.Name}' runs with seccomp Unconfined and no SELinux options, AppArmor profile or dropped capabilities.";
        var where = unconfined == containerSeccomp && unconfined is not null ? unconfined.Span : PodSpecValues.ContainerSpan(container);
        if (unconfined is not null)
        {
            context.Report(where, message);
            return;
        }

        context.Report(where, message, container, static (context, container) =>
            YamlEdits.Fix("Set securityContext.seccompProfile.type: RuntimeDefault", YamlEdits.SetValue(context.Source, container.Node, ["securityContext", "seccompProfile", "type"], "RuntimeDefault")));
    }

    /// <summary>True for a profile type other than Unconfined, false for Unconfined, null when unset.</summary>
    private static bool? IsConfined(YamlNode? type) => type switch
    {
        null or YamlScalar { IsNull: true } => null,
        YamlScalar scalar when PodSpecValues.IsSubstituted(scalar) => true,
        YamlScalar scalar => scalar.Value != "Unconfined",
        _ => null,
    };

    private static bool NonEmpty(YamlNode? node) => node is YamlMapping { Pairs.Count: > 0 };
}
