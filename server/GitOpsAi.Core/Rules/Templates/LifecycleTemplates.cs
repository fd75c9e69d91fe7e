using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Rules.Templates;

/// <summary>
/// kube-linter's job-ttl-seconds-after-finished: a standalone Job should set ttlSecondsAfterFinished (or finished Jobs
/// and their pods pile up), while a CronJob's Jobs should not (the CronJob's history limits clean them up, and the two
/// settings conflict: the stricter wins).
/// </summary>
public sealed class JobTtlTemplate() : RuleTemplate<NoParameters>()
{
    public override string TemplateName => "job-ttl-seconds-after-finished";

    protected override void Check(RuleContext context, NoParameters parameters)
    {
        var manifest = context.Manifest;
        if (manifest.Kind == "Job" && manifest.Spec is { } jobSpec && jobSpec.GetPair("ttlSecondsAfterFinished") is null)
        {
            context.Report(context.ObjectSpan, $"{manifest.DisplayName} does not set spec.ttlSecondsAfterFinished, so it and its pods stay after it finishes.");
        }
        else if (manifest.Kind == "CronJob" && manifest.Root.At("spec", "jobTemplate", "spec") is YamlMapping templateSpec
            && templateSpec.GetPair("ttlSecondsAfterFinished") is { } ttl)
        {
            context.Report(ttl.Key, $"The Jobs of {manifest.DisplayName} set ttlSecondsAfterFinished, which conflicts with the CronJob's successfulJobsHistoryLimit and failedJobsHistoryLimit (the stricter wins).");
        }
    }
}

/// <summary>
/// Two autoscalers (HorizontalPodAutoscalers, or a KEDA ScaledObject, which makes one) that scale the same workload
/// fight over its replicas: each sets them from its own metrics, and the workload flaps.
/// </summary>
public sealed class DuplicateAutoscalerTemplate() : RuleTemplate<NoParameters>()
{
    public override string TemplateName => "duplicate-autoscaler";

    protected override void Check(RuleContext context, NoParameters parameters)
    {
        var manifest = context.Manifest;
        if (manifest.Spec?.GetMapping("scaleTargetRef") is not { } target || target.GetString("name") is not { } name)
        {
            return;
        }

        var kind = target.GetString("kind") ?? (manifest.Kind == "ScaledObject" ? "Deployment" : string.Empty);
        var objects = WorkspaceObjects.For(context.Workspace);
        var @namespace = objects.NamespaceOf(context.File, manifest);
        var others = objects.AutoscalersTargeting(kind, name)
            .Where(a => !ReferenceEquals(a.Autoscaler.Manifest, manifest) && a.Autoscaler.Namespace == @namespace)
            .Select(a => $"{a.Autoscaler.Manifest.DisplayName} ({a.Autoscaler.File.RelativePath})")
            .ToList();
        if (others.Count > 0)
        {
            context.Report(target["name"]!, $"{kind} {name} is also scaled by {string.Join(", ", others)}; two autoscalers fight over its replicas. Keep one.");
        }
    }
}
