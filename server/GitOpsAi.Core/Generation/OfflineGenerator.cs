using GitOpsAi.Core.Generation.Builders;

namespace GitOpsAi.Core.Generation;

/// <summary>
/// The default engine: deterministic, no network. Reads the facts of a request, runs the builder of every kind it
/// asks for (in a fixed order, so a Service built in the same request selects the Deployment's pods) and writes the
/// objects as YAML documents.
/// </summary>
public sealed class OfflineGenerator : IManifestEngine
{
    /// <summary>Kinds in build order: workloads first, then what points at them.</summary>
    private static readonly (string Kind, Action<BuildContext> Build)[] Builders =
    [
        ("Namespace", RbacBuilders.Namespace),
        ("ServiceAccount", RbacBuilders.ServiceAccount),
        ("Role", RbacBuilders.Role),
        ("RoleBinding", RbacBuilders.RoleBinding),
        ("ConfigMap", ConfigBuilders.ConfigMap),
        ("ExternalSecret", ConfigBuilders.ExternalSecret),
        ("SealedSecret", ConfigBuilders.SealedSecret),
        ("Deployment", WorkloadBuilders.Deployment),
        ("StatefulSet", WorkloadBuilders.StatefulSet),
        ("DaemonSet", WorkloadBuilders.DaemonSet),
        ("Job", WorkloadBuilders.Job),
        ("CronJob", WorkloadBuilders.CronJob),
        ("Service", NetworkBuilders.Service),
        ("Ingress", NetworkBuilders.Ingress),
        ("NetworkPolicy", NetworkBuilders.NetworkPolicy),
        ("HorizontalPodAutoscaler", ScalingBuilders.HorizontalPodAutoscaler),
        ("PodDisruptionBudget", ScalingBuilders.PodDisruptionBudget),
        ("GitRepository", FluxBuilders.GitRepository),
        ("HelmRepository", FluxBuilders.HelmRepository),
        ("OCIRepository", FluxBuilders.OCIRepository),
        ("HelmRelease", FluxBuilders.HelmRelease),
        ("Kustomization", FluxBuilders.Kustomization),
        ("ImageRepository", FluxBuilders.ImageRepository),
        ("ImagePolicy", FluxBuilders.ImagePolicy),
        ("ImageUpdateAutomation", FluxBuilders.ImageUpdateAutomation),
        ("Canary", FlaggerBuilders.Canary),
    ];

    public static IReadOnlyList<string> SupportedKinds { get; } = Builders.Select(b => b.Kind).ToArray();

    public static string SupportedSummary =>
        "The offline generator writes " + string.Join(", ", SupportedKinds) +
        " (a secret request becomes an ExternalSecret or a SealedSecret). Name the kind, e.g. 'deployment api image ghcr.io/acme/api:1.2.0 port 8080'.";

    public string Name => "offline";

    public Task<EngineReply> GenerateAsync(EngineInput input, CancellationToken cancellationToken) =>
        Task.FromResult(Generate(RequestParser.Parse(input.Request.Text), input.Context));

    public static EngineReply Generate(RequestFacts facts, RepositoryContext repository)
    {
        if (facts.Kinds.Count == 0)
        {
            return new EngineReply(string.Empty, [$"Nothing in '{facts.Text}' names a kind of object. {SupportedSummary}"]) { Unsupported = true };
        }

        var context = new BuildContext(facts, repository);
        foreach (var (kind, build) in Builders)
        {
            if (facts.Kinds.Contains(kind))
            {
                build(context);
            }
        }

        var yaml = string.Join("---\n", context.Objects.Select(o => YamlWriter.Write(o.Body)));
        return new EngineReply(yaml, context.Notes.Distinct(StringComparer.Ordinal).ToList());
    }
}
