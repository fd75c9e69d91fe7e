namespace GitOpsAi.Core.Generation.Builders;

/// <summary>
/// Deployment, StatefulSet, DaemonSet, Job and CronJob, hardened by construction: a pinned image, requests and
/// limits, probes where a port is known, non-root with a RuntimeDefault seccomp profile, no privilege escalation, a
/// read-only root filesystem (with a writable /tmp) and every capability dropped.
/// </summary>
internal static class WorkloadBuilders
{
    public static void Deployment(BuildContext context)
    {
        var name = context.NameFor("Deployment");
        var labels = context.PodLabels(name);
        var replicas = context.Facts.Replicas ?? 2;
        var body = context.Object("apps/v1", "Deployment", name, labels: labels);
        body.Add("spec", new YMap
        {
            { "replicas", replicas },
            { "revisionHistoryLimit", 5 },
            { "selector", new YMap { { "matchLabels", BuildContext.Map(labels) } } },
            { "template", PodTemplate(context, "Deployment", name, labels, replicas, restartPolicy: null, dataVolume: null) },
        });
        context.Add("Deployment", name, body);
    }

    public static void StatefulSet(BuildContext context)
    {
        var name = context.NameFor("StatefulSet");
        var labels = context.PodLabels(name);
        var replicas = context.Facts.Replicas ?? 1;
        var app = App(context);
        var storage = context.Facts.Storage is { } size ? (object)size : new Commented("1Gi", $"{Placeholders.Marker}: the request gives no size, e.g. '10Gi storage'");
        if (context.Facts.Storage is null)
        {
            context.Notes.Add("The request gives no storage size; 1Gi is written with a CHANGE-ME comment.");
        }

        var claimSpec = new YMap
        {
            { "accessModes", new YSeq { "ReadWriteOnce" } },
            { "storageClassName", context.Facts.StorageClass ?? context.Repository.Conventions.StorageClass },
            { "resources", new YMap { { "requests", new YMap { { "storage", storage } } } } },
        };
        var body = context.Object("apps/v1", "StatefulSet", name, labels: labels);
        body.Add("spec", new YMap
        {
            { "serviceName", name },
            { "replicas", replicas },
            { "revisionHistoryLimit", 5 },
            { "selector", new YMap { { "matchLabels", BuildContext.Map(labels) } } },
            { "template", PodTemplate(context, "StatefulSet", name, labels, replicas, restartPolicy: null, dataVolume: app?.DataPath ?? "/data") },
            { "volumeClaimTemplates", new YSeq { new YMap { { "metadata", new YMap { { "name", "data" } } }, { "spec", claimSpec } } } },
        });
        context.Add("StatefulSet", name, body);

        // A StatefulSet's pods get their DNS names from a headless Service; write it unless the request asks for its own.
        if (!context.Facts.Kinds.Contains("Service") && ContainerPort(context) is { } port)
        {
            var service = context.Object("v1", "Service", name, labels: labels);
            service.Add("spec", new YMap
            {
                { "clusterIP", "None" },
                { "selector", BuildContext.Map(labels) },
                { "ports", new YSeq { new YMap { { "name", PortName(context) }, { "port", port }, { "targetPort", PortName(context) } } } },
            });
            context.Add("Service", name, service);
        }
    }

    public static void DaemonSet(BuildContext context)
    {
        var name = context.NameFor("DaemonSet");
        var labels = context.PodLabels(name);
        var body = context.Object("apps/v1", "DaemonSet", name, labels: labels);
        body.Add("spec", new YMap
        {
            { "revisionHistoryLimit", 5 },
            { "selector", new YMap { { "matchLabels", BuildContext.Map(labels) } } },
            { "template", PodTemplate(context, "DaemonSet", name, labels, replicas: 1, restartPolicy: null, dataVolume: null) },
        });
        context.Add("DaemonSet", name, body);
    }

    public static void Job(BuildContext context)
    {
        var name = context.NameFor("Job");
        var labels = context.PodLabels(name);
        var body = context.Object("batch/v1", "Job", name, labels: labels);
        body.Add("spec", JobSpec(context, "Job", name, labels));
        context.Add("Job", name, body);
    }

    public static void CronJob(BuildContext context)
    {
        var name = context.NameFor("CronJob");
        var labels = context.PodLabels(name);
        object schedule = context.Facts.Schedule ?? (object)new Commented("0 0 * * *", $"{Placeholders.Marker}: no schedule in the request, e.g. 'every day at 2am'");
        if (context.Facts.Schedule is null)
        {
            context.Notes.Add("The request gives no schedule; midnight daily is written with a CHANGE-ME comment.");
        }

        var body = context.Object("batch/v1", "CronJob", name, labels: labels);
        body.Add("spec", new YMap
        {
            { "schedule", schedule },
            { "concurrencyPolicy", "Forbid" },
            { "startingDeadlineSeconds", 300 },
            { "successfulJobsHistoryLimit", 3 },
            { "failedJobsHistoryLimit", 1 },
            { "jobTemplate", new YMap { { "spec", JobSpec(context, "CronJob", name, labels) } } },
        });
        context.Add("CronJob", name, body);
    }

    private static YMap JobSpec(BuildContext context, string kind, string name, IReadOnlyDictionary<string, string> labels) => new()
    {
        { "backoffLimit", 3 },
        { "ttlSecondsAfterFinished", 86400 },
        { "template", PodTemplate(context, kind, name, labels, replicas: 1, restartPolicy: "Never", dataVolume: null) },
    };

    public static WellKnownApps.App? App(BuildContext context) =>
        WellKnownApps.ByImageOrName(context.Facts.Image, context.Facts.Image is null ? context.Name : null);

    /// <summary>The port the container listens on: the target port, the port, or the well-known app's.</summary>
    public static int? ContainerPort(BuildContext context) =>
        context.Facts.TargetPort ?? context.Facts.Port ?? (App(context) is { Port: > 0 } app ? app.Port : null);

    public static string PortName(BuildContext context) => App(context) is { PortName.Length: > 0 } app && ContainerPort(context) == app.Port ? app.PortName : "http";

    private static YMap PodTemplate(BuildContext context, string kind, string name, IReadOnlyDictionary<string, string> labels, int replicas, string? restartPolicy, string? dataVolume)
    {
        var app = App(context);
        var user = app?.User ?? context.Repository.Conventions.RunAsUser;
        var port = restartPolicy is null ? ContainerPort(context) : null;
        var mounts = new YSeq { new YMap { { "name", "tmp" }, { "mountPath", "/tmp" } } };
        if (dataVolume is not null)
        {
            mounts.Add(new YMap { { "name", "data" }, { "mountPath", dataVolume } });
        }

        var container = new YMap
        {
            { "name", name },
            { "image", Image(context, app) },
            { "imagePullPolicy", "Always" },
            { "ports", port is null ? null : new YSeq { new YMap { { "name", PortName(context) }, { "containerPort", port.Value }, { "protocol", "TCP" } } } },
            { "resources", Resources(context) },
            { "livenessProbe", port is null ? null : Probe(context, 20) },
            { "readinessProbe", port is null ? null : Probe(context, 10) },
            { "securityContext", ContainerSecurity(user) },
            { "volumeMounts", mounts },
        };
        if (port is null && restartPolicy is null)
        {
            context.Notes.Add("No port is known, so the container has no probes; say e.g. 'port 8080'.");
        }

        var spec = new YMap
        {
            { "automountServiceAccountToken", false },
            { "priorityClassName", ExampleTemplate.For(context.Repository.Conventions, kind)?.PriorityClassName },
            { "restartPolicy", restartPolicy },
            { "securityContext", new YMap
                {
                    { "runAsNonRoot", true },
                    { "runAsUser", user },
                    { "runAsGroup", user },
                    { "fsGroup", user },
                    { "seccompProfile", new YMap { { "type", "RuntimeDefault" } } },
                }
            },
            { "topologySpreadConstraints", replicas > 1 ? new YSeq
                {
                    new YMap
                    {
                        { "maxSkew", 1 },
                        { "topologyKey", "kubernetes.io/hostname" },
                        { "whenUnsatisfiable", "ScheduleAnyway" },
                        { "labelSelector", new YMap { { "matchLabels", BuildContext.Map(labels) } } },
                    },
                } : null
            },
            { "containers", new YSeq { container } },
            { "volumes", new YSeq { new YMap { { "name", "tmp" }, { "emptyDir", new YMap() } } } },
        };
        return new YMap { { "metadata", new YMap { { "labels", BuildContext.Map(labels) } } }, { "spec", spec } };
    }

    private static string Image(BuildContext context, WellKnownApps.App? app)
    {
        var facts = context.Facts;
        string image;
        if (facts.Image is { } repository)
        {
            var tag = facts.Tag is { Length: > 0 } t && t != "latest" ? t : app?.Tag;
            if (tag is null)
            {
                context.Notes.Add($"The image {repository} has no pinned tag; a {Placeholders.Marker} tag marks it.");
                tag = Placeholders.Marker;
            }

            image = tag.StartsWith('@') ? repository + tag : $"{repository}:{tag}";
        }
        else if (app is not null)
        {
            image = $"{app.Image}:{app.Tag}";
        }
        else
        {
            context.Notes.Add($"The request names no image; '{Placeholders.Marker}/{context.Name}:{Placeholders.Marker}' marks it.");
            image = $"{Placeholders.Marker}/{context.Name}:{Placeholders.Marker}";
        }

        var allowed = context.Repository.Conventions.AllowedRegistries;
        if (allowed.Count > 0 && !Placeholders.Contains(image) && !allowed.Any(r => image.StartsWith(r.TrimEnd('/') + "/", StringComparison.Ordinal)))
        {
            context.Notes.Add($"The image {image} is not from an allowed registry ({string.Join(", ", allowed)}); a {Placeholders.Marker} registry marks it.");
            image = $"{allowed[0].TrimEnd('/')}/{Placeholders.Marker}/{image[(image.LastIndexOf('/') + 1)..]}";
        }

        return image;
    }

    private static YMap Resources(BuildContext context)
    {
        var conventions = context.Repository.Conventions;
        return new YMap
        {
            { "requests", new YMap { { "cpu", conventions.CpuRequest }, { "memory", conventions.MemoryRequest } } },
            { "limits", new YMap { { "cpu", conventions.CpuLimit }, { "memory", conventions.MemoryLimit } } },
        };
    }

    private static YMap Probe(BuildContext context, int period) => new()
    {
        { "tcpSocket", new YMap { { "port", PortName(context) } } },
        { "initialDelaySeconds", 5 },
        { "periodSeconds", period },
    };

    private static YMap ContainerSecurity(long user) => new()
    {
        { "allowPrivilegeEscalation", false },
        { "privileged", false },
        { "readOnlyRootFilesystem", true },
        { "runAsNonRoot", true },
        { "runAsUser", user },
        { "capabilities", new YMap { { "drop", new YSeq { "ALL" } } } },
    };
}
