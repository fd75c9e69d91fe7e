using GitOpsAi.Core.Manifests;

namespace GitOpsAi.Core.Kyverno;

/// <summary>
/// The Kubernetes REST path of an <c>apiCall</c> GET: one named object (<c>/apis/apps/v1/namespaces/NS/deployments/web</c>)
/// or a list (<c>/api/v1/namespaces/NS/services</c>, <c>/apis/networking.k8s.io/v1/ingresses</c>), with the
/// equality-based <c>labelSelector</c> and the <c>metadata.name</c>/<c>metadata.namespace</c> <c>fieldSelector</c> the
/// API server accepts. Namespace "" is cluster-wide (or a cluster-scoped object); Name null is a list.
/// </summary>
internal sealed record ApiPath(string Group, string Version, string Resource, string Namespace, string? Name, IReadOnlyList<LabelRequirement> Labels, IReadOnlyList<LabelRequirement> Fields)
{
    public bool IsList => Name is null;

    /// <summary>
    /// Lists the cluster fills itself (pods of controllers, events, nodes, service-account tokens, Helm release secrets,
    /// kube-root-ca.crt in every namespace): the repository knows only part of them, so a list is never answered from it.
    /// </summary>
    private static readonly HashSet<string> ClusterFilled = new(StringComparer.Ordinal)
    {
        "pods", "replicasets", "jobs", "controllerrevisions", "endpoints", "endpointslices", "events", "nodes", "leases",
        "secrets", "serviceaccounts", "configmaps", "persistentvolumes", "persistentvolumeclaims", "componentstatuses",
        "certificatesigningrequests", "policyreports", "clusterpolicyreports", "ephemeralreports", "clusterephemeralreports",
    };

    /// <summary>Why the repository cannot answer this path, or null when it can.</summary>
    public string? NotInRepositoryReason => IsList && ClusterFilled.Contains(Resource)
        ? $"it lists {Resource}, which the cluster creates beyond what the repository declares"
        : null;

    /// <summary>The path's object or list, or null for any other path (subresources, /version, set-based selectors, other query parameters).</summary>
    public static ApiPath? Parse(string url)
    {
        var question = url.IndexOf('?', StringComparison.Ordinal);
        var path = (question < 0 ? url : url[..question]).Trim().Trim('/');
        var parts = path.Split('/');
        if (parts.Any(p => p.Length == 0))
        {
            return null;
        }

        (string Group, string Version, string Resource, string Namespace, string? Name)? target = parts switch
        {
            ["api", "v1", var resource] => (string.Empty, "v1", resource, string.Empty, null),
            ["api", "v1", var resource, var name] => (string.Empty, "v1", resource, string.Empty, name),
            ["api", "v1", "namespaces", var ns, var resource] => (string.Empty, "v1", resource, ns, null),
            ["api", "v1", "namespaces", var ns, var resource, var name] => (string.Empty, "v1", resource, ns, name),
            ["apis", var group, var version, var resource] => (group, version, resource, string.Empty, null),
            ["apis", var group, var version, var resource, var name] => (group, version, resource, string.Empty, name),
            ["apis", var group, var version, "namespaces", var ns, var resource] => (group, version, resource, ns, null),
            ["apis", var group, var version, "namespaces", var ns, var resource, var name] => (group, version, resource, ns, name),
            _ => null,
        };
        if (target is not { } t)
        {
            return null;
        }

        List<LabelRequirement> labels = [], fields = [];
        if (question >= 0)
        {
            foreach (var parameter in url[(question + 1)..].Trim().Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = parameter.IndexOf('=', StringComparison.Ordinal);
                var (key, value) = equals < 0 ? (parameter, string.Empty) : (parameter[..equals], Uri.UnescapeDataString(parameter[(equals + 1)..].Replace('+', ' ')));
                var terms = EqualityTerms(value);
                var into = key switch { "labelSelector" => labels, "fieldSelector" => fields, _ => null };
                if (terms is null || into is null || (key == "fieldSelector" && terms.Any(f => f.Key is not ("metadata.name" or "metadata.namespace") || f.Operator is LabelOperator.Exists or LabelOperator.DoesNotExist)))
                {
                    return null;
                }

                into.AddRange(terms);
            }
        }

        if (t.Name is not null && (labels.Count > 0 || fields.Count > 0))
        {
            return null;
        }

        return new ApiPath(t.Group, t.Version, t.Resource, t.Namespace, t.Name, labels, fields);
    }

    /// <summary>The terms of a comma-separated selector, or null for set-based terms (<c>in</c>, <c>notin</c>), which are not answered.</summary>
    private static List<LabelRequirement>? EqualityTerms(string selector)
    {
        if (selector.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Any(raw => raw.Contains('(', StringComparison.Ordinal) || raw.Contains(' ', StringComparison.Ordinal)))
        {
            return null;
        }

        var terms = LabelRequirement.Parse(selector);
        return terms.Any(t => t.Key.Length == 0) ? null : terms;
    }
}
