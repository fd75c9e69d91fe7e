using System.Text.Json.Nodes;

namespace GitOpsAi.Core.Rules.Templates;

/// <summary>Restricts a template to Flux objects (kind names like Kustomization are shared with kustomize's own).</summary>
public sealed class FluxOnly(IRuleTemplate inner) : IRuleTemplate
{
    public string TemplateName => inner.TemplateName;

    public IReadOnlyList<RuleParameterInfo> ParameterInfo => inner.ParameterInfo;

    public JsonObject ParameterValues => inner.ParameterValues;

    public IRuleTemplate WithParameters(JsonObject overrides, List<string> problems) => new FluxOnly(inner.WithParameters(overrides, problems));

    public void Check(RuleContext context)
    {
        if (context.Manifest.Group.EndsWith(".toolkit.fluxcd.io", StringComparison.Ordinal))
        {
            inner.Check(context);
        }
    }
}
