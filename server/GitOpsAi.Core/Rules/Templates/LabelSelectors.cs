using GitOpsAi.Core.Manifests;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Rules.Templates;

/// <summary>Label selectors: matchLabels / matchExpressions, or a plain map (Service, ReplicationController).</summary>
public static class LabelSelectors
{
    /// <summary>The labels of a mapping (metadata.labels or a plain selector map).</summary>
    public static Dictionary<string, string> Map(YamlNode? node)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node is YamlMapping mapping)
        {
            foreach (var pair in mapping.Pairs)
            {
                if (pair.KeyText is { } key && pair.Value is YamlScalar scalar)
                {
                    result[key] = scalar.IsNull ? string.Empty : scalar.Value;
                }
            }
        }

        return result;
    }

    /// <summary>The labels of a workload's pods (its pod template's metadata.labels).</summary>
    public static Dictionary<string, string> PodLabels(Manifest manifest) =>
        Map(manifest.PodTemplate?.Metadata?["labels"]);

    /// <summary>Whether a plain map selector matches labels; a substituted value (${VAR}) matches anything.</summary>
    public static bool MapMatches(IReadOnlyDictionary<string, string> selector, IReadOnlyDictionary<string, string> labels) =>
        selector.All(s => IsSubstituted(s.Value) || (labels.TryGetValue(s.Key, out var value) && (value == s.Value || IsSubstituted(value))));

    /// <summary>Whether a LabelSelector (matchLabels and matchExpressions) matches labels. An empty selector matches everything.</summary>
    public static bool Matches(YamlMapping? selector, IReadOnlyDictionary<string, string> labels)
    {
        if (selector is null)
        {
            return true;
        }

        if (!MapMatches(Map(selector["matchLabels"]), labels))
        {
            return false;
        }

        foreach (var expression in (selector.GetSequence("matchExpressions")?.Items ?? []).OfType<YamlMapping>())
        {
            var key = expression.GetString("key") ?? string.Empty;
            var values = (expression.GetSequence("values")?.Items ?? []).OfType<YamlScalar>().Select(v => v.Value).ToList();
            if (values.Any(IsSubstituted))
            {
                continue;
            }

            var has = labels.TryGetValue(key, out var value);
            var ok = expression.GetString("operator") switch
            {
                "In" => has && values.Contains(value!),
                "NotIn" => !has || !values.Contains(value!),
                "Exists" => has,
                "DoesNotExist" => !has,
                _ => true,
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when a LabelSelector mapping selects nothing in particular ({} or absent lists): it selects every pod.</summary>
    public static bool IsEmpty(YamlMapping? selector) =>
        selector is null || (Map(selector["matchLabels"]).Count == 0 && (selector.GetSequence("matchExpressions")?.Items.Count ?? 0) == 0);

    public static bool IsSubstituted(string value) => value.Contains("${", StringComparison.Ordinal) || value.Contains("{{", StringComparison.Ordinal);
}
