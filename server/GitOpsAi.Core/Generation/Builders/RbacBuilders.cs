using System.Text.RegularExpressions;

namespace GitOpsAi.Core.Generation.Builders;

/// <summary>Namespace (restricted Pod Security), ServiceAccount (no automounted token), Role and RoleBinding.</summary>
internal static partial class RbacBuilders
{
    private static readonly string[] ReadVerbs = ["get", "list", "watch"];
    private static readonly string[] WriteVerbs = ["get", "list", "watch", "create", "update", "patch", "delete"];

    public static void Namespace(BuildContext context)
    {
        var name = context.Facts.Name ?? context.Facts.Namespace ?? context.Name;
        var body = context.Object("v1", "Namespace", name, namespaced: false, labels: new Dictionary<string, string>
        {
            ["pod-security.kubernetes.io/enforce"] = "restricted",
            ["pod-security.kubernetes.io/enforce-version"] = "latest",
        });
        context.Add("Namespace", name, body);
    }

    public static void ServiceAccount(BuildContext context)
    {
        var name = context.NameFor("ServiceAccount");
        var body = context.Object("v1", "ServiceAccount", name, labels: context.PodLabels(context.Name));
        body.Add("automountServiceAccountToken", false);
        context.Add("ServiceAccount", name, body);
    }

    public static void Role(BuildContext context)
    {
        var name = context.NameFor("Role");
        var resources = Resources().Matches(context.Facts.Text).Select(m => m.Value.ToLowerInvariant()).Distinct().ToList();
        var write = Writes().IsMatch(context.Facts.Text);
        var rule = new YMap();
        var groups = resources.Select(GroupOf).Distinct().ToList();
        if (resources.Count == 0)
        {
            rule.Add("apiGroups", new YSeq { string.Empty });
            rule.Add("resources", new YSeq { context.Placeholder("resources", "e.g. 'role that reads configmaps'").ToLowerInvariant() });
        }
        else
        {
            rule.Add("apiGroups", new YSeq(groups));
            rule.Add("resources", new YSeq(resources));
        }

        rule.Add("verbs", new YSeq(write ? WriteVerbs : ReadVerbs));
        var body = context.Object("rbac.authorization.k8s.io/v1", "Role", name, labels: context.PodLabels(context.Name));
        body.Add("rules", new YSeq { rule });
        context.Add("Role", name, body);
    }

    public static void RoleBinding(BuildContext context)
    {
        var name = context.NameFor("RoleBinding");
        var role = context.Generated("Role")?.Name ?? context.Name;
        var account = context.Generated("ServiceAccount")?.Name ?? context.Name;
        var subject = new YMap { { "kind", "ServiceAccount" }, { "name", account } };
        if (context.Namespace is { } ns)
        {
            subject.Add("namespace", ns);
        }

        var body = context.Object("rbac.authorization.k8s.io/v1", "RoleBinding", name, labels: context.PodLabels(context.Name));
        body.Add("roleRef", new YMap { { "apiGroup", "rbac.authorization.k8s.io" }, { "kind", "Role" }, { "name", role } });
        body.Add("subjects", new YSeq { subject });
        context.Add("RoleBinding", name, body);
    }

    private static string GroupOf(string resource) => resource switch
    {
        "deployments" or "statefulsets" or "daemonsets" or "replicasets" => "apps",
        "jobs" or "cronjobs" => "batch",
        "ingresses" or "networkpolicies" => "networking.k8s.io",
        _ => string.Empty,
    };

    [GeneratedRegex(@"\b(?:pods|configmaps|secrets|services|endpoints|events|persistentvolumeclaims|deployments|statefulsets|daemonsets|replicasets|jobs|cronjobs|ingresses|networkpolicies)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Resources();

    [GeneratedRegex(@"\b(?:write|writes|manage|manages|edit|edits|modify|update|create|delete)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Writes();
}
