using System.ComponentModel;
using GitOpsAi.Core.Editing;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Rules.Templates;

public sealed record RequiredFieldParameters
{
    [Description("The dotted path of the field, from the object root (e.g. spec.prune).")]
    public string Path { get; init; } = string.Empty;

    [Description("The value the field must have; empty means any value is fine as long as it is set.")]
    public string? Value { get; init; }

    [Description("The value the fix inserts when the field is missing.")]
    public string? FixValue { get; init; }
}

/// <summary>A field that must be set (to a value): e.g. a Flux Kustomization's spec.prune: true.</summary>
public sealed class RequiredFieldTemplate(RequiredFieldParameters? parameters = null) : RuleTemplate<RequiredFieldParameters>(parameters)
{
    public override string TemplateName => "required-field";

    protected override void Check(RuleContext context, RequiredFieldParameters parameters)
    {
        var path = PodSpecValues.FieldPath(parameters.Path);
        var node = context.Manifest.Root.At(path);
        if (node is YamlScalar scalar && !scalar.IsNull && !PodSpecValues.IsSubstituted(scalar) && parameters.Value is not null && scalar.Value != parameters.Value)
        {
            // The value was written explicitly: offered in the editor, never applied by --fix.
            context.Report(scalar, $"{context.Manifest.DisplayName} sets {parameters.Path}: {scalar.Value}. {context.Rule.Remediation}", (scalar, parameters), static (context, state) =>
                YamlEdits.Fix($"Set {state.parameters.Path}: {state.parameters.Value}", new Diagnostics.TextEdit(state.scalar.Span, state.parameters.Value!), preferred: false));
            return;
        }

        if (node is not null && node is not YamlScalar { IsNull: true })
        {
            return;
        }

        if (context.Manifest.Kind is { } kind && context.Workspace.PatchDefaults.FieldsFor(kind).Contains(parameters.Path))
        {
            return; // a parent Kustomization's inline patch sets it at apply time
        }

        var value = parameters.FixValue ?? parameters.Value;
        if (value is null)
        {
            context.Report(context.ObjectSpan, $"{context.Manifest.DisplayName} does not set {parameters.Path}. {context.Rule.Remediation}");
            return;
        }

        context.Report(context.ObjectSpan, $"{context.Manifest.DisplayName} does not set {parameters.Path}. {context.Rule.Remediation}", (Field: parameters.Path, Path: path, Value: value), static (context, state) =>
            YamlEdits.Fix($"Set {state.Field}: {state.Value}", YamlEdits.SetValue(context.Source, context.Manifest.Root, state.Path, state.Value)));
    }
}
