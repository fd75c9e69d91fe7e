using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using GitOpsAi.Core.AdmissionPolicies;
using GitOpsAi.Core.Expressions.JmesPath;
using GitOpsAi.Core.Manifests;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Kyverno;

/// <summary>
/// A context entry read from the cluster that the repository can answer: a <c>configMap</c> entry, or an
/// <c>apiCall</c> GET of one named object (<c>/api/v1/namespaces/{{request.namespace}}</c>). Lists, other methods and
/// other services are not (the rule is skipped with a note).
/// </summary>
internal sealed partial record ContextLookup(string? ConfigMapName, string? ConfigMapNamespace, string? UrlPath)
{
    /// <summary>An apiCall the repository may answer, or null (a list, a POST, a service call) with the reason added.</summary>
    public static ContextLookup? ApiCall(JObject call, List<string> reasons)
    {
        var method = (call.Get("method") as JString)?.Value ?? "GET";
        if (call.Get("service") is not null || method != "GET" || call.Get("urlPath") is not JString { Value: var url } || !IsNamedObject(url))
        {
            reasons.Add("it uses context API calls");
            return null;
        }

        return new ContextLookup(null, null, url);
    }

    /// <summary>True for the shape of a GET of one object: /api/v1/[namespaces/NS/]RESOURCE/NAME or /apis/GROUP/VERSION/[namespaces/NS/]RESOURCE/NAME.</summary>
    private static bool IsNamedObject(string url)
    {
        var shape = VariablePattern().Replace(url.Trim(), "x");
        if (shape.Contains('?', StringComparison.Ordinal) || shape.Contains('{', StringComparison.Ordinal) || shape.Contains('}', StringComparison.Ordinal))
        {
            return false;
        }

        return Parse(shape) is not null;
    }

    [GeneratedRegex(@"\{\{[^{}]*\}\}")]
    private static partial Regex VariablePattern();

    /// <summary>The group, plural resource, namespace and name a URL path names, or null for any other path.</summary>
    public static (string Group, string Resource, string Namespace, string Name)? Parse(string url)
    {
        var parts = url.Trim().Trim('/').Split('/');
        if (parts.Any(p => p.Length == 0))
        {
            return null;
        }

        return parts switch
        {
            ["api", "v1", var resource, var name] => (string.Empty, resource, string.Empty, name),
            ["api", "v1", "namespaces", var ns, var resource, var name] => (string.Empty, resource, ns, name),
            ["apis", var group, _, var resource, var name] => (group, resource, string.Empty, name),
            ["apis", var group, _, "namespaces", var ns, var resource, var name] => (group, resource, ns, name),
            _ => null,
        };
    }
}

/// <summary>A context entry the repository cannot answer: the rule has no verdict on this object (a note, not a finding).</summary>
internal sealed class UnknownContextException(string message) : Exception(message);

/// <summary>The repository's objects by group, plural resource, namespace and name, built once per snapshot when a rule asks.</summary>
internal sealed class RepositoryObjects
{
    private static readonly ConditionalWeakTable<WorkspaceSnapshot, RepositoryObjects> Cache = new();
    private readonly Lazy<Dictionary<(string Group, string Resource, string Namespace, string Name), Manifest>> _index;

    private RepositoryObjects(WorkspaceSnapshot workspace)
    {
        _index = new Lazy<Dictionary<(string, string, string, string), Manifest>>(() =>
        {
            var index = new Dictionary<(string, string, string, string), Manifest>();
            foreach (var file in workspace.Files.Values)
            {
                if (workspace.Structure.RoleOf(file.Path) != FileRole.Resource)
                {
                    continue;
                }

                foreach (var manifest in file.Manifests)
                {
                    if (manifest.Kind is { Length: > 0 } kind && manifest.Name is { Length: > 0 } name)
                    {
                        index.TryAdd((manifest.Group, ObjectIdentity.PluralOf(kind), manifest.Namespace ?? string.Empty, name), manifest);
                    }
                }
            }

            return index;
        });
    }

    public static RepositoryObjects For(WorkspaceSnapshot workspace) => Cache.GetValue(workspace, w => new RepositoryObjects(w));

    public JObject? Find(string group, string resource, string ns, string name) =>
        _index.Value.TryGetValue((group, resource, ns, name), out var manifest) ? JValue.FromYaml(manifest.Root) as JObject : null;

    /// <summary>Resolves a lookup (its text already substituted); throws <see cref="UnknownContextException"/> when the repository does not have the object.</summary>
    public JValue Resolve(string? configMapName, string? configMapNamespace, string? url)
    {
        var target = url is null
            ? (Group: string.Empty, Resource: "configmaps", Namespace: string.IsNullOrEmpty(configMapNamespace) ? "default" : configMapNamespace, Name: configMapName ?? string.Empty)
            : ContextLookup.Parse(url) ?? throw new UnknownContextException($"the API call {url} does not name one object");
        var found = Find(target.Group, target.Resource, target.Namespace, target.Name);
        if (found is null)
        {
            var what = target.Namespace.Length == 0 ? target.Name : $"{target.Namespace}/{target.Name}";
            throw new UnknownContextException($"it reads {target.Resource} {what} from the cluster, which is not in the repository");
        }

        return JValue.Strip(found);
    }
}
