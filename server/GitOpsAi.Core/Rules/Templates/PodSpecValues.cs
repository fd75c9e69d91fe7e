using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Text;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Rules.Templates;

/// <summary>Small helpers the pod- and container-level templates share: reading values, where to report, appending list items.</summary>
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
            && context.Manifest.Root.At(path[..^1]) is YamlMapping parent
            && parent.GetPair(path[^1]) is { } pair)
        {
            return pair.Key.Span;
        }

        return context.ObjectSpan;
    }

    /// <summary>Where to report a container-level problem: its name, or the container itself.</summary>
    public static TextSpan ContainerSpan(Manifests.Container container) => (container.Node["name"] ?? container.Node).Span;

    /// <summary>A Linux capability name as Kubernetes compares it: upper case, without the optional CAP_ prefix.</summary>
    public static string Capability(string name)
    {
        var upper = name.Trim().ToUpperInvariant();
        return upper.StartsWith("CAP_", StringComparison.Ordinal) ? upper[4..] : upper;
    }

    /// <summary>
    /// An edit that appends <paramref name="item"/> to a list as written: a new "- item" line after the last item of a
    /// block sequence, or ", item" inside a flow sequence. Null when the list is shared (an anchor) or empty in block form.
    /// </summary>
    public static TextEdit? Append(SourceText source, YamlSequence list, string item)
    {
        if (list.Anchor is not null)
        {
            return null;
        }

        if (list.IsFlow)
        {
            if (list.Items.Count == 0)
            {
                return new TextEdit(list.Span, $"[{item}]");
            }

            return new TextEdit(new TextSpan(list.Items[^1].Span.End, 0), $", {item}");
        }

        if (list.Items.Count == 0)
        {
            return null;
        }

        var last = list.Items[^1];
        var firstLine = source.GetLinePosition(list.Items[0].Span.Start).Line;
        var lastLine = source.GetLinePosition(Math.Max(last.Span.Start, last.Span.End - 1)).Line;
        var lineText = source.GetLineText(firstLine).ToString();
        var dash = lineText.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0 || lineText[..dash].Trim().Length > 0)
        {
            return null; // the first item shares its line with something else (e.g. "key: - a" cannot happen, but "- - a" can)
        }

        var newLine = source.NewLine;
        var insertAt = source.GetLineEnd(lastLine, includeBreak: true);
        var prefix = insertAt == source.Length && !source.Text.EndsWith('\n') ? newLine : string.Empty;
        return new TextEdit(new TextSpan(insertAt, 0), $"{prefix}{new string(' ', dash)}- {item}{newLine}");
    }
}
