using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.AdmissionPolicies;

/// <summary>A Kubernetes label selector (matchLabels and matchExpressions, no wildcards); an empty one selects everything.</summary>
internal sealed record LabelSelectorSpec(IReadOnlyDictionary<string, string> MatchLabels, IReadOnlyList<(string Key, string Operator, IReadOnlyList<string> Values)> MatchExpressions)
{
    public bool IsEmpty => MatchLabels.Count == 0 && MatchExpressions.Count == 0;

    public static LabelSelectorSpec? From(YamlNode? node)
    {
        if (node is not YamlMapping mapping)
        {
            return null;
        }

        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in mapping.GetMapping("matchLabels")?.Pairs ?? [])
        {
            if (pair.KeyText is { } key)
            {
                labels[key] = (pair.Value as YamlScalar)?.Value ?? string.Empty;
            }
        }

        var expressions = new List<(string, string, IReadOnlyList<string>)>();
        foreach (var item in mapping.GetSequence("matchExpressions")?.Items.OfType<YamlMapping>() ?? [])
        {
            var values = item.GetSequence("values")?.Items.OfType<YamlScalar>().Select(s => s.Value).ToList() ?? [];
            expressions.Add((item.GetString("key") ?? string.Empty, item.GetString("operator") ?? string.Empty, values));
        }

        return new LabelSelectorSpec(labels, expressions);
    }

    public bool Matches(IReadOnlyDictionary<string, string> labels) =>
        MatchLabels.All(l => labels.TryGetValue(l.Key, out var v) && v == l.Value)
        && MatchExpressions.All(e => e.Operator switch
        {
            "In" => labels.TryGetValue(e.Key, out var v) && e.Values.Contains(v),
            "NotIn" => !labels.TryGetValue(e.Key, out var v) || !e.Values.Contains(v),
            "Exists" => labels.ContainsKey(e.Key),
            "DoesNotExist" => !labels.ContainsKey(e.Key),
            _ => false,
        });
}
