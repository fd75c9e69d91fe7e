using System.Diagnostics;
using System.Text.Json.Nodes;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Tests.Support;

/// <summary>
/// kubectl kustomize as the oracle for the renderer: runs it (skipping cleanly when kubectl is absent) and compares
/// two YAML streams object by object, field by field, with types (a quoted "8080" is not 8080); order and formatting aside.
/// </summary>
public static class KustomizeOracle
{
    private static readonly Lazy<string?> KubectlPath = new(() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
            .Select(d => Path.Combine(d, "kubectl")).FirstOrDefault(File.Exists));

    public static string RequireKubectl() => KubectlPath.Value ?? Ignore();

    private static string Ignore()
    {
        Assert.Ignore("kubectl is not installed; the kustomize oracle comparison is skipped.");
        return string.Empty;
    }

    /// <summary>Runs <c>kubectl kustomize --load-restrictor LoadRestrictionsNone</c> on a folder.</summary>
    public static (bool Succeeded, string Output, string Error) Build(string directory)
    {
        var start = new ProcessStartInfo(RequireKubectl(), ["kustomize", "--load-restrictor", "LoadRestrictionsNone", directory])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode == 0, output.Result, error);
    }

    /// <summary>The objects of a YAML stream, keyed by apiVersion, kind, namespace and name.</summary>
    public static Dictionary<string, JsonNode?> Objects(string yaml)
    {
        var result = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var document in YamlParser.Parse(yaml).Documents)
        {
            if (document.RootMapping is not { } root)
            {
                continue;
            }

            var metadata = root.GetMapping("metadata");
            var key = $"{root.GetString("apiVersion")} {root.GetString("kind")} {metadata?.GetString("namespace")}/{metadata?.GetString("name")}";
            result[key] = YamlToJson.Convert(root);
        }

        return result;
    }

    /// <summary>Every difference between what kubectl printed and what we rendered, one line each (empty when they agree).</summary>
    public static List<string> Differences(string expectedYaml, string actualYaml)
    {
        var expected = Objects(expectedYaml);
        var actual = Objects(actualYaml);
        var differences = new List<string>();
        foreach (var (key, node) in expected)
        {
            if (!actual.TryGetValue(key, out var other))
            {
                differences.Add($"missing {key}");
            }
            else
            {
                Compare(key, node, other, differences);
            }
        }

        differences.AddRange(actual.Keys.Where(k => !expected.ContainsKey(k)).Select(k => $"extra {k}"));
        return differences;
    }

    private static void Compare(string path, JsonNode? expected, JsonNode? actual, List<string> differences)
    {
        switch (expected, actual)
        {
            case (JsonObject e, JsonObject a):
                foreach (var (key, value) in e)
                {
                    if (!a.ContainsKey(key))
                    {
                        differences.Add($"{path}.{key}: missing (expected {Show(value)})");
                    }
                    else
                    {
                        Compare($"{path}.{key}", value, a[key], differences);
                    }
                }

                differences.AddRange(a.Where(p => !e.ContainsKey(p.Key)).Select(p => $"{path}.{p.Key}: unexpected {Show(p.Value)}"));
                break;
            case (JsonArray e, JsonArray a) when e.Count == a.Count:
                for (var i = 0; i < e.Count; i++)
                {
                    Compare($"{path}[{i}]", e[i], a[i], differences);
                }

                break;
            default:
                if (!JsonNode.DeepEquals(expected, actual))
                {
                    differences.Add($"{path}: expected {Show(expected)}, got {Show(actual)}");
                }

                break;
        }
    }

    private static string Show(JsonNode? node)
    {
        var text = node?.ToJsonString() ?? "null";
        return text.Length > 120 ? text[..120] + "..." : text;
    }
}
