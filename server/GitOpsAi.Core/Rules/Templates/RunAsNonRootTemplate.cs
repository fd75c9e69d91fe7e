using System.ComponentModel;
using GitOpsAi.Core.Editing;
using GitOpsAi.Core.Manifests;
using Container = GitOpsAi.Core.Manifests.Container;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Rules.Templates;

public sealed record RunAsNonRootParameters
{
    /// <summary>Polaris and kube-linter both accept a non-zero runAsUser in place of runAsNonRoot: true.</summary>
    [Description("Accept a non-zero runAsUser (container or pod) as proof of not running as root.")]
    public bool AcceptNonZeroRunAsUser { get; init; } = true;
}

/// <summary>Containers must not run as root: runAsNonRoot true (or a non-zero runAsUser), at the container or pod level.</summary>
public sealed class RunAsNonRootTemplate(RunAsNonRootParameters? parameters = null) : ContainerTemplate<RunAsNonRootParameters>(parameters)
{
    public override string TemplateName => "run-as-non-root";

    protected override void CheckContainer(RuleContext context, PodTemplate pod, Container container, RunAsNonRootParameters parameters)
    {
        var runAsNonRoot = EffectiveSecurityField(pod, container, "runAsNonRoot");
        var runAsUser = EffectiveSecurityField(pod, container, "runAsUser") as YamlScalar;
        var userId = runAsUser is not null && YamlScalarResolver.TryGetInteger(runAsUser.Value, out var id) ? id : (long?)null;
        if (userId != 0 && (IsTrue(runAsNonRoot) || (parameters.AcceptNonZeroRunAsUser && userId > 0 && !IsFalse(runAsNonRoot))))
        {
            return;
        }

        // runAsUser: 0 is root even beside runAsNonRoot: true (the kubelet then refuses to start the container).
        var (where, message) = userId == 0
            ? (runAsUser!.Span, $"Container '{container.Name}' runs as root (runAsUser: 0).")
            : IsFalse(runAsNonRoot)
                ? (runAsNonRoot!.Span, $"Container '{container.Name}' is allowed to run as root (runAsNonRoot: false).")
                : (PodSpecValues.ContainerSpan(container), $"Container '{container.Name}' may run as root: set securityContext.runAsNonRoot: true.");
        context.Report(where, message, container, static (context, container) =>
            YamlEdits.Fix("Set securityContext.runAsNonRoot: true", YamlEdits.SetValue(context.Source, container.Node, ["securityContext", "runAsNonRoot"], "true")));
    }
}
