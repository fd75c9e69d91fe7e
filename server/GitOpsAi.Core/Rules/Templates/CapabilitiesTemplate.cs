using System.ComponentModel;
using GitOpsAi.Core.Editing;
using GitOpsAi.Core.Manifests;
using GitOpsAi.Core.Yaml;
using Container = GitOpsAi.Core.Manifests.Container;

namespace GitOpsAi.Core.Rules.Templates;

public sealed record CapabilitiesParameters
{
    [Description("Capabilities that must not be added (securityContext.capabilities.add); adding ALL counts as adding each of them.")]
    public IReadOnlyList<string> ForbiddenAdded { get; init; } = [];

    [Description("Capabilities that must be dropped (securityContext.capabilities.drop); dropping ALL satisfies this.")]
    public IReadOnlyList<string> RequiredDropped { get; init; } = [];

    [Description("Only check containers that declare securityContext.capabilities at all (kube-linter's behaviour).")]
    public bool OnlyWhenCapabilitiesSet { get; init; }

    [Description("The capability the fix adds to the drop list (e.g. ALL or NET_RAW); empty offers no fix.")]
    public string FixDrop { get; init; } = string.Empty;
}

/// <summary>Linux capabilities of containers: some must not be added, some must be dropped (or ALL dropped).</summary>
public sealed class CapabilitiesTemplate(CapabilitiesParameters? parameters = null) : ContainerTemplate<CapabilitiesParameters>(parameters)
{
    public override string TemplateName => "capabilities";

    // The forbidden names as compared, once per parameters, not a set per container checked (a record's own field would
    // change its equality, so a table beside it).
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<CapabilitiesParameters, HashSet<string>> Forbidden = new();

    protected override void CheckContainer(RuleContext context, PodTemplate pod, Container container, CapabilitiesParameters parameters)
    {
        var capabilities = container.SecurityContext?.GetMapping("capabilities");
        if (capabilities is null && parameters.OnlyWhenCapabilitiesSet)
        {
            return;
        }

        var forbidden = Forbidden.GetValue(parameters, p => p.ForbiddenAdded.Select(PodSpecValues.Capability).ToHashSet(StringComparer.Ordinal));
        foreach (var added in PodSpecValues.Items(capabilities?["add"]))
        {
            var name = PodSpecValues.Capability(added.Value);
            if (forbidden.Count > 0 && (forbidden.Contains(name) || name == "ALL"))
            {
                context.Report(added, $"Container '{container.Name}' adds the capability {added.Value}.");
            }
        }

        if (parameters.RequiredDropped.Count == 0 || PodSpecValues.IsSubstituted(capabilities?["drop"])
            || (capabilities?["drop"] as YamlSequence)?.Items.Any(PodSpecValues.IsSubstituted) == true)
        {
            return;
        }

        // No set made for a container that drops nothing (most containers of a repository, each of every rendered object).
        var dropped = capabilities?["drop"] is YamlSequence { Items.Count: > 0 } drop
            ? PodSpecValues.Items(drop).Select(s => PodSpecValues.Capability(s.Value)).ToHashSet(StringComparer.Ordinal)
            : NothingDropped;
        if (dropped.Contains("ALL"))
        {
            return;
        }

        var missing = parameters.RequiredDropped.Select(PodSpecValues.Capability).Where(c => !dropped.Contains(c)).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        var where = (capabilities?.GetPair("drop")?.Key ?? container.SecurityContext?.GetPair("capabilities")?.Key)?.Span ?? PodSpecValues.ContainerSpan(container);
        var message = missing.Count == 1 ? $"Container '{container.Name}' does not drop the capability {missing[0]}."
            : dropped.Count == 0 ? $"Container '{container.Name}' does not drop any capabilities."
            : $"Container '{container.Name}' does not drop ALL capabilities; it keeps {string.Join(", ", missing)}.";
        context.Report(where, message, () => Fix(context, container, capabilities, parameters.FixDrop));
    }

    private static readonly HashSet<string> NothingDropped = new(StringComparer.Ordinal);

    private static Diagnostics.CodeFix? Fix(RuleContext context, Container container, YamlMapping? capabilities, string capability)
    {
        if (capability.Length == 0)
        {
            return null;
        }

        var edit = capabilities?["drop"] is YamlSequence drop
            ? YamlEdits.AppendItem(context.Source, drop, capability)
            : YamlEdits.SetValue(context.Source, container.Node, ["securityContext", "capabilities", "drop"], $"- {capability}\n");
        return YamlEdits.Fix($"Drop the capability {capability}", edit);
    }
}
