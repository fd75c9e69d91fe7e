using GitOpsAi.Core.Text;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Rules.Templates;

/// <summary>Small helpers the pod- and container-level templates share: reading values and where to report.</summary>
public static class PodSpecValues
{
    /// <summary>A value with a Flux <c>${VAR}</c> substitution: its real value is only known at apply time.</summary>
    public static bool IsSubstituted(YamlNode? node) => node is YamlScalar scalar && scalar.Value.Contains("${", StringComparison.Ordinal);

    /// <summary>The scalar text of a value that is set (not null, not substituted), else null.</summary>
    public static string? Text(YamlNode? node) => node is YamlScalar { IsNull: false } scalar && !IsSubstituted(scalar) ? scalar.Value : null;

    /// <summary>The scalar items of a list, skipping substitutions and non-scalars.</summary>
    public static IEnumerable<YamlScalar> Items(YamlNode? list) =>
        (list as YamlSequence)?.Items.OfType<YamlScalar>().Where(s => !s.IsNull && !IsSubstituted(s)) ?? [];

    /// <summary>
    /// Where to report a pod-level field that is missing: the key of the pod spec (template.spec for workloads, spec for
    /// Pods), which is where the field goes; else the object's name.
    /// </summary>
    public static TextSpan PodSpecSpan(RuleContext context)
    {
        if (Manifests.WorkloadKinds.PodSpecPath(context.Manifest.Kind) is { Length: > 0 } path
            && context.Manifest.Root.At(path.AsSpan(0, path.Length - 1)) is YamlMapping parent // a span: path[..^1] copied the path per rule and object
            && parent.GetPair(path[^1]) is { } pair)
        {
            return pair.Key.Span;
        }

        return context.ObjectSpan;
    }

    /// <summary>
    /// A dotted field of the rule's parameters ("windowsOptions.hostProcess") as the keys it names, split once per field:
    /// the pod- and security-context-field rules split it again for every object checked (issue 13). Shared, so never changed.
    /// </summary>
    public static string[] FieldPath(string field) => FieldPaths.GetOrAdd(field, static f => f.Split('.', StringSplitOptions.RemoveEmptyEntries));

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string[]> FieldPaths = new(StringComparer.Ordinal);

    /// <summary>Where to report a container-level problem: its name, or the container itself.</summary>
    public static TextSpan ContainerSpan(Manifests.Container container) => (container.Node["name"] ?? container.Node).Span;

    /// <summary>A Linux capability name as Kubernetes compares it: upper case, without the optional CAP_ prefix.</summary>
    public static string Capability(string name)
    {
        var upper = name.Trim().ToUpperInvariant();
        return upper.StartsWith("CAP_", StringComparison.Ordinal) ? upper[4..] : upper;
    }

}
