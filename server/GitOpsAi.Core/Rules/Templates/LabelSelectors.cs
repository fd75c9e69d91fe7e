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

    /// <summary>
    /// The labels of a workload's pods read in place, as <see cref="PodLabels"/> reads them but without a dictionary: a
    /// rule that only matches them against a selector or two made one per rendered workload (19 MB of the 50k check).
    /// </summary>
    internal static MappingLabels PodLabelsInPlace(Manifest manifest) => new(manifest.PodTemplate?.Metadata?["labels"] as YamlMapping);

    /// <summary>Whether a plain map selector matches labels; a substituted value (${VAR}) matches anything.</summary>
    public static bool MapMatches(IReadOnlyDictionary<string, string> selector, IReadOnlyDictionary<string, string> labels)
    {
        foreach (var (key, value) in selector)
        {
            if (!Matches(key, value, new DictionaryLabels(labels)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary><see cref="MapMatches(IReadOnlyDictionary{string, string}, IReadOnlyDictionary{string, string})"/> for a selector mapping read in place.</summary>
    internal static bool MapMatches<TLabels>(YamlNode? selector, TLabels labels)
        where TLabels : ILabels
    {
        if (selector is not YamlMapping mapping)
        {
            return true;
        }

        var pairs = mapping.Pairs;
        for (var i = 0; i < pairs.Count; i++)
        {
            if (Label(pairs, i) is { } label && !Matches(label.Key, label.Value, labels))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Matches<TLabels>(string key, string value, TLabels labels)
        where TLabels : ILabels =>
        IsSubstituted(value) || (labels.TryGetValue(key, out var label) && (label == value || IsSubstituted(label)));

    /// <summary>
    /// The <paramref name="index"/>th pair as a label of <see cref="Map"/>'s, or null when it is not one: not a scalar, or
    /// a key written again later with a scalar (the map keeps the last).
    /// </summary>
    private static (string Key, string Value)? Label(IReadOnlyList<YamlPair> pairs, int index)
    {
        if (pairs[index] is not { KeyText: { } key, Value: YamlScalar scalar })
        {
            return null;
        }

        for (var later = index + 1; later < pairs.Count; later++)
        {
            if (pairs[later].Value is YamlScalar && pairs[later].KeyText == key)
            {
                return null;
            }
        }

        return (key, scalar.IsNull ? string.Empty : scalar.Value);
    }

    /// <summary>Whether a LabelSelector (matchLabels and matchExpressions) matches labels. An empty selector matches everything.</summary>
    public static bool Matches(YamlMapping? selector, IReadOnlyDictionary<string, string> labels) => Matches(selector, new DictionaryLabels(labels));

    /// <summary>
    /// <see cref="Matches(YamlMapping?, IReadOnlyDictionary{string, string})"/> for labels of any form, read in place: the
    /// selector's matchLabels and values too (a dictionary, a list and three delegates per match, 14 MB of the 50k check).
    /// </summary>
    internal static bool Matches<TLabels>(YamlMapping? selector, TLabels labels)
        where TLabels : ILabels
    {
        if (selector is null)
        {
            return true;
        }

        if (!MapMatches(selector["matchLabels"], labels))
        {
            return false;
        }

        var expressions = selector.GetSequence("matchExpressions")?.Items ?? [];
        for (var i = 0; i < expressions.Count; i++)
        {
            if (expressions[i] is not YamlMapping expression)
            {
                continue;
            }

            var key = expression.GetString("key") ?? string.Empty;
            var values = expression.GetSequence("values")?.Items ?? [];
            if (AnySubstituted(values))
            {
                continue;
            }

            var has = labels.TryGetValue(key, out var value);
            var ok = expression.GetString("operator") switch
            {
                "In" => has && Contains(values, value),
                "NotIn" => !has || !Contains(values, value),
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

    private static bool AnySubstituted(IReadOnlyList<YamlNode> values)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i] is YamlScalar scalar && IsSubstituted(scalar.Value))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Contains(IReadOnlyList<YamlNode> values, string value)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i] is YamlScalar scalar && scalar.Value == value)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when a LabelSelector mapping selects nothing in particular ({} or absent lists): it selects every pod.</summary>
    public static bool IsEmpty(YamlMapping? selector) =>
        selector is null || (!HasLabels(selector["matchLabels"]) && (selector.GetSequence("matchExpressions")?.Items.Count ?? 0) == 0);

    /// <summary>Whether <see cref="Map"/> of the node has a label, asked without making the map.</summary>
    private static bool HasLabels(YamlNode? node)
    {
        var pairs = (node as YamlMapping)?.Pairs ?? [];
        for (var i = 0; i < pairs.Count; i++)
        {
            if (pairs[i] is { KeyText: not null, Value: YamlScalar })
            {
                return true;
            }
        }

        return false;
    }

    public static bool IsSubstituted(string value) => value.Contains("${", StringComparison.Ordinal) || value.Contains("{{", StringComparison.Ordinal);
}

/// <summary>Labels to match a selector against, read without copying them (a struct: the matching is made for each form).</summary>
internal interface ILabels
{
    bool TryGetValue(string key, out string value);
}

/// <summary>Labels already in a dictionary.</summary>
internal readonly struct DictionaryLabels(IReadOnlyDictionary<string, string> labels) : ILabels
{
    public bool TryGetValue(string key, out string value) => labels.TryGetValue(key, out value!);
}

/// <summary>
/// The labels of a mapping read in place, as <see cref="LabelSelectors.Map"/> reads them: a scalar value under a key (a
/// null one is empty), and of a key written twice, its last scalar.
/// </summary>
internal readonly struct MappingLabels(YamlMapping? mapping) : ILabels
{
    public bool TryGetValue(string key, out string value)
    {
        var pairs = mapping?.Pairs ?? [];
        for (var i = pairs.Count - 1; i >= 0; i--)
        {
            if (pairs[i].Value is YamlScalar scalar && pairs[i].KeyText == key)
            {
                value = scalar.IsNull ? string.Empty : scalar.Value;
                return true;
            }
        }

        value = string.Empty;
        return false;
    }
}
