using System.ComponentModel;
using GitOpsAi.Core.Editing;
using GitOpsAi.Core.Yaml;
using Container = GitOpsAi.Core.Manifests.Container;

namespace GitOpsAi.Core.Rules.Templates;

public sealed record ContainerFieldParameters
{
    [Description("The field every container must set (e.g. readinessProbe, imagePullPolicy).")]
    public string Field { get; init; } = string.Empty;

    [Description("The value the field must have; empty means any value is fine as long as it is set.")]
    public string? Value { get; init; }

    [Description("The value the fix sets; empty offers no fix.")]
    public string? FixValue { get; init; }

    [Description("Workload kinds not checked (Polaris skips probes for Jobs and CronJobs).")]
    public IReadOnlyList<string> SkipKinds { get; init; } = [];

    [Description("Skip pods that run to completion (restartPolicy Never or OnFailure), such as bare batch Pods.")]
    public bool SkipRunToCompletionPods { get; init; }

    [Description("Check init containers too.")]
    public bool IncludeInitContainers { get; init; }

    [Description("Skip containers whose image is pinned by digest (image@sha256:...).")]
    public bool SkipDigestPinnedImages { get; init; }
}

/// <summary>A field every (regular) container must set, optionally to one value: probes, imagePullPolicy.</summary>
public sealed class ContainerFieldTemplate(ContainerFieldParameters? parameters = null) : RuleTemplate<ContainerFieldParameters>(parameters)
{
    public override string TemplateName => "container-field";

    protected override void Check(RuleContext context, ContainerFieldParameters parameters)
    {
        if (context.Manifest.PodTemplate is not { } pod || parameters.Field.Length == 0 || StringLists.Contains(parameters.SkipKinds, context.Manifest.Kind ?? string.Empty, StringComparison.Ordinal))
        {
            return;
        }

        if (parameters.SkipRunToCompletionPods && pod.Spec.GetString("restartPolicy") is "Never" or "OnFailure")
        {
            return;
        }

        // The two lists one after the other, by index: a concatenation and its enumerators per object checked (issue 13).
        CheckContainers(context, parameters, pod.Containers);
        if (parameters.IncludeInitContainers)
        {
            CheckContainers(context, parameters, pod.InitContainers);
        }
    }

    private static void CheckContainers(RuleContext context, ContainerFieldParameters parameters, IReadOnlyList<Container> containers)
    {
        for (var i = 0; i < containers.Count; i++)
        {
            var container = containers[i];
            if (parameters.SkipDigestPinnedImages && container.Image?.Contains("@sha256:", StringComparison.Ordinal) == true)
            {
                continue;
            }

            var value = container.Node[parameters.Field];
            if (value is null or YamlScalar { IsNull: true })
            {
                context.Report(PodSpecValues.ContainerSpan(container), $"Container '{container.Name}' has no {parameters.Field}.", (container, parameters, Preferred: true), static (context, state) => Fix(context, state.container, state.parameters, state.Preferred));
            }
            else if (!string.IsNullOrEmpty(parameters.Value) && PodSpecValues.Text(value) is { } text && text != parameters.Value)
            {
                // Overwriting a value the author chose is offered, but not applied by --fix.
                context.Report(value, $"Container '{container.Name}' sets {parameters.Field}: {text}, not {parameters.Value}.", (container, parameters, Preferred: false), static (context, state) => Fix(context, state.container, state.parameters, state.Preferred));
            }
        }
    }

    private static Diagnostics.CodeFix? Fix(RuleContext context, Container container, ContainerFieldParameters parameters, bool preferred) =>
        string.IsNullOrEmpty(parameters.FixValue)
            ? null
            : YamlEdits.Fix($"Set {parameters.Field}: {parameters.FixValue}", YamlEdits.SetValue(context.Source, container.Node, [parameters.Field], parameters.FixValue), preferred);
}
