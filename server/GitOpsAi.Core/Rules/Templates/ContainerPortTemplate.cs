using System.ComponentModel;
using GitOpsAi.Core.Manifests;
using GitOpsAi.Core.Yaml;
using Container = GitOpsAi.Core.Manifests.Container;

namespace GitOpsAi.Core.Rules.Templates;

public sealed record ContainerPortParameters
{
    [Description("The field of each ports entry to look at: hostPort or containerPort.")]
    public string Field { get; init; } = "containerPort";

    [Description("The port numbers to report; empty reports any non-zero port.")]
    public IReadOnlyList<int> Ports { get; init; } = [];

    [Description("The protocol to report (TCP, UDP, SCTP; an unset protocol is TCP); empty means any.")]
    public string Protocol { get; init; } = string.Empty;
}

/// <summary>Container ports that should not be used: any hostPort, or a containerPort such as 22 (SSH). Reports only.</summary>
public sealed class ContainerPortTemplate(ContainerPortParameters? parameters = null) : ContainerTemplate<ContainerPortParameters>(parameters)
{
    public override string TemplateName => "container-port";

    protected override void CheckContainer(RuleContext context, PodTemplate pod, Container container, ContainerPortParameters parameters)
    {
        // By index: an OfType iterator per container of every object, for each port rule (issue 13).
        var ports = container.Node.GetSequence("ports")?.Items ?? [];
        for (var i = 0; i < ports.Count; i++)
        {
            if (ports[i] is not YamlMapping port || port[parameters.Field] is not YamlScalar value || !YamlScalarResolver.TryGetInteger(value.Value, out var number) || number == 0)
            {
                continue;
            }

            var protocol = port.GetString("protocol") ?? "TCP";
            if ((parameters.Ports.Count > 0 && !parameters.Ports.Contains((int)number))
                || (parameters.Protocol.Length > 0 && !string.Equals(protocol, parameters.Protocol, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            var what = parameters.Field == "hostPort" ? "binds the node's port" : $"exposes {parameters.Field}";
            context.Report(value, $"Container '{container.Name}' {what} {number}/{protocol}.");
        }
    }
}
