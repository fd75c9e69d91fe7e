namespace GitOpsAi.Core.Schemas;

/// <summary>
/// Finds the schema for an apiVersion/kind. Layers, highest first: CRDs found in the workspace, configured extra schema
/// folders, the bundled GitOps CRD schemas, then the core Kubernetes schema. The bundled layers load once per process.
/// </summary>
public sealed class SchemaRegistry
{
    private readonly Dictionary<string, KindSchema> _overlay;
    private readonly BundledSchemas _bundled;

    private SchemaRegistry(BundledSchemas bundled, Dictionary<string, KindSchema> overlay)
    {
        _bundled = bundled;
        _overlay = overlay;
    }

    /// <summary>The bundled schemas only.</summary>
    public static SchemaRegistry Default { get; } = new(BundledSchemas.Instance, new Dictionary<string, KindSchema>(StringComparer.Ordinal));

    /// <summary>A registry where <paramref name="schemas"/> (workspace CRDs, extra folders; later entries win) override the bundled ones.</summary>
    public SchemaRegistry WithOverlay(IEnumerable<KindSchema> schemas)
    {
        var overlay = new Dictionary<string, KindSchema>(_overlay, StringComparer.Ordinal);
        foreach (var schema in schemas)
        {
            overlay[KindSchema.Key(schema.ApiVersion, schema.Kind)] = schema;
        }

        return new SchemaRegistry(_bundled, overlay);
    }

    public KindSchema? Find(string apiVersion, string kind)
    {
        var recent = s_recent ??= new RecentKind[RecentKinds];
        for (var i = 0; i < recent.Length; i++)
        {
            var entry = recent[i];
            if (ReferenceEquals(entry.Registry, this) && string.Equals(entry.Kind, kind) && string.Equals(entry.ApiVersion, apiVersion))
            {
                return entry.Schema;
            }
        }

        var schema = Lookup(apiVersion, kind);
        Array.Copy(recent, 0, recent, 1, recent.Length - 1);
        recent[0] = new RecentKind(this, apiVersion, kind, schema);
        return schema;
    }

    /// <summary>
    /// The kinds this thread asked for last, newest first, with their answers: every object checked asks (200,000 at
    /// 50,000 resources, rendered ones included), nearly always for one of a few kinds, and hashing the pair into the
    /// tables of hundreds of kinds was 0.7 % of that check's CPU (43 of 6,163 samples). Holds at most a few registries per thread.
    /// </summary>
    [ThreadStatic]
    private static RecentKind[]? s_recent;

    private const int RecentKinds = 4;

    private readonly record struct RecentKind(SchemaRegistry? Registry, string ApiVersion, string Kind, KindSchema? Schema);

    private KindSchema? Lookup(string apiVersion, string kind) =>
        (_overlay.Count > 0 && KindSchema.TryFind(_overlay, apiVersion, kind, out var overlaid) ? overlaid : null)
        ?? _bundled.Find(apiVersion, kind)
        ?? FindByLowerCaseName(apiVersion, kind);

    /// <summary>Schema catalogs name files by lower-cased kind ("deployment-apps-v1.json"), so those match in any case.</summary>
    private KindSchema? FindByLowerCaseName(string apiVersion, string kind)
    {
        if (_overlay.Count == 0)
        {
            return null;
        }

        var schema = _overlay.GetValueOrDefault(KindSchema.Key(apiVersion.ToLowerInvariant(), kind.ToLowerInvariant()))
            ?? _overlay.GetValueOrDefault(KindSchema.Key(KubeconformApiVersion(apiVersion), kind.ToLowerInvariant()));
        return schema?.Origin == SchemaOrigin.ExtraFolder ? schema : null;
    }

    /// <summary>kubeconform names files by the first part of the group only: kustomize.toolkit.fluxcd.io/v1 is "kustomize/v1".</summary>
    private static string KubeconformApiVersion(string apiVersion)
    {
        var slash = apiVersion.IndexOf('/');
        if (slash < 0)
        {
            return apiVersion.ToLowerInvariant();
        }

        var group = apiVersion[..slash];
        var dot = group.IndexOf('.');
        return (dot < 0 ? group : group[..dot]).ToLowerInvariant() + apiVersion[slash..].ToLowerInvariant();
    }

    /// <summary>The metadata schema every object shares (injected into CRD schemas, which leave it open).</summary>
    public SchemaNode ObjectMeta => _bundled.ObjectMeta;

    /// <summary>Every apiVersion/kind pair known (for completion), overlay first.</summary>
    public IEnumerable<(string ApiVersion, string Kind, SchemaOrigin Origin)> KnownKinds()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var schema in _overlay.Values)
        {
            if (seen.Add(KindSchema.Key(schema.ApiVersion, schema.Kind)))
            {
                yield return (schema.ApiVersion, schema.Kind, schema.Origin);
            }
        }

        foreach (var (apiVersion, kind, origin) in _bundled.KnownKinds())
        {
            if (seen.Add(KindSchema.Key(apiVersion, kind)))
            {
                yield return (apiVersion, kind, origin);
            }
        }
    }

    /// <summary>True when some version of this kind has a schema, so a different apiVersion is probably a typo or an old version.</summary>
    public IEnumerable<string> ApiVersionsOf(string kind) =>
        LazyInitializer.EnsureInitialized(ref _apiVersionsByKind, IndexApiVersions).TryGetValue(kind, out var versions) ? versions : [];

    // Asked for every object whose apiVersion has no schema (most custom resources): walking every known kind each time,
    // with a key string per kind, was about 2 % of a check of the corpus. Built once per registry (it never changes); a
    // race builds it twice, alike.
    private Dictionary<string, List<string>>? _apiVersionsByKind;

    /// <summary>Each kind's apiVersions in the order of <see cref="KnownKinds"/>, each once.</summary>
    private Dictionary<string, List<string>> IndexApiVersions()
    {
        var byKind = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (apiVersion, kind, _) in KnownKinds())
        {
            if (!byKind.TryGetValue(kind, out var versions))
            {
                byKind[kind] = versions = [];
            }

            if (!versions.Contains(apiVersion, StringComparer.Ordinal))
            {
                versions.Add(apiVersion);
            }
        }

        return byKind;
    }
}
