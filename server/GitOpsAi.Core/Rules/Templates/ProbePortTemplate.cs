using System.ComponentModel;
using GitOpsAi.Core.Manifests;
using GitOpsAi.Core.Yaml;
using Container = GitOpsAi.Core.Manifests.Container;

namespace GitOpsAi.Core.Rules.Templates;

public sealed record ProbePortParameters
{
    [Description("The probes to check.")]
    public IReadOnlyList<string> Probes { get; init; } = ["livenessProbe", "readinessProbe", "startupProbe"];

    [Description("Report numeric probe ports the container does not list in its ports (kube-linter); false reports only port names that no port declares.")]
    public bool RequireDeclaredNumericPorts { get; init; } = true;
}

/// <summary>
/// httpGet, tcpSocket and grpc probes must target a TCP port the container declares: by name (a missing name fails
/// the probe) or, by default, by number.
/// </summary>
public sealed class ProbePortTemplate(ProbePortParameters? parameters = null) : ContainerTemplate<ProbePortParameters>(parameters)
{
    public override string TemplateName => "probe-port";

    protected override bool IncludeInitContainers => false;

    protected override void CheckContainer(RuleContext context, PodTemplate pod, Container container, ProbePortParameters parameters)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var numbers = new HashSet<long>();
        var ports = container.Node.GetSequence("ports")?.Items.OfType<YamlMapping>().ToList() ?? [];
        if (ports.Any(p => PodSpecValues.IsSubstituted(p["name"]) || PodSpecValues.IsSubstituted(p["containerPort"])))
        {
            return; // the declared ports are only known at apply time
        }

        foreach (var port in ports)
        {
            if (port.GetString("protocol") is { } protocol && protocol != "TCP")
            {
                continue;
            }

            if (port.GetString("name") is { } name)
            {
                names.Add(name);
            }

            if (port.GetString("containerPort") is { } number && YamlScalarResolver.TryGetInteger(number, out var value))
            {
                numbers.Add(value);
            }
        }

        foreach (var probeName in parameters.Probes)
        {
            if (container.Node.GetMapping(probeName) is not { } probe)
            {
                continue;
            }

            foreach (var handler in new[] { "httpGet", "tcpSocket", "grpc" })
            {
                if (probe.At(handler, "port") is not YamlScalar { IsNull: false } port || PodSpecValues.IsSubstituted(port))
                {
                    continue;
                }

                long number = 0;
                var isNumber = port.Type == YamlScalarType.Integer && YamlScalarResolver.TryGetInteger(port.Value, out number);
                var declared = isNumber ? !parameters.RequireDeclaredNumericPorts || numbers.Contains(number) : names.Contains(port.Value);
                if (!declared)
                {
                    var what = isNumber ? $"port {port.Value}" : $"a port named '{port.Value}'";
                    context.Report(port, $"The {probeName} of container '{container.Name}' targets {what}, which the container does not declare.");
                }
            }
        }
    }
}
