using GitOpsAi.Core.Text;
using System.Text.RegularExpressions;

namespace GitOpsAi.Core.Kustomize;

/// <summary>
/// A patch's <c>target</c>: kind, group, version, name and namespace are anchored regular expressions matched against
/// the object's original or current id, as kustomize does; label and annotation selectors are equality selectors.
/// </summary>
internal sealed class PatchTarget
{
    private readonly Regex? _kind;
    private readonly Regex? _group;
    private readonly Regex? _version;
    private readonly Regex? _name;
    private readonly Regex? _namespace;
    private readonly IReadOnlyList<(string Key, string? Value, bool Negate)> _labels;
    private readonly IReadOnlyList<(string Key, string? Value, bool Negate)> _annotations;

    private PatchTarget(RenderMap map)
    {
        _kind = Pattern(map.String("kind"));
        _group = Pattern(map.String("group"));
        _version = Pattern(map.String("version"));
        _name = Pattern(map.String("name"));
        _namespace = Pattern(map.String("namespace"));
        _labels = Selector(map.String("labelSelector"));
        _annotations = Selector(map.String("annotationSelector"));
    }

    public static PatchTarget? From(RenderNode? node) => node is RenderMap map ? new PatchTarget(map) : null;

    public bool Matches(RenderedObject target)
    {
        if (!Match(_kind, target.Kind ?? string.Empty) || !Match(_group, target.Group)
            || !Match(_version, target.ApiVersion is { } v ? v[(v.IndexOf('/') + 1)..] : string.Empty))
        {
            return false;
        }

        var original = target.PreviousIds[0];
        if (!Match(_name, original.Name) && !Match(_name, target.Name))
        {
            return false;
        }

        if (!Match(_namespace, original.Namespace ?? "default") && !Match(_namespace, target.Namespace ?? "default"))
        {
            return false;
        }

        return Selected(_labels, target.Root.At("metadata", "labels") as RenderMap) && Selected(_annotations, target.Root.At("metadata", "annotations") as RenderMap);
    }

    private static bool Match(Regex? pattern, string value) => pattern is null || StallTolerant.IsMatch(pattern, value);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Regex> Patterns = new(StringComparer.Ordinal);

    private static Regex? Pattern(string? value) =>
        string.IsNullOrEmpty(value) ? null : Patterns.GetOrAdd(value, v => new Regex("^(?:" + v + ")$", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(200)));

    private static bool Selected(IReadOnlyList<(string Key, string? Value, bool Negate)> selector, RenderMap? map)
    {
        foreach (var (key, value, negate) in selector)
        {
            var actual = map?.String(key);
            var matches = value is null ? actual is not null : actual == value;
            if (matches == negate)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Reads <c>a=b,c!=d,e</c> (the equality forms of a Kubernetes label selector).</summary>
    private static List<(string, string?, bool)> Selector(string? text)
    {
        var result = new List<(string, string?, bool)>();
        foreach (var part in (text ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (part.IndexOf("!=", StringComparison.Ordinal) is var ne and > 0)
            {
                result.Add((part[..ne].Trim(), part[(ne + 2)..].Trim(), true));
            }
            else if (part.IndexOf("==", StringComparison.Ordinal) is var ee and > 0)
            {
                result.Add((part[..ee].Trim(), part[(ee + 2)..].Trim(), false));
            }
            else if (part.IndexOf('=') is var eq and > 0)
            {
                result.Add((part[..eq].Trim(), part[(eq + 1)..].Trim(), false));
            }
            else if (part.StartsWith('!'))
            {
                result.Add((part[1..], null, true));
            }
            else
            {
                result.Add((part, null, false));
            }
        }

        return result;
    }
}
