using System.Globalization;
using GitOpsAi.Core.Expressions.JmesPath;

namespace GitOpsAi.Core.Kyverno.Mutation;

/// <summary>What a mutation changed, in words for a hint: "sets spec.replicas to 2", "adds metadata.labels.team", "removes ...".</summary>
internal static class MutationChanges
{
    private const int MaxValueLength = 60;

    public static IReadOnlyList<string> Describe(JValue before, JValue after)
    {
        var changes = new List<string>();
        Compare(before, after, string.Empty, changes);
        return changes;
    }

    private static void Compare(JValue before, JValue after, string path, List<string> changes)
    {
        if (JValue.DeepEquals(before, after))
        {
            return;
        }

        switch (before, after)
        {
            case (JObject a, JObject b):
                foreach (var (key, value) in b.Entries)
                {
                    var child = Join(path, key);
                    if (a.Get(key) is { } old)
                    {
                        Compare(old, value, child, changes);
                    }
                    else
                    {
                        Added(value, child, changes);
                    }
                }

                changes.AddRange(a.Keys.Where(k => !b.ContainsKey(k)).Select(k => $"removes {Join(path, k)}"));
                break;
            case (JArray a, JArray b) when a.Items.Count == b.Items.Count:
                for (var i = 0; i < a.Items.Count; i++)
                {
                    Compare(a.Items[i], b.Items[i], $"{path}[{i.ToString(CultureInfo.InvariantCulture)}]", changes);
                }

                break;
            default:
                changes.Add($"sets {(path.Length == 0 ? "the object" : path)} to {Short(after)}");
                break;
        }
    }

    /// <summary>A new field in words: each scalar it sets ("sets a.b.c to 1"), a list as a whole.</summary>
    private static void Added(JValue value, string path, List<string> changes)
    {
        if (value is JObject { Count: > 0 } obj)
        {
            foreach (var (key, item) in obj.Entries)
            {
                Added(item, Join(path, key), changes);
            }
        }
        else
        {
            changes.Add(value is JArray ? $"adds {path}: {Short(value)}" : $"sets {path} to {Short(value)}");
        }
    }

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    private static string Short(JValue value)
    {
        var json = value.ToJson();
        return json.Length <= MaxValueLength ? json : json[..(MaxValueLength - 3)] + "...";
    }
}
