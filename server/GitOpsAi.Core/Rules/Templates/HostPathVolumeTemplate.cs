using System.ComponentModel;
using GitOpsAi.Core.Text;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Rules.Templates;

public sealed record HostPathVolumeParameters
{
    [Description("Regular expressions of host paths to report; empty reports every hostPath volume.")]
    public IReadOnlyList<string> Paths { get; init; } = [];

    [Description("Report a volume only when a container mounts it (kube-linter's host-mounts); otherwise report every such volume (Polaris's hostPathSet).")]
    public bool OnlyWhenMounted { get; init; }
}

/// <summary>hostPath volumes (all of them, or those of sensitive host paths such as /etc or docker.sock). Reports only.</summary>
public sealed class HostPathVolumeTemplate(HostPathVolumeParameters? parameters = null) : RuleTemplate<HostPathVolumeParameters>(parameters)
{
    public override string TemplateName => "host-path-volume";

    protected override void Check(RuleContext context, HostPathVolumeParameters parameters)
    {
        if (context.Manifest.PodTemplate is not { } pod || pod.Spec.GetSequence("volumes") is not { } volumes)
        {
            return;
        }

        foreach (var volume in volumes.Items.OfType<YamlMapping>())
        {
            if (volume["hostPath"] is YamlMapping hostPath && !PodSpecValues.IsSubstituted(hostPath["path"]))
            {
                CheckVolume(context, parameters, pod, volume, hostPath);
            }
        }
    }

    // Its own method: the lambdas' captures made a closure on entry for every pod checked, hostPath or not (3 MB of a
    // 50,000-resource check).
    private static void CheckVolume(RuleContext context, HostPathVolumeParameters parameters, Manifests.PodTemplate pod, YamlMapping volume, YamlMapping hostPath)
    {
        var path = hostPath.GetString("path") ?? string.Empty;
        var normalized = path.Length > 1 ? path.TrimEnd('/') : path; // "/etc/" is /etc
        if (parameters.Paths.Count > 0 && !parameters.Paths.Any(pattern => context.Regexes.IsMatch(normalized, pattern)))
        {
            return;
        }

        var name = volume.GetString("name");
        var mountedBy = pod.AllContainers
            .Where(c => c.Node.GetSequence("volumeMounts")?.Items.OfType<YamlMapping>().Any(m => name is not null && m.GetString("name") == name) == true)
            .Select(c => $"'{c.Name}'")
            .ToList();
        if (parameters.OnlyWhenMounted && mountedBy.Count == 0)
        {
            return;
        }

        var where = mountedBy.Count == 0 ? string.Empty : $" into container{(mountedBy.Count == 1 ? string.Empty : "s")} {string.Join(", ", mountedBy)}";
        context.Report(hostPath["path"] ?? volume["hostPath"]!, $"Volume '{name}' mounts the host path '{path}'{where}.");
    }
}
