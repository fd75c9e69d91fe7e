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

        // The drop list is searched, not made a set, and the missing list is only made for a finding: a set, a list and
        // their iterators per container of every rendered object were 1 % of the 50,000-resource check's CPU (issue 13).
        var drop = capabilities?["drop"] as YamlSequence;
        if (Drops(drop, "ALL"))
        {
            return;
        }

        List<string>? missing = null;
        foreach (var required in Required.GetValue(parameters, p => [.. p.RequiredDropped.Select(PodSpecValues.Capability)]))
        {
            if (!Drops(drop, required))
            {
                (missing ??= []).Add(required);
            }
        }

        if (missing is null)
        {
            return;
        }

        var where = (capabilities?.GetPair("drop")?.Key ?? container.SecurityContext?.GetPair("capabilities")?.Key)?.Span ?? PodSpecValues.ContainerSpan(container);
        var message = missing.Count == 1 ? $"Container '{container.Name}' does not drop the capability {missing[0]}."
            : !PodSpecValues.Items(drop).Any() ? $"Container '{container.Name}' does not drop any capabilities."
            : $"Container '{container.Name}' does not drop ALL capabilities; it keeps {string.Join(", ", missing)}.";
        context.Report(where, message, (container, capabilities, parameters.FixDrop), static (context, state) => Fix(context, state.container, state.capabilities, state.FixDrop));
    }

    /// <summary>The required names as compared, once per parameters (as <see cref="Forbidden"/>).</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<CapabilitiesParameters, string[]> Required = new();

    /// <summary>Whether the drop list names the capability (as compared: upper case, without CAP_; substitutions skipped).</summary>
    private static bool Drops(YamlSequence? drop, string capability)
    {
        var items = drop?.Items ?? [];
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is YamlScalar { IsNull: false } scalar && !PodSpecValues.IsSubstituted(scalar) && PodSpecValues.Capability(scalar.Value) == capability)
            {
                return true;
            }
        }

        return false;
    }

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
