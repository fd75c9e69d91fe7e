namespace GitOpsAi.Core.Kyverno;

/// <summary>
/// The Kubernetes REST path of an <c>apiCall</c> GET: one named object (<c>/apis/apps/v1/namespaces/NS/deployments/web</c>)
/// or a list (<c>/api/v1/namespaces/NS/services</c>, <c>/apis/networking.k8s.io/v1/ingresses</c>), with the
/// equality-based <c>labelSelector</c> and the <c>metadata.name</c>/<c>metadata.namespace</c> <c>fieldSelector</c> the
/// API server accepts. Namespace "" is cluster-wide (or a cluster-scoped object); Name null is a list.
/// </summary>
internal sealed record ApiPath(string Group, string Version, string Resource, string Namespace, string? Name, IReadOnlyList<SelectorTerm> Labels, IReadOnlyList<SelectorTerm> Fields)
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

        List<SelectorTerm> labels = [], fields = [];
        if (question >= 0)
        {
            foreach (var parameter in url[(question + 1)..].Trim().Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = parameter.IndexOf('=', StringComparison.Ordinal);
                var (key, value) = equals < 0 ? (parameter, string.Empty) : (parameter[..equals], Uri.UnescapeDataString(parameter[(equals + 1)..].Replace('+', ' ')));
                var terms = SelectorTerm.ParseAll(value);
                var into = key switch { "labelSelector" => labels, "fieldSelector" => fields, _ => null };
                if (terms is null || into is null || (key == "fieldSelector" && terms.Any(f => f.Key is not ("metadata.name" or "metadata.namespace") || f.Op is SelectorOp.Exists or SelectorOp.Absent)))
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
}

internal enum SelectorOp
{
    Equals,
    NotEquals,
    Exists,
    Absent,
}

/// <summary>One term of an equality-based selector (<c>app=web</c>, <c>tier!=db</c>, <c>team</c>, <c>!legacy</c>).</summary>
internal sealed record SelectorTerm(string Key, SelectorOp Op, string Value)
{
    /// <summary>The terms of a comma-separated selector, or null for set-based terms (<c>in</c>, <c>notin</c>), which are not answered.</summary>
    public static List<SelectorTerm>? ParseAll(string selector)
    {
        var terms = new List<SelectorTerm>();
        foreach (var raw in selector.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (raw.Contains('(', StringComparison.Ordinal) || raw.Contains(' ', StringComparison.Ordinal))
            {
                return null;
            }

            var term = raw.IndexOf("!=", StringComparison.Ordinal) is var ne and > 0 ? new SelectorTerm(raw[..ne], SelectorOp.NotEquals, raw[(ne + 2)..])
                : raw.IndexOf("==", StringComparison.Ordinal) is var eq2 and > 0 ? new SelectorTerm(raw[..eq2], SelectorOp.Equals, raw[(eq2 + 2)..])
                : raw.IndexOf('=', StringComparison.Ordinal) is var eq and > 0 ? new SelectorTerm(raw[..eq], SelectorOp.Equals, raw[(eq + 1)..])
                : raw.StartsWith('!') ? new SelectorTerm(raw[1..], SelectorOp.Absent, string.Empty)
                : new SelectorTerm(raw, SelectorOp.Exists, string.Empty);
            if (term.Key.Length == 0)
            {
                return null;
            }

            terms.Add(term);
        }

        return terms;
    }

    /// <summary>True when the value read by the key (null: the object lacks it) satisfies the term.</summary>
    public bool Holds(Func<string, string?> read)
    {
        var value = read(Key);
        return Op switch
        {
            SelectorOp.Equals => value == Value,
            SelectorOp.NotEquals => value != Value,
            SelectorOp.Exists => value is not null,
            _ => value is null,
        };
    }
}
