using GitOpsAi.Core.Manifests;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.AdmissionPolicies;

/// <summary>One entry of resourceRules: which groups, versions, resources (plural, lower case) and operations.</summary>
internal sealed record ResourceRule(IReadOnlyList<string> Groups, IReadOnlyList<string> Versions, IReadOnlyList<string> Resources, IReadOnlyList<string> Operations, IReadOnlyList<string> Names)
{
    public static ResourceRule From(YamlMapping rule) =>
        new(Strings(rule, "apiGroups"), Strings(rule, "apiVersions"), Strings(rule, "resources"), Strings(rule, "operations"), Strings(rule, "resourceNames"));

    /// <summary>A file in the repository is what a CREATE (or an apply) sends: rules for other operations do not apply to it.</summary>
    /// <remarks>Loops, not lambdas: every bound policy asks this of every object (a closure each time was 3 % of a corpus check's allocations).</remarks>
    public bool Matches(ObjectIdentity o) =>
        Any(Groups, o.Group) && Any(Versions, o.Version) && (Has(Operations, "*") || Has(Operations, "CREATE"))
        && MatchesResource(o.Resource)
        && (Names.Count == 0 || Has(Names, o.Name));

    private bool MatchesResource(string resource)
    {
        for (var i = 0; i < Resources.Count; i++)
        {
            if (Resources[i] is "*" or "*/*" || Resources[i] == resource)
            {
                return true;
            }
        }

        return false;
    }

    private static bool Any(IReadOnlyList<string> values, string value) => Has(values, "*") || Has(values, value);

    private static bool Has(IReadOnlyList<string> values, string value)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i] == value)
            {
                return true;
            }
        }

        return false;
    }

    private static IReadOnlyList<string> Strings(YamlMapping mapping, string key) =>
        mapping.GetSequence(key)?.Items.OfType<YamlScalar>().Select(s => s.Value).ToList() ?? [];
}

/// <summary>The group, version, plural resource and name an admission request carries for an object.</summary>
internal readonly record struct ObjectIdentity(string Group, string Version, string Resource, string Kind, string Name, string Namespace)
{
    public static ObjectIdentity Of(Manifest manifest) => new(
        manifest.Group,
        ApiGroupVersion.VersionOf(manifest.ApiVersion),
        PluralOf(manifest.Kind ?? string.Empty),
        manifest.Kind ?? string.Empty,
        manifest.Name ?? string.Empty,
        manifest.Namespace ?? string.Empty);

    /// <summary>The resource name the API server registers a kind under (Ingress → ingresses, NetworkPolicy → networkpolicies).</summary>
    public static string PluralOf(string kind)
    {
        var lower = kind.ToLowerInvariant();
        if (lower is "endpoints" or "")
        {
            return lower;
        }

        if (lower.EndsWith('y') && lower.Length > 1 && !"aeiou".Contains(lower[^2]))
        {
            return lower[..^1] + "ies";
        }

        return lower.EndsWith('s') || lower.EndsWith('x') || lower.EndsWith("ch", StringComparison.Ordinal) || lower.EndsWith("sh", StringComparison.Ordinal)
            ? lower + "es"
            : lower + "s";
    }
}

internal enum MatchVerdict
{
    No,
    Yes,

    /// <summary>It depends on something the repository does not say (the labels of a namespace it does not define).</summary>
    Unknown,
}

/// <summary><c>matchConstraints</c> of a policy or <c>matchResources</c> of a binding.</summary>
internal sealed record MatchResources(IReadOnlyList<ResourceRule> Rules, IReadOnlyList<ResourceRule> Excluded, LabelSelectorSpec? NamespaceSelector, LabelSelectorSpec? ObjectSelector)
{
    public static MatchResources? From(YamlNode? node) => node is YamlMapping m
        ? new MatchResources(
            ReadRules(m, "resourceRules"),
            ReadRules(m, "excludeResourceRules"),
            LabelSelectorSpec.From(m["namespaceSelector"]),
            LabelSelectorSpec.From(m["objectSelector"]))
        : null;

    /// <param name="namespaceLabels">The labels of the object's namespace when the repository defines it, else null.</param>
    public MatchVerdict Matches(Manifest manifest, ObjectIdentity identity, IReadOnlyDictionary<string, string>? namespaceLabels, bool rulesRequired)
    {
        if ((rulesRequired || Rules.Count > 0) && !AnyMatches(Rules, identity))
        {
            return MatchVerdict.No;
        }

        if (AnyMatches(Excluded, identity) || (ObjectSelector is { } objects && !objects.Matches(manifest.Labels)))
        {
            return MatchVerdict.No;
        }

        if (NamespaceSelector is not { IsEmpty: false } selector)
        {
            return MatchVerdict.Yes;
        }

        // A Namespace is matched on its own labels; any other object on its namespace's.
        var labels = identity.Kind == "Namespace" && identity.Group.Length == 0 ? manifest.Labels : namespaceLabels;
        return labels is null ? MatchVerdict.Unknown : selector.Matches(labels) ? MatchVerdict.Yes : MatchVerdict.No;
    }

    private static bool AnyMatches(IReadOnlyList<ResourceRule> rules, ObjectIdentity identity)
    {
        for (var i = 0; i < rules.Count; i++)
        {
            if (rules[i].Matches(identity))
            {
                return true;
            }
        }

        return false;
    }

    private static IReadOnlyList<ResourceRule> ReadRules(YamlMapping m, string key) =>
        m.GetSequence(key)?.Items.OfType<YamlMapping>().Select(ResourceRule.From).ToList() ?? [];
}
