namespace GitOpsAi.Core.Generation.Builders;

/// <summary>A Flagger Canary for a Deployment: progressive traffic shifting in steps up to a maximum weight.</summary>
internal static class FlaggerBuilders
{
    public static void Canary(BuildContext context)
    {
        var target = TargetWorkload.Resolve(context);
        var name = context.NameFor("Canary");
        var port = context.Facts.Port ?? target.Port;
        var step = context.Facts.Percentage ?? 10;
        var max = context.Facts.MaxPercentage ?? 50;
        var body = context.Object("flagger.app/v1beta1", "Canary", name);
        body.Add("spec", new YMap
        {
            { "targetRef", new YMap { { "apiVersion", "apps/v1" }, { "kind", "Deployment" }, { "name", target.Name } } },
            { "progressDeadlineSeconds", 600 },
            { "service", new YMap
                {
                    { "port", port is { } p ? p : new Commented(80, $"{Placeholders.Marker}: no port is known, e.g. 'port 8080'") },
                    { "targetPort", context.Facts.TargetPort ?? port ?? 80 },
                }
            },
            { "analysis", new YMap
                {
                    { "interval", context.Facts.Interval ?? "1m" },
                    { "threshold", 5 },
                    { "maxWeight", Math.Max(max, step) },
                    { "stepWeight", step },
                    { "metrics", new YSeq
                        {
                            new YMap { { "name", "request-success-rate" }, { "thresholdRange", new YMap { { "min", 99 } } }, { "interval", "1m" } },
                            new YMap { { "name", "request-duration" }, { "thresholdRange", new YMap { { "max", 500 } } }, { "interval", "1m" } },
                        }
                    },
                }
            },
        });
        context.Add("Canary", name, body);
    }
}
