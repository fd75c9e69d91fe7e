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

    private static readonly string[] Handlers = ["httpGet", "tcpSocket", "grpc"];

    protected override void CheckContainer(RuleContext context, PodTemplate pod, Container container, ProbePortParameters parameters)
    {
        // The declared ports are scanned where a probe asks, not copied into sets first: a container lists a port or two,
        // and the sets and lists made for every container of every rendered object were a tenth of its checks (issue 13).
        // By index: an enumerator per list walked, 2 MB of a 50,000-resource check.
        var ports = container.Node.GetSequence("ports")?.Items ?? [];
        for (var i = 0; i < ports.Count; i++)
        {
            if (ports[i] is YamlMapping declared && (PodSpecValues.IsSubstituted(declared["name"]) || PodSpecValues.IsSubstituted(declared["containerPort"])))
            {
                return; // the declared ports are only known at apply time
            }
        }

        var probes = parameters.Probes;
        for (var p = 0; p < probes.Count; p++)
        {
            var probeName = probes[p];
            if (container.Node.GetMapping(probeName) is not { } probe)
            {
                continue;
            }

            foreach (var handler in Handlers)
            {
                if (probe.At(handler, "port") is not YamlScalar { IsNull: false } port || PodSpecValues.IsSubstituted(port))
                {
                    continue;
                }

                long number = 0;
                var isNumber = port.Type == YamlScalarType.Integer && YamlScalarResolver.TryGetInteger(port.Value, out number);
                var declared = isNumber ? !parameters.RequireDeclaredNumericPorts || DeclaresNumber(ports, number) : DeclaresName(ports, port.Value);
                if (!declared)
                {
                    var what = isNumber ? $"port {port.Value}" : $"a port named '{port.Value}'";
                    context.Report(port, $"The {probeName} of container '{container.Name}' targets {what}, which the container does not declare.");
                }
            }
        }
    }

    /// <summary>Only TCP ports can be probed; a port without a protocol is TCP.</summary>
    private static bool IsTcp(YamlMapping port) => port.GetString("protocol") is not { } protocol || protocol == "TCP";

    private static bool DeclaresNumber(IReadOnlyList<YamlNode> ports, long number)
    {
        for (var i = 0; i < ports.Count; i++)
        {
            if (ports[i] is YamlMapping port && IsTcp(port) && port.GetString("containerPort") is { } text && YamlScalarResolver.TryGetInteger(text, out var value) && value == number)
            {
                return true;
            }
        }

        return false;
    }

    private static bool DeclaresName(IReadOnlyList<YamlNode> ports, string name)
    {
        for (var i = 0; i < ports.Count; i++)
        {
            if (ports[i] is YamlMapping port && IsTcp(port) && port.GetString("name") == name)
            {
                return true;
            }
        }

        return false;
    }
}
