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
    private readonly Regex? _kind;
    private readonly Regex? _group;
    private readonly Regex? _version;
    private readonly Regex? _name;
    private readonly Regex? _namespace;
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

    private Regex? Pattern(RenderMap map, string field)
    {
        if (map.String(field) is not { Length: > 0 } value)
        {
            return null;
        }

        try
        {
            return Patterns.GetOrAdd(value, v => new Regex("^(?:" + v + ")$", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(200)));
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
