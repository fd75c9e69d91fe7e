namespace GitOpsAi.Core.Generation.Builders;

/// <summary>Service (ClusterIP, NodePort, LoadBalancer, headless), Ingress with TLS, and NetworkPolicy.</summary>
internal static class NetworkBuilders
{
    public static void Service(BuildContext context)
    {
        var target = TargetWorkload.Resolve(context);
        var name = context.NameFor("Service");
        var port = context.Facts.Port ?? target.Port;
        object portValue = port is { } p ? p : new Commented(80, $"{Placeholders.Marker}: no port is known, e.g. 'port 80 to 8080'");
        if (port is null)
        {
            context.Notes.Add("No port is known for the Service; 80 is written with a CHANGE-ME comment.");
        }

        object targetPort = context.Facts.TargetPort is { } t ? t : target.PortName is { } portName && target.Port is not null ? portName : port ?? 80;
        var spec = new YMap();
        switch (context.Facts.ServiceType)
        {
            case "Headless":
                spec.Add("clusterIP", "None");
                break;
            case "NodePort" or "LoadBalancer":
                spec.Add("type", context.Facts.ServiceType);
                break;
        }

        spec.Add("selector", BuildContext.Map(target.PodLabels));
        spec.Add("ports", new YSeq { new YMap { { "name", "http" }, { "port", portValue }, { "targetPort", targetPort }, { "protocol", "TCP" } } });
        var body = context.Object("v1", "Service", name, labels: context.PodLabels(target.Name));
        body.Add("spec", spec);
        context.Add("Service", name, body);
    }

    public static void Ingress(BuildContext context)
    {
        var name = context.NameFor("Ingress");
        var service = context.Generated("Service");
        var serviceName = service?.Name ?? context.Facts.Target?.Name ?? context.Name;
        var port = context.Facts.Port ?? (service is null ? TargetWorkload.Resolve(context).Port : null) ?? 80;
        var host = context.Facts.Host ?? context.Placeholder("host", "e.g. 'on api.example.com'").ToLowerInvariant() + ".example.com";
        var secret = context.Facts.TlsSecret ?? $"{name}-tls";
        var body = context.Object("networking.k8s.io/v1", "Ingress", name, labels: context.PodLabels(serviceName));
        body.Add("spec", new YMap
        {
            { "tls", new YSeq { new YMap { { "hosts", new YSeq { host } }, { "secretName", secret } } } },
            { "rules", new YSeq
                {
                    new YMap
                    {
                        { "host", host },
                        { "http", new YMap
                            {
                                { "paths", new YSeq
                                    {
                                        new YMap
                                        {
                                            { "path", context.Facts.Path is { } path && path.StartsWith('/') ? path : "/" },
                                            { "pathType", "Prefix" },
                                            { "backend", new YMap { { "service", new YMap { { "name", serviceName }, { "port", new YMap { { "number", port } } } } } } },
                                        },
                                    }
                                },
                            }
                        },
                    },
                }
            },
        });
        context.Add("Ingress", name, body);
    }

    public static void NetworkPolicy(BuildContext context)
    {
        var target = TargetWorkload.Resolve(context);
        var name = context.NameFor("NetworkPolicy");
        var rule = new YMap { { "from", new YSeq { new YMap { { "podSelector", new YMap() } } } } };
        if ((context.Facts.Port ?? target.Port) is { } port)
        {
            rule.Add("ports", new YSeq { new YMap { { "protocol", "TCP" }, { "port", port } } });
        }

        var body = context.Object("networking.k8s.io/v1", "NetworkPolicy", name, labels: context.PodLabels(target.Name));
        body.Add("spec", new YMap
        {
            { "podSelector", new YMap { { "matchLabels", BuildContext.Map(target.PodLabels) } } },
            { "policyTypes", new YSeq { "Ingress" } },
            { "ingress", new YSeq { rule } },
        });
        context.Add("NetworkPolicy", name, body);
    }
}
