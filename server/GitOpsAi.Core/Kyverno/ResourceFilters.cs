using System.Runtime.CompilerServices;
using GitOpsAi.Core.AdmissionPolicies;
using GitOpsAi.Core.Expressions.Cel;
using GitOpsAi.Core.Expressions.JmesPath;
using GitOpsAi.Core.Manifests;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Kyverno;

/// <summary>A label selector (matchLabels with Kyverno's wildcards, matchExpressions).</summary>
internal sealed record LabelSelector(IReadOnlyList<KeyValuePair<string, string>> MatchLabels, IReadOnlyList<(string Key, string Operator, IReadOnlyList<string> Values)> MatchExpressions)
{
    public static LabelSelector? From(JValue? value)
    {
        if (value is not JObject obj)
        {
            return null;
        }

        var labels = (obj.Get("matchLabels") as JObject)?.Entries.Select(e => new KeyValuePair<string, string>(e.Key, e.Value.ToSubstitutionText())).ToList() ?? [];
        var expressions = new List<(string, string, IReadOnlyList<string>)>();
        if (obj.Get("matchExpressions") is JArray list)
        {
            foreach (var item in list.Items.OfType<JObject>())
            {
                var values = (item.Get("values") as JArray)?.Items.Select(v => v.ToSubstitutionText()).ToList() ?? [];
                expressions.Add((item.Get("key")?.ToSubstitutionText() ?? string.Empty, item.Get("operator")?.ToSubstitutionText() ?? string.Empty, values));
            }
        }

        return new LabelSelector(labels, expressions);
    }

    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        foreach (var (key, value) in MatchLabels)
        {
            if (Wildcard.Contains(key) || Wildcard.Contains(value))
            {
                if (!labels.Any(l => Wildcard.Match(key, l.Key) && Wildcard.Match(value, l.Value)))
                {
                    return false;
                }
            }
            else if (!labels.TryGetValue(key, out var actual) || actual != value)
            {
                return false;
            }
        }

        foreach (var (key, op, values) in MatchExpressions)
        {
            var has = labels.TryGetValue(key, out var actual);
            var ok = op switch
            {
                "In" => has && values.Contains(actual!),
                "NotIn" => !has || !values.Contains(actual!),
                "Exists" => has,
                "DoesNotExist" => !has,
                _ => false,
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>One resource filter of match/exclude: a resource description plus (ignored) user information.</summary>
internal sealed class ResourceFilter
{
    /// <summary>The kinds entries, parsed when the policy is loaded rather than each time an object is matched.</summary>
    public IReadOnlyList<KindSelector> Kinds { get; init; } = [];

    public string? Name { get; init; }

    public IReadOnlyList<string> Names { get; init; } = [];

    public IReadOnlyList<string> Namespaces { get; init; } = [];

    public IReadOnlyList<KeyValuePair<string, string>> Annotations { get; init; } = [];

    public LabelSelector? Selector { get; init; }

    public LabelSelector? NamespaceSelector { get; init; }

    public IReadOnlyList<string> Operations { get; init; } = [];

    /// <summary>subjects, roles or clusterRoles: who makes the request, which only admission knows.</summary>
    public bool HasUserInfo { get; init; }

    public bool HasResourceConditions => Kinds.Count > 0 || Name is not null || Names.Count > 0 || Namespaces.Count > 0 || Annotations.Count > 0
        || Selector is not null || NamespaceSelector is not null || Operations.Count > 0;

    public bool IsEmpty => !HasResourceConditions && !HasUserInfo;

    /// <summary>True when Kyverno's auto-gen may rewrite this filter (no name, names, selector or annotations; Pod alone or no Pod).</summary>
    public bool AllowsAutogen => Name is null && Names.Count == 0 && Selector is null && Annotations.Count == 0 && !(Kinds.Count > 1 && ContainsPod);

    public bool ContainsPod => Kinds.Any(k => k.Kind == "Pod");

    public static ResourceFilter? From(JValue? item)
    {
        if (item is not JObject obj)
        {
            return null;
        }

        var description = obj.Get("resources") as JObject;
        var hasUserInfo = new[] { "subjects", "roles", "clusterRoles" }.Any(k => obj.Get(k) is JArray { Items.Count: > 0 });
        if (description is null)
        {
            return new ResourceFilter { HasUserInfo = hasUserInfo };
        }

        return new ResourceFilter
        {
            Kinds = Strings(description.Get("kinds")).Select(KindSelector.Parse).ToList(),
            Name = description.Get("name") is JString { Value.Length: > 0 } name ? name.Value : null,
            Names = Strings(description.Get("names")),
            Namespaces = Strings(description.Get("namespaces")),
            Annotations = (description.Get("annotations") as JObject)?.Entries.Select(e => new KeyValuePair<string, string>(e.Key, e.Value.ToSubstitutionText())).ToList() ?? [],
            Selector = LabelSelector.From(description.Get("selector")),
            NamespaceSelector = LabelSelector.From(description.Get("namespaceSelector")),
            Operations = Strings(description.Get("operations")),
            HasUserInfo = hasUserInfo,
        };
    }

    public static IReadOnlyList<string> Strings(JValue? value) => value switch
    {
        JArray array => array.Items.Where(i => !i.IsNull).Select(i => i.ToSubstitutionText()).ToList(),
        JString s => [s.Value],
        _ => [],
    };

    /// <summary>
    /// Whether the filter selects the resource. A user-info condition is taken to hold in a match (GitOpsAi cannot know
    /// who applies the change) and not to hold in an exclude, so that rules are evaluated as for an ordinary user.
    /// In auto-gen mode a filter naming Pod stands for the pod controllers.
    /// </summary>
    public bool Matches(ResourceInfo resource, bool forExclude, bool autogen)
    {
        if (IsEmpty || (forExclude && HasUserInfo))
        {
            return false;
        }

        if (Kinds.Count > 0 && !(autogen && ContainsPod) && !Kinds.Any(k => k.Matches(resource)))
        {
            return false;
        }

        if (Name is not null && !Wildcard.Match(Name, resource.Name))
        {
            return false;
        }

        if (Names.Count > 0 && !Names.Any(n => Wildcard.Match(n, resource.Name)))
        {
            return false;
        }

        if (Namespaces.Count > 0)
        {
            var ns = resource.Kind == "Namespace" ? resource.Name : resource.Namespace;
            if (!Namespaces.Any(n => Wildcard.Match(n, ns)))
            {
                return false;
            }
        }

        if (Annotations.Count > 0 && !Annotations.All(a => resource.Annotations.Any(r => Wildcard.Match(a.Key, r.Key) && Wildcard.Match(a.Value, r.Value))))
        {
            return false;
        }

        if (Selector is not null && !Selector.Matches(resource.Labels))
        {
            return false;
        }

        if (NamespaceSelector is not null && resource.Kind is not ("Namespace" or "") && !NamespaceSelector.Matches(resource.NamespaceLabels))
        {
            return false;
        }

        return Operations.Count == 0 || Operations.Contains("CREATE");
    }
}

/// <summary>A match or exclude block: any, all, or the legacy single resources form.</summary>
internal sealed class MatchBlock
{
    public IReadOnlyList<ResourceFilter> Any { get; init; } = [];

    public IReadOnlyList<ResourceFilter> All { get; init; } = [];

    public ResourceFilter? Legacy { get; init; }

    public IEnumerable<ResourceFilter> Filters => Any.Concat(All).Concat(Legacy is null ? [] : [Legacy]);

    public bool UsesUserInfo => Filters.Any(f => f.HasUserInfo);

    public static MatchBlock? From(JValue? value)
    {
        if (value is not JObject obj)
        {
            return null;
        }

        var any = (obj.Get("any") as JArray)?.Items.Select(i => ResourceFilter.From(i)).OfType<ResourceFilter>().ToList() ?? [];
        var all = (obj.Get("all") as JArray)?.Items.Select(i => ResourceFilter.From(i)).OfType<ResourceFilter>().ToList() ?? [];
        var legacy = any.Count == 0 && all.Count == 0 ? ResourceFilter.From(obj) : null;
        return new MatchBlock { Any = any, All = all, Legacy = legacy };
    }

    public bool Matches(ResourceInfo resource, bool forExclude, bool autogen)
    {
        if (Any.Count > 0)
        {
            return Any.Any(f => f.Matches(resource, forExclude, autogen));
        }

        if (All.Count > 0)
        {
            return All.All(f => f.Matches(resource, forExclude, autogen));
        }

        return Legacy is not null && Legacy.Matches(resource, forExclude, autogen);
    }

    /// <summary>The kinds the block can select, for indexing; null when it may select any kind.</summary>
    public IReadOnlyList<string>? IndexKinds()
    {
        var kinds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var filter in Filters)
        {
            if (filter.Kinds.Count == 0)
            {
                if (filter.HasResourceConditions || filter.HasUserInfo)
                {
                    return null;
                }

                continue;
            }

            foreach (var selector in filter.Kinds)
            {
                if (Wildcard.Contains(selector.Kind))
                {
                    return null;
                }

                kinds.Add(selector.Kind);
            }
        }

        return [.. kinds];
    }
}

/// <summary>
/// A kinds entry: <c>Pod</c>, <c>apps/v1/Deployment</c>, <c>v1/Pod</c>, <c>Pod/exec</c>, <c>batch/*/CronJob</c>,
/// wildcards allowed. Parsed as Kyverno's <c>ParseKindSelector</c> does: a first part that is a version (or <c>*</c>)
/// starts version/kind[/subresource], otherwise it is a group; the last part may carry <c>Kind.subresource</c>.
/// </summary>
internal readonly partial record struct KindSelector(string Group, string Version, string Kind, string Subresource)
{
    public static KindSelector Parse(string text)
    {
        var slashParts = text.Split('/');
        string[] parts = [.. slashParts[..^1], .. slashParts[^1].Split('.')];
        return parts.Length switch
        {
            1 => new KindSelector("*", "*", parts[0], string.Empty),
            2 when parts[0] == "*" && parts[1] == "*" => new KindSelector("*", "*", "*", "*"),
            2 when parts[0] == "*" && parts[1].ToLowerInvariant() == parts[1] => new KindSelector("*", "*", parts[0], parts[1]),
            2 when VersionPattern().IsMatch(parts[0]) => new KindSelector("*", parts[0], parts[1], string.Empty),
            2 => new KindSelector("*", "*", parts[0], parts[1]),
            3 when VersionPattern().IsMatch(parts[0]) => new KindSelector("*", parts[0], parts[1], parts[2]),
            3 => new KindSelector(parts[0], parts[1], parts[2], string.Empty),
            4 => new KindSelector(parts[0], parts[1], parts[2], parts[3]),
            // Kyverno parses anything longer to empty parts, which match no resource.
            _ => new KindSelector(string.Empty, string.Empty, string.Empty, string.Empty),
        };
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^(v\d+((alpha|beta)\d+)?|\*)$")]
    private static partial System.Text.RegularExpressions.Regex VersionPattern();

    public bool Matches(ResourceInfo resource) =>
        Wildcard.Match(Group, resource.Group) && Wildcard.Match(Version, resource.Version) && Wildcard.Match(Kind, resource.Kind) && Wildcard.Match(Subresource, string.Empty);
}

/// <summary>The facts of one object that match/exclude look at.</summary>
internal sealed class ResourceInfo
{
    public required Manifest Manifest { get; init; }

    private JObject? _object;

    /// <summary>
    /// The object as a value: given (a mutated object), or converted from the manifest on first use, or taken from the
    /// same manifest's earlier conversion while that lives (see <see cref="From"/>).
    /// </summary>
    public JObject Object
    {
        get => _object ??= Earlier?.ConvertedObject ?? Convert();
        init => _object = value;
    }

    public required string Kind { get; init; }

    public required string Group { get; init; }

    public required string Version { get; init; }

    public required string Name { get; init; }

    /// <summary>The namespace written in the object, or "" (cluster-scoped, or set later by kustomize/Flux).</summary>
    public required string Namespace { get; init; }

    public required IReadOnlyDictionary<string, string> Labels { get; init; }

    public required IReadOnlyDictionary<string, string> Annotations { get; init; }

    public required IReadOnlyDictionary<string, string> NamespaceLabels { get; init; }

    /// <summary>The repository's objects, for context entries that read the cluster; null when not known.</summary>
    public RepositoryObjects? Objects { get; init; }

    // Built on first use and shared by every rule that decides on this object (a rule never changes them: the context
    // grows by copies, CEL reads its values): each object meets about twenty rules in the corpus.
    private EvalContext? _requestContext;
    private StrongBox<object?>? _celObject;
    private Tuple<YamlMapping, object?>? _celTemplate;

    /// <summary>The variables of a CREATE request for this object (<c>request.*</c>, <c>images</c>).</summary>
    public EvalContext RequestContext => _requestContext ??= RuleEvaluator.BaseContext(this, Object);

    /// <summary>The object as written, as CEL sees it.</summary>
    public object? CelObject => (_celObject ??= Earlier?.ConvertedCelObject ?? ConvertForCel()).Value;

    /// <summary>
    /// The same manifest as written, as an earlier snapshot admitted it, held weakly: its conversions are taken when this
    /// one needs them and that one still holds them, and never kept alive for it. Held strongly, every converted object
    /// stayed alive from keystroke to keystroke once a policy had been decided on it (15,000 Deployments' values and CEL
    /// views, some 300 MB of the 50k policies shape, while typing in a policy whose verdicts were kept).
    /// </summary>
    private WeakReference<ResourceInfo>? _earlier;

    private ResourceInfo? Earlier => _earlier is { } earlier && earlier.TryGetTarget(out var info) ? info : null;

    private JObject? ConvertedObject => _object ?? Earlier?.ConvertedObject;

    private StrongBox<object?>? ConvertedCelObject => _celObject ?? Earlier?.ConvertedCelObject;

    private JObject Convert()
    {
        ObjectsConvertedOnThisThread++;
        return JValue.FromYaml(Manifest.Root) as JObject ?? new JObject();
    }

    private StrongBox<object?> ConvertForCel()
    {
        ObjectsConvertedOnThisThread++;
        return new StrongBox<object?>(CelValues.FromYaml(Manifest.Root));
    }

    private StrongBox<(ObjectIdentity Identity, Dictionary<string, object?>? Namespace)>? _celRequest;

    /// <summary>
    /// What a CEL rule's request reads besides the object: its identity, and its namespace as Kyverno hands it over
    /// (null without one). Made once per object, not once per CEL rule.
    /// </summary>
    public (ObjectIdentity Identity, Dictionary<string, object?>? Namespace) CelRequest => (_celRequest ??= new(
        (ObjectIdentity.Of(Manifest), Namespace.Length == 0 ? null : CelValues.Map(
            ("apiVersion", "v1"),
            ("kind", "Namespace"),
            ("metadata", CelValues.Map(("name", Namespace), ("labels", NamespaceLabels.ToDictionary(l => l.Key, l => (object?)l.Value)))))))).Value;

    /// <summary>A pod template of the object as CEL sees it (an auto-generated rule's view of a controller).</summary>
    public object? CelTemplate(YamlMapping template)
    {
        // One immutable pair, written at once: threads that share the object never read a template with another's value.
        if (_celTemplate is { } known && ReferenceEquals(known.Item1, template))
        {
            return known.Item2;
        }

        var value = CelValues.FromYaml(template);
        _celTemplate = Tuple.Create(template, value);
        return value;
    }

    /// <summary>The same object after a mutation: its labels and annotations as the mutated object has them.</summary>
    public ResourceInfo WithObject(JObject mutated)
    {
        var metadata = mutated.Get("metadata") as JObject;
        return new ResourceInfo
        {
            Manifest = Manifest,
            Object = mutated,
            Kind = Kind,
            Group = Group,
            Version = Version,
            Name = Name,
            Namespace = Namespace,
            Labels = StringMap(metadata?.Get("labels")),
            Annotations = StringMap(metadata?.Get("annotations")),
            NamespaceLabels = NamespaceLabels,
            Objects = Objects,
            IsMutated = true,
        };
    }

    /// <summary>Whether this is the object as a mutate rule left it, not as written.</summary>
    public bool IsMutated { get; private init; }

    private static IReadOnlyDictionary<string, string> StringMap(JValue? value) =>
        (value as JObject)?.Entries.ToDictionary(e => e.Key, e => e.Value.ToSubstitutionText(), StringComparer.Ordinal)
        ?? new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>How many objects were converted to values (or to CEL's view) on this thread (tests: an edit converts only what it changed).</summary>
    [ThreadStatic]
    internal static int ObjectsConvertedOnThisThread;

    /// <param name="earlier">The same manifest as written, as an earlier snapshot had it, if known: its object (as a value and
    /// as CEL sees it) is taken from there when needed, not converted again. Both depend on the manifest alone, and
    /// converting them was 40 % of a keystroke in a Kyverno policy matching 3,300 Deployments, which decides the policy on
    /// all of them.</param>
    public static ResourceInfo From(Manifest manifest, Func<string, IReadOnlyDictionary<string, string>> namespaceLabels, RepositoryObjects? objects = null, ResourceInfo? earlier = null)
    {
        var ns = manifest.Namespace ?? string.Empty;
        var carried = earlier is { IsMutated: false } && ReferenceEquals(earlier.Manifest, manifest) ? earlier : null;
        return new ResourceInfo
        {
            Manifest = manifest,
            Kind = manifest.Kind ?? string.Empty,
            Group = manifest.Group,
            Version = ApiGroupVersion.VersionOf(manifest.ApiVersion),
            Name = manifest.Name ?? string.Empty,
            Namespace = ns,
            Labels = manifest.Labels,
            Annotations = manifest.Annotations,
            NamespaceLabels = ns.Length == 0 ? new Dictionary<string, string>() : namespaceLabels(ns),
            Objects = objects,
            _earlier = carried is null ? null : new WeakReference<ResourceInfo>(carried),
        };
    }
}
