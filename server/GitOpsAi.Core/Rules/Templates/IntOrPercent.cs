using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Rules.Templates;

/// <summary>Int-or-percent fields (minAvailable, maxUnavailable) and replica counts.</summary>
public static class IntOrPercent
{
    /// <summary>Parses "3" or "50%"; null for substitutions and nonsense.</summary>
    public static (long Value, bool IsPercent)? Parse(YamlNode? node)
    {
        if (node is not YamlScalar { IsNull: false } scalar || LabelSelectors.IsSubstituted(scalar.Value))
        {
            return null;
        }

        var text = scalar.Value.Trim();
        var percent = text.EndsWith('%');
        return YamlScalarResolver.TryGetInteger(percent ? text[..^1] : text, out var value) ? (value, percent) : null;
    }

    public static long? Integer(YamlNode? node) =>
        node is YamlScalar { IsNull: false } scalar && YamlScalarResolver.TryGetInteger(scalar.Value, out var value) ? value : null;
}
