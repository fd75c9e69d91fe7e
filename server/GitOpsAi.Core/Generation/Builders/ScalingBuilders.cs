namespace GitOpsAi.Core.Generation.Builders;

/// <summary>HorizontalPodAutoscaler (autoscaling/v2) and PodDisruptionBudget (policy/v1) for a workload.</summary>
internal static class ScalingBuilders
{
    public static void HorizontalPodAutoscaler(BuildContext context)
    {
        var target = TargetWorkload.Resolve(context);
        var name = context.NameFor("HorizontalPodAutoscaler");
        var min = context.Facts.MinReplicas ?? context.Facts.Replicas ?? 2;
        var max = context.Facts.MaxReplicas ?? Math.Max(min * 2, min + 1);
        var body = context.Object("autoscaling/v2", "HorizontalPodAutoscaler", name, labels: context.PodLabels(target.Name));
        body.Add("spec", new YMap
        {
            { "scaleTargetRef", new YMap { { "apiVersion", "apps/v1" }, { "kind", target.Kind }, { "name", target.Name } } },
            { "minReplicas", context.Facts.MinReplicas is null ? new Commented(min, "default; say e.g. 'from 2 to 10 replicas'") : min },
            { "maxReplicas", context.Facts.MaxReplicas is null ? new Commented(max, "default; say e.g. 'from 2 to 10 replicas'") : max },
            { "metrics", new YSeq
                {
                    new YMap
                    {
                        { "type", "Resource" },
                        { "resource", new YMap
                            {
                                { "name", "cpu" },
                                { "target", new YMap { { "type", "Utilization" }, { "averageUtilization", context.Facts.Percentage ?? 80 } } },
                            }
                        },
                    },
                }
            },
        });
        context.Add("HorizontalPodAutoscaler", name, body);
    }

    public static void PodDisruptionBudget(BuildContext context)
    {
        var target = TargetWorkload.Resolve(context);
        var name = context.NameFor("PodDisruptionBudget");
        var spec = new YMap();
        if (context.Facts.Percentage is { } percent)
        {
            spec.Add("maxUnavailable", $"{percent}%");
        }
        else
        {
            spec.Add("maxUnavailable", 1);
        }

        spec.Add("unhealthyPodEvictionPolicy", "AlwaysAllow");
        spec.Add("selector", new YMap { { "matchLabels", BuildContext.Map(target.PodLabels) } });
        var body = context.Object("policy/v1", "PodDisruptionBudget", name, labels: context.PodLabels(target.Name));
        body.Add("spec", spec);
        context.Add("PodDisruptionBudget", name, body);
    }
}
