using GitOpsAi.Core.Manifests;
using GitOpsAi.Core.Text;
using System.Text.RegularExpressions;

namespace GitOpsAi.Core.Kustomize;

/// <summary>
/// A patch's <c>target</c>: kind, group, version, name and namespace are anchored regular expressions matched against
/// the object's original or current id, as kustomize does; label and annotation selectors are equality selectors.
/// </summary>
internal sealed class PatchTarget
{
    private readonly TargetPattern? _kind;
    private readonly TargetPattern? _group;
    private readonly TargetPattern? _version;
    private readonly TargetPattern? _name;
    private readonly TargetPattern? _namespace;
    private readonly IReadOnlyList<LabelRequirement> _labels;
    private readonly IReadOnlyList<LabelRequirement> _annotations;

    private PatchTarget(RenderMap map)
    {
        _kind = Pattern(map, "kind");
        _group = Pattern(map, "group");
        _version = Pattern(map, "version");
        _name = Pattern(map, "name");
        _namespace = Pattern(map, "namespace");
        _labels = LabelRequirement.Parse(map.String("labelSelector"));
        _annotations = LabelRequirement.Parse(map.String("annotationSelector"));
    }

    public static PatchTarget? From(RenderNode? node) => node is RenderMap map ? new PatchTarget(map) : null;

    /// <summary>Why the target cannot select anything (a field that is not a valid regular expression), if so: kustomize fails the build.</summary>
    public string? Problem { get; private set; }

    public bool Matches(RenderedObject target)
    {
        // The group and version are cut out of the apiVersion only for a target that names them.
        if (!Match(_kind, target.Kind ?? string.Empty) || (_group is not null && !Match(_group, target.Group))
            || (_version is not null && !Match(_version, target.ApiVersion is { } v ? v[(v.IndexOf('/') + 1)..] : string.Empty)))
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

    private static bool Match(TargetPattern? pattern, string value) => pattern is null || pattern.IsMatch(value);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, TargetPattern> Patterns = new(StringComparer.Ordinal);

    private TargetPattern? Pattern(RenderMap map, string field)
    {
        if (map.String(field) is not { Length: > 0 } value)
        {
            return null;
        }

        try
        {
            return Patterns.GetOrAdd(value, TargetPattern.Create);
        }
        catch (ArgumentException exception)
        {
            Problem ??= $"the target's {field} '{value}' is not a valid regular expression ({exception.Message}); kustomize build would fail.";
            return null;
        }
    }

    private static bool Selected(IReadOnlyList<LabelRequirement> selector, RenderMap? map)
    {
        foreach (var requirement in selector)
        {
            if (!requirement.Matches(map?.String(requirement.Key)))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>
/// One field of a patch target, kustomize's anchored pattern <c>^(?:VALUE)$</c>. A plain name (letters, digits, '-',
/// '_': no pattern syntax) is compared as a string: each patch target is tried on every object of the build, and the
/// pattern's timeout bookkeeping cost more than the match (issue 13).
/// </summary>
internal sealed class TargetPattern
{
    private readonly string? _literal;
    private readonly Regex? _regex;

    private TargetPattern(string? literal, Regex? regex) => (_literal, _regex) = (literal, regex);

    /// <exception cref="ArgumentException">The value is not a valid regular expression.</exception>
    public static TargetPattern Create(string value) => IsPlain(value)
        ? new TargetPattern(value, null)
        : new TargetPattern(null, new Regex("^(?:" + value + ")$", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(200)));

    /// <remarks>The pattern's <c>$</c> also matches before a final newline, so a plain name matches the value with one too.</remarks>
    public bool IsMatch(string value) => _literal is { } literal
        ? value.Length == literal.Length
            ? string.Equals(value, literal, StringComparison.Ordinal)
            : value.Length == literal.Length + 1 && value[^1] == '\n' && value.StartsWith(literal, StringComparison.Ordinal)
        : StallTolerant.IsMatch(_regex!, value);

    private static bool IsPlain(string value)
    {
        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                return false;
            }
        }

        return value.Length > 0;
    }
}
