namespace GitOpsAi.Core.Generation.Builders;

/// <summary>One object a builder produced.</summary>
internal sealed record GeneratedObject(string Kind, string Name, YMap Body);

/// <summary>
/// What builders share while answering one request: the facts, the repository context, the objects produced so far
/// (a Service built after a Deployment in the same request selects its pods) and notes for the user.
/// </summary>
internal sealed class BuildContext(RequestFacts facts, RepositoryContext repository)
{
    public RequestFacts Facts { get; } = facts;

    public RepositoryContext Repository { get; } = repository;

    public List<GeneratedObject> Objects { get; } = [];

    public List<string> Notes { get; } = [];

    private string? _name;

    /// <summary>The base name of what is generated: said in the request, or a placeholder with a note.</summary>
    public string Name
    {
        get
        {
            if (_name is null)
            {
                _name = Facts.NameOrTarget ?? WellKnownApps.Find(Facts.Text)?.Name;
                if (_name is null)
                {
                    _name = Placeholders.Name;
                    Notes.Add("The request names nothing, so objects are named 'change-me'; say e.g. 'deployment api'.");
                }
            }

            return _name;
        }
    }

    public string NameFor(string kind) => Repository.NameFor(kind, Name);

    /// <summary>The namespace the request or the enclosing kustomization gives, or null (left to kustomize/Flux).</summary>
    public string? Namespace => Facts.Namespace ?? Repository.Namespace;

    public IReadOnlyDictionary<string, string> PodLabels(string name) =>
        new Dictionary<string, string>(StringComparer.Ordinal) { [Repository.NameLabel] = name };

    public YMap Object(string apiVersion, string kind, string name, bool namespaced = true, IReadOnlyDictionary<string, string>? labels = null)
    {
        var metadata = new YMap { { "name", name } };
        if (namespaced && Namespace is { } ns)
        {
            metadata.Add("namespace", ns);
        }

        var example = ExampleTemplate.For(Repository.Conventions, kind);
        var allLabels = new YMap();
        foreach (var (key, value) in (labels ?? new Dictionary<string, string>()).Concat(Repository.Conventions.RequiredLabels)
                     .Concat(example?.Labels ?? EmptyMap).Concat(InferredLabels(labels)))
        {
            if (!allLabels.Any(p => p.Key == key))
            {
                allLabels.Add(key, value);
            }
        }

        if (!allLabels.IsEmpty)
        {
            metadata.Add("labels", allLabels);
        }

        var annotations = Repository.Conventions.RequiredAnnotations.Concat(example?.Annotations ?? EmptyMap).DistinctBy(a => a.Key).ToList();
        if (annotations.Count > 0)
        {
            metadata.Add("annotations", Map(annotations));
        }

        return new YMap { { "apiVersion", apiVersion }, { "kind", kind }, { "metadata", metadata } };
    }

    /// <summary>
    /// The labels most of the repository's objects carry, last so the request, the conventions file and its examples
    /// win; a label derived from the name takes the app's name (the one the selector label holds, else the request's).
    /// </summary>
    private IEnumerable<KeyValuePair<string, string>> InferredLabels(IReadOnlyDictionary<string, string>? labels) =>
        Repository.Inferred.Labels.Select(label => KeyValuePair.Create(label.Key,
            label.Value ?? labels?.GetValueOrDefault(Repository.NameLabel) ?? Name));

    private static readonly IReadOnlyDictionary<string, string> EmptyMap = new Dictionary<string, string>();

    public void Add(string kind, string name, YMap body) => Objects.Add(new GeneratedObject(kind, name, body));

    public GeneratedObject? Generated(params string[] kinds) => Objects.FirstOrDefault(o => kinds.Contains(o.Kind));

    public static YMap Map(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        var map = new YMap();
        foreach (var (key, value) in pairs)
        {
            map.Add(key, value);
        }

        return map;
    }

    /// <summary>A value the request did not give: the placeholder itself, noted.</summary>
    public string Placeholder(string what, string hint)
    {
        Notes.Add($"The request gives no {what}; a {Placeholders.Marker} placeholder marks it ({hint}).");
        return Placeholders.Marker;
    }
}
