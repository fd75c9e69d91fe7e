using System.ComponentModel;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Rules.Templates;

public sealed record UnsafeSysctlsParameters
{
    [Description("Prefixes of sysctl names that are unsafe to set from a pod (kube-linter's defaults).")]
    public IReadOnlyList<string> UnsafeSysctls { get; init; } = ["kernel.msg", "kernel.sem", "kernel.shm", "fs.mqueue.", "net."];
}

/// <summary>Pod-level sysctls (securityContext.sysctls) whose names start with an unsafe prefix. Reports only.</summary>
public sealed class UnsafeSysctlsTemplate(UnsafeSysctlsParameters? parameters = null) : RuleTemplate<UnsafeSysctlsParameters>(parameters)
{
    public override string TemplateName => "unsafe-sysctls";

    protected override void Check(RuleContext context, UnsafeSysctlsParameters parameters)
    {
        foreach (var sysctl in context.Manifest.PodTemplate?.SecurityContext?.GetSequence("sysctls")?.Items.OfType<YamlMapping>() ?? [])
        {
            if (PodSpecValues.Text(sysctl["name"]) is { } name && parameters.UnsafeSysctls.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal)))
            {
                context.Report(sysctl["name"]!, $"{context.Manifest.DisplayName} sets the unsafe sysctl {name}.");
            }
        }
    }
}
