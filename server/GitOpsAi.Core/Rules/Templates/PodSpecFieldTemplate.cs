using System.ComponentModel;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Rules.Templates;

public sealed record PodSpecFieldParameters
{
    [Description("The field of the pod spec, as a dotted path (e.g. hostNetwork, priorityClassName).")]
    public string Field { get; init; } = string.Empty;

    [Description("Values that are reported when the field is set to one of them (e.g. true for hostNetwork).")]
    public IReadOnlyList<string> ForbiddenValues { get; init; } = [];

    [Description("Report pod specs that leave the field unset.")]
    public bool Required { get; init; }
}

/// <summary>
/// A field of the pod spec that must not have some values (hostNetwork: true, hostPID: true...) or must be set at all
/// (priorityClassName). Reports only; these fields are deliberate choices, so no fix is offered.
/// </summary>
public sealed class PodSpecFieldTemplate(PodSpecFieldParameters? parameters = null) : RuleTemplate<PodSpecFieldParameters>(parameters)
{
    public override string TemplateName => "pod-spec-field";

    protected override void Check(RuleContext context, PodSpecFieldParameters parameters)
    {
        if (context.Manifest.PodTemplate is not { } pod || parameters.Field.Length == 0)
        {
            return;
        }

        var value = pod.Spec.At(PodSpecValues.FieldPath(parameters.Field));
        if (value is null or YamlScalar { IsNull: true })
        {
            if (parameters.Required)
            {
                context.Report(PodSpecValues.PodSpecSpan(context), $"{new ObjectName(context.Manifest)} does not set {parameters.Field}.");
            }

            return;
        }

        if (PodSpecValues.Text(value) is { } text && parameters.ForbiddenValues.Contains(text, StringComparer.OrdinalIgnoreCase))
        {
            context.Report(value, $"{new ObjectName(context.Manifest)} sets {parameters.Field}: {text}.");
        }
    }
}
