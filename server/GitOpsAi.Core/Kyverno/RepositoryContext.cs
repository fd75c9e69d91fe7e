using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using GitOpsAi.Core.AdmissionPolicies;
using GitOpsAi.Core.Expressions.JmesPath;
using GitOpsAi.Core.Manifests;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Kyverno;

/// <summary>
/// A context entry read from the cluster that the repository can answer: a <c>configMap</c> entry, or an
/// <c>apiCall</c> GET of one object or of a list (<see cref="ApiPath"/>). Other methods, service calls, lists of what
/// the cluster fills itself (pods, events, secrets) and paths with variables inside variables are not (the rule is
/// skipped with a note).
/// </summary>
internal sealed partial record ContextLookup(string? ConfigMapName, string? ConfigMapNamespace, string? UrlPath)
{
    /// <summary>An apiCall the repository may answer, or null (a POST, a service call, a list of pods) with the reason added.</summary>
    public static ContextLookup? ApiCall(JObject call, List<string> reasons)
    {
        var method = (call.Get("method") as JString)?.Value ?? "GET";
        if (call.Get("service") is not null || method != "GET" || call.Get("urlPath") is not JString { Value: var url })
        {
            reasons.Add("it uses context API calls");
            return null;
        }

        var shape = VariablePattern().Replace(url.Trim(), "x");
        var path = shape.Contains('{', StringComparison.Ordinal) || shape.Contains('}', StringComparison.Ordinal) ? null : ApiPath.Parse(shape);
        if (path?.NotInRepositoryReason is { } reason)
        {
            reasons.Add(reason);
            return null;
        }

        if (path is null)
        {
            reasons.Add("it uses context API calls");
            return null;
        }

        return new ContextLookup(null, null, url);
    }

    [GeneratedRegex(@"\{\{[^{}]*\}\}")]
    private static partial Regex VariablePattern();
}

/// <summary>A context entry the repository cannot answer: the rule has no verdict on this object (a note, not a finding).</summary>
internal sealed class UnknownContextException(string message) : Exception(message);

/// <summary>
/// The repository's objects by group and plural resource (and by namespace and name), built once per snapshot when a
/// rule asks: the desired state of the cluster, which answers context entries as the API server would.
/// </summary>
internal sealed class RepositoryObjects
{
    private static readonly ConditionalWeakTable<WorkspaceSnapshot, RepositoryObjects> Cache = new();

    /// <summary>Namespaces every cluster has, whether or not the repository declares them.</summary>
    private static readonly string[] BuiltInNamespaces = ["default", "kube-node-lease", "kube-public", "kube-system"];

    private readonly Lazy<Index> _index;

    // Each object as a value once per snapshot: a list is asked for again by every object a rule evaluates.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Manifest, JValue> _values = new(ReferenceEqualityComparer.Instance);

    private sealed record Index(
        Dictionary<(string Group, string Resource, string Namespace, string Name), Manifest> Named,
        Dictionary<(string Group, string Resource), List<Manifest>> ByResource);

    private RepositoryObjects(WorkspaceSnapshot workspace)
    {
        _index = new Lazy<Index>(() =>
        {
            var index = new Index([], []);
            // In path order, so which of two objects with the same identity answers (the first) does not vary between runs.
            foreach (var file in workspace.Files.Values.OrderBy(f => f.Path, StringComparer.Ordinal))
            {
                if (workspace.Structure.RoleOf(file.Path) != FileRole.Resource)
                {
                    continue;
                }

                foreach (var manifest in file.Manifests)
                {
                    if (manifest.Kind is { Length: > 0 } kind && manifest.Name is { Length: > 0 } name)
                    {
                        var resource = ObjectIdentity.PluralOf(kind);
                        if (index.Named.TryAdd((manifest.Group, resource, manifest.Namespace ?? string.Empty, name), manifest))
                        {
                            if (!index.ByResource.TryGetValue((manifest.Group, resource), out var list))
                            {
                                index.ByResource[(manifest.Group, resource)] = list = [];
                            }

                            list.Add(manifest);
                        }
                    }
                }
            }

            return index;
        });
    }

    public static RepositoryObjects For(WorkspaceSnapshot workspace) => Cache.GetValue(workspace, w => new RepositoryObjects(w));

    public JObject? Find(string group, string resource, string ns, string name) =>
        _index.Value.Named.TryGetValue((group, resource, ns, name), out var manifest) ? JValue.FromYaml(manifest.Root) as JObject : null;

    /// <summary>The object as a plain value (positions stripped), made once.</summary>
    private JValue ValueOf(Manifest manifest) => _values.GetOrAdd(manifest, m => JValue.Strip(JValue.FromYaml(m.Root)));

    /// <summary>
    /// Resolves a lookup (its text already substituted): the object, or for a list path the list the API server would
    /// return. Null, with why in <paramref name="unknown"/>, when the repository does not know the answer (a common
    /// outcome: a thousand rule/object pairs of the corpus read what the repository does not have).
    /// </summary>
    /// <remarks>
    /// <paramref name="requested"/> is the object being admitted: the request is a CREATE, so the cluster does not have
    /// it yet, and neither a list nor a GET sees it (else a "unique host" policy would always find the object itself).
    /// </remarks>
    public JValue? Resolve(string? configMapName, string? configMapNamespace, string? url, (string Group, string Kind, string Namespace, string Name) requested, out string? unknown)
    {
        unknown = null;
        bool IsRequested(Manifest m) => m.Group == requested.Group && m.Kind == requested.Kind && m.Name == requested.Name
            && (m.Namespace is null || m.Namespace == requested.Namespace);
        if (url is null)
        {
            return Named(string.Empty, "configmaps", string.IsNullOrEmpty(configMapNamespace) ? "default" : configMapNamespace, configMapName ?? string.Empty, IsRequested, out unknown);
        }

        if (ApiPath.Parse(url) is not { } path)
        {
            unknown = url.Contains("//", StringComparison.Ordinal)
                ? $"the API call {url} needs the object's namespace, which it gets only when applied"
                : $"the API call {url} is not one the repository can answer";
            return null;
        }

        if (path.NotInRepositoryReason is { } reason)
        {
            unknown = reason;
            return null;
        }

        return path.Name is { } name ? Named(path.Group, path.Resource, path.Namespace, name, IsRequested, out unknown) : List(path, IsRequested, out unknown);
    }

    private JValue? Named(string group, string resource, string ns, string name, Func<Manifest, bool> isRequested, out string? unknown)
    {
        unknown = null;
        if (_index.Value.Named.TryGetValue((group, resource, ns, name), out var manifest) && isRequested(manifest))
        {
            unknown = "it reads the object itself from the cluster, which does not have it before it is created";
            return null;
        }

        if (manifest is null)
        {
            var what = ns.Length == 0 ? name : $"{ns}/{name}";
            unknown = $"it reads {resource} {what} from the cluster, which is not in the repository";
            return null;
        }

        // The plain value made once per snapshot (the same object is read for every object a rule evaluates).
        return ValueOf(manifest);
    }

    /// <summary>The list response: the matching objects sorted by namespace and name, as the API server sorts them.</summary>
    private JObject? List(ApiPath path, Func<Manifest, bool> isRequested, out string? unknown)
    {
        unknown = null;
        var candidates = _index.Value.ByResource.GetValueOrDefault((path.Group, path.Resource)) ?? [];
        if (path.Namespace.Length > 0 && candidates.FirstOrDefault(m => m.Namespace is null && !isRequested(m)) is { } unplaced)
        {
            // Its namespace comes from a kustomization or Flux when applied: it may or may not be in the list.
            unknown = $"it lists {path.Resource} in namespace {path.Namespace}, and the repository writes {unplaced.Kind} {unplaced.Name} without a namespace";
            return null;
        }

        var items = candidates
            .Where(m => (path.Namespace.Length == 0 || m.Namespace == path.Namespace) && !isRequested(m))
            .Where(m => path.Labels.All(t => t.Holds(k => m.Labels.TryGetValue(k, out var v) ? v : null)))
            .Where(m => path.Fields.All(t => t.Holds(k => k == "metadata.name" ? m.Name : m.Namespace ?? string.Empty)))
            .OrderBy(m => m.Namespace ?? string.Empty, StringComparer.Ordinal).ThenBy(m => m.Name, StringComparer.Ordinal)
            .Select(ValueOf)
            .ToList();
        if (path is { Group: "", Resource: "namespaces" })
        {
            items.AddRange(BuiltInNamespaces
                .Where(ns => !candidates.Any(m => m.Name == ns))
                .Select(BuiltInNamespace)
                .Where(ns => path.Labels.All(t => t.Holds(k => k == "kubernetes.io/metadata.name" ? (ns.Get("metadata") as JObject)?.Get("name")?.ToSubstitutionText() : null))));
        }

        var kind = candidates.FirstOrDefault()?.Kind ?? path.Resource;
        return new JObject(
        [
            new("apiVersion", JValue.String(path.Group.Length == 0 ? path.Version : $"{path.Group}/{path.Version}")),
            new("kind", JValue.String(kind + "List")),
            new("metadata", new JObject()),
            new("items", new JArray(items)),
        ]);
    }

    /// <summary>
    /// The objects a mutate-existing target names (group null: any), each with how messages name it: one named object,
    /// which the repository must have, or every object of the kind whose namespace and name match the wildcards and
    /// whose labels match. Throws <see cref="UnknownContextException"/> when the repository cannot say which.
    /// </summary>
    public IEnumerable<(string Display, JObject Object)> Targets(string? group, string kind, string? ns, string? name, IReadOnlyDictionary<string, string> labels)
    {
        var resource = ObjectIdentity.PluralOf(kind);
        var candidates = _index.Value.ByResource
            .Where(e => e.Key.Resource == resource && (group is null || e.Key.Group == group))
            .SelectMany(e => e.Value)
            .ToList();
        var namespaced = !string.IsNullOrEmpty(ns) && !Kustomize.KindCatalog.IsClusterScoped(kind);
        if (namespaced && candidates.FirstOrDefault(m => m.Namespace is null) is { } unplaced)
        {
            throw new UnknownContextException($"it mutates {resource} in namespace {ns}, and the repository writes {unplaced.Kind} {unplaced.Name} without a namespace");
        }

        var matching = candidates
            .Where(m => !namespaced || Wildcard.Match(ns!, m.Namespace ?? string.Empty))
            .Where(m => string.IsNullOrEmpty(name) || Wildcard.Match(name, m.Name ?? string.Empty))
            .Where(m => labels.All(l => m.Labels.TryGetValue(l.Key, out var v) && v == l.Value))
            .OrderBy(m => m.Namespace ?? string.Empty, StringComparer.Ordinal).ThenBy(m => m.Name, StringComparer.Ordinal)
            .ToList();
        if (matching.Count == 0 && !string.IsNullOrEmpty(name) && !name.Contains('*', StringComparison.Ordinal) && !name.Contains('?', StringComparison.Ordinal))
        {
            var what = namespaced ? $"{ns}/{name}" : name;
            throw new UnknownContextException($"it mutates {kind} {what}, which is not in the repository");
        }

        return matching.Select(m => ($"{m.Kind} {(m.Namespace is null ? m.Name : $"{m.Namespace}/{m.Name}")}", (JObject)ValueOf(m)));
    }

    private static JObject BuiltInNamespace(string name) => new(
    [
        new("apiVersion", JValue.String("v1")),
        new("kind", JValue.String("Namespace")),
        new("metadata", new JObject([new("name", JValue.String(name)), new("labels", new JObject([new("kubernetes.io/metadata.name", JValue.String(name))]))])),
    ]);
}
