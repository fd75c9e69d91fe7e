namespace GitOpsAi.Core.Generation.Builders;

/// <summary>
/// The workload a Service, Ingress, HPA, PDB, NetworkPolicy or Canary is "for": one generated in the same request, or
/// one of the repository (so its real pod labels and port are used), or, when neither exists, the labels the generator
/// would give a workload of that name.
/// </summary>
internal sealed record TargetWorkload(string Kind, string Name, IReadOnlyDictionary<string, string> PodLabels, int? Port, string? PortName, bool Known)
{
    public static TargetWorkload Resolve(BuildContext context)
    {
        if (context.Generated("Deployment", "StatefulSet", "DaemonSet") is { } generated)
        {
            return new TargetWorkload(generated.Kind, generated.Name, context.PodLabels(generated.Name),
                WorkloadBuilders.ContainerPort(context), WorkloadBuilders.PortName(context), Known: true);
        }

        var target = context.Facts.Target;
        var name = target?.Name ?? context.Name;
        if (context.Repository.FindWorkload(target?.Kind is "Deployment" or "StatefulSet" or "DaemonSet" ? target.Value.Kind : null, name) is { } found)
        {
            return new TargetWorkload(found.Kind, found.Name, found.PodLabels, found.Port, found.PortName, Known: true);
        }

        var port = context.Facts.TargetPort ?? context.Facts.Port;
        if (target is not null || !context.Facts.Kinds.Contains("Deployment"))
        {
            context.Notes.Add($"No workload named '{name}' is in the repository or the request; the selector assumes its pods carry {context.Repository.NameLabel}={name}.");
        }

        return new TargetWorkload(target?.Kind is "StatefulSet" or "DaemonSet" ? target.Value.Kind : "Deployment", name, context.PodLabels(name), port, port is null ? null : "http", Known: false);
    }
}
