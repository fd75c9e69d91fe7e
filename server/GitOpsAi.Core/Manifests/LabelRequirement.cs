namespace GitOpsAi.Core.Manifests;

/// <summary>
/// One requirement of a Kubernetes label selector written as a string, as kustomize's patch targets (labelSelector and
/// annotationSelector) and the API server's <c>labelSelector</c>/<c>fieldSelector</c> query parameters read it:
/// <c>key</c>, <c>!key</c>, <c>key=value</c>, <c>key==value</c>, <c>key!=value</c>, <c>key in (a,b)</c> and
/// <c>key notin (a,b)</c>, joined by commas outside parentheses.
/// </summary>
internal sealed record LabelRequirement(string Key, LabelOperator Operator, IReadOnlyList<string> Values)
{
    /// <summary>True when a label (or annotation) with this value, or none when null, satisfies the requirement.</summary>
    public bool Matches(string? actual) => Operator switch
    {
        LabelOperator.Exists => actual is not null,
        LabelOperator.DoesNotExist => actual is null,
        LabelOperator.In => actual is not null && Values.Contains(actual),
        LabelOperator.NotIn => actual is null || !Values.Contains(actual),
        _ => false,
    };

    /// <summary>True when the value <paramref name="read"/> gives for the key (null: the object lacks it) satisfies the requirement.</summary>
    public bool Holds(Func<string, string?> read) => Matches(read(Key));

    public static List<LabelRequirement> Parse(string? text)
    {
        var result = new List<LabelRequirement>();
        foreach (var part in SplitOutsideParentheses(text ?? string.Empty))
        {
            if (ParseOne(part) is { } requirement)
            {
                result.Add(requirement);
            }
        }

        return result;
    }

    private static LabelRequirement? ParseOne(string part)
    {
        if (part.Length == 0)
        {
            return null;
        }

        if (part.IndexOf('(') is var open and > 0 && part.EndsWith(')'))
        {
            var head = part[..open].Trim();
            var values = part[(open + 1)..^1].Split(',', StringSplitOptions.TrimEntries).Where(v => v.Length > 0).ToList();
            var space = head.LastIndexOf(' ');
            if (space > 0 && head[(space + 1)..] is var op && op is "in" or "notin")
            {
                return new LabelRequirement(head[..space].Trim(), op == "in" ? LabelOperator.In : LabelOperator.NotIn, values);
            }
        }

        if (part.IndexOf("!=", StringComparison.Ordinal) is var ne and > 0)
        {
            return new LabelRequirement(part[..ne].Trim(), LabelOperator.NotIn, [part[(ne + 2)..].Trim()]);
        }

        if (part.IndexOf("==", StringComparison.Ordinal) is var ee and > 0)
        {
            return new LabelRequirement(part[..ee].Trim(), LabelOperator.In, [part[(ee + 2)..].Trim()]);
        }

        if (part.IndexOf('=') is var eq and > 0)
        {
            return new LabelRequirement(part[..eq].Trim(), LabelOperator.In, [part[(eq + 1)..].Trim()]);
        }

        return part.StartsWith('!')
            ? new LabelRequirement(part[1..].Trim(), LabelOperator.DoesNotExist, [])
            : new LabelRequirement(part, LabelOperator.Exists, []);
    }

    private static IEnumerable<string> SplitOutsideParentheses(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            depth += text[i] == '(' ? 1 : text[i] == ')' ? -1 : 0;
            if (text[i] == ',' && depth == 0)
            {
                yield return text[start..i].Trim();
                start = i + 1;
            }
        }

        yield return text[start..].Trim();
    }
}

internal enum LabelOperator
{
    Exists,
    DoesNotExist,
    In,
    NotIn,
}
