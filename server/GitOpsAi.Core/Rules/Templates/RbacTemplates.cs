using System.ComponentModel;
using GitOpsAi.Core.Manifests;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Rules.Templates;

/// <summary>What a binding rule looks for: a role that allows exec/attach into pods, or one that allows everything.</summary>
public enum RbacGrant
{
    Exec,
    Admin,
}

/// <summary>What RBAC rules grant: exec/attach into pods, or everything (cluster-admin).</summary>
public static class RbacGrants
{
    /// <summary>Kubernetes' default ClusterRoles, which are not in repositories: what each grants.</summary>
    private static readonly Dictionary<string, (bool Exec, bool Admin)> BuiltIn = new(StringComparer.Ordinal)
    {
        ["cluster-admin"] = (true, true),
        ["admin"] = (true, false),
        ["edit"] = (true, false),
        ["view"] = (false, false),
    };

    /// <summary>The rule (an item of rules) that grants exec or attach, if any.</summary>
    public static YamlMapping? ExecRule(YamlMapping role, IReadOnlyList<string> verbs) =>
        Rules(role).FirstOrDefault(rule =>
            Strings(rule, "apiGroups").Any(g => g is "" or "*")
            && Strings(rule, "resources").Any(r => r is "*" or "pods/exec" or "pods/attach")
            && Strings(rule, "verbs").Any(verbs.Contains));

    /// <summary>The rule that grants every verb on every resource of every group, if any.</summary>
    public static YamlMapping? AdminRule(YamlMapping role) =>
        Rules(role).FirstOrDefault(rule =>
            Strings(rule, "apiGroups").Contains("*") && Strings(rule, "resources").Contains("*")
            && (Strings(rule, "verbs").Contains("*") || new[] { "get", "list", "watch", "create", "update", "patch", "delete" }.All(Strings(rule, "verbs").Contains)));

    /// <summary>What a built-in ClusterRole grants, or null when the name is not one.</summary>
    public static (bool Exec, bool Admin)? BuiltInGrants(string name) => BuiltIn.TryGetValue(name, out var grants) ? grants : null;

    public static bool IsSystemName(string? name) => name is not null && (name.StartsWith("system:", StringComparison.Ordinal) || name == "gce:podsecuritypolicy:calico-sa");

    private static IEnumerable<YamlMapping> Rules(YamlMapping role) => (role.GetSequence("rules")?.Items ?? []).OfType<YamlMapping>();

    private static List<string> Strings(YamlMapping rule, string key) =>
        (rule.GetSequence(key)?.Items ?? []).OfType<YamlScalar>().Select(s => s.IsNull ? string.Empty : s.Value).ToList();
}

public sealed record ExecRoleParameters
{
    [Description("Verbs that allow exec or attach (a websocket 'get' does too).")]
    public IReadOnlyList<string> Verbs { get; init; } = ["get", "create", "*"];

    [Description("Role names that are not checked (Kubernetes' own defaults; names starting with system: are always skipped).")]
    public IReadOnlyList<string> IgnoredNames { get; init; } = ["admin", "edit", "cluster-admin"];
}

/// <summary>A Role or ClusterRole that allows pods/exec or pods/attach.</summary>
public sealed class ExecRoleTemplate(ExecRoleParameters? parameters = null) : RuleTemplate<ExecRoleParameters>(parameters)
{
    public override string TemplateName => "role-allows-exec";

    protected override void Check(RuleContext context, ExecRoleParameters parameters)
    {
        var manifest = context.Manifest;
        if (RbacGrants.IsSystemName(manifest.Name) || parameters.IgnoredNames.Contains(manifest.Name ?? string.Empty) || RbacGrants.ExecRule(manifest.Root, parameters.Verbs) is not { } rule)
        {
            return;
        }

        context.Report(rule["resources"] ?? rule, $"{manifest.DisplayName} allows exec or attach into pods, which is a shell in every container it can reach.");
    }
}

public sealed record RbacBindingParameters
{
    [Description("Verbs that allow exec or attach (a websocket 'get' does too).")]
    public IReadOnlyList<string> Verbs { get; init; } = ["get", "create", "*"];

    [Description("Also report a binding whose role is neither in the repository nor one of Kubernetes' default ClusterRoles, a Role counting only when written in the binding's namespace (Polaris fails it); by default it is not reported, since such roles usually come from a chart or the cluster.")]
    public bool ReportMissingRole { get; init; }

    [Description("binding-allows-pod-exec: also report a binding to a role that allows everything (a system: one in the repository too), which cluster-admin-binding reports by default (Polaris fails both checks).")]
    public bool ReportAdminRoles { get; init; }
}

/// <summary>
/// A RoleBinding or ClusterRoleBinding to a role that grants exec/attach or everything: a role in the repository, or one
/// of Kubernetes' default ClusterRoles (cluster-admin, admin, edit). Roles that are neither are not reported.
/// </summary>
public sealed class RbacBindingTemplate(RbacGrant grant, RbacBindingParameters? parameters = null) : RuleTemplate<RbacBindingParameters>(parameters)
{
    /// <summary>What the bound role must not grant.</summary>
    public RbacGrant Grant { get; } = grant;

    public override string TemplateName => "rbac-binding-grants";

    protected override void Check(RuleContext context, RbacBindingParameters parameters)
    {
        var manifest = context.Manifest;
        var roleRef = manifest.Root.GetMapping("roleRef");
        if (roleRef?["name"] is not YamlScalar { IsNull: false } nameNode || roleRef.GetString("kind") is not { } roleKind || LabelSelectors.IsSubstituted(nameNode.Value))
        {
            return;
        }

        // Kubernetes' own bindings (system:*, and the cluster-admin binding of system:masters).
        if (RbacGrants.IsSystemName(manifest.Name) || (manifest.Kind == "ClusterRoleBinding" && manifest.Name == "cluster-admin"))
        {
            return;
        }

        var name = nameNode.Value;
        var admin = Grant == RbacGrant.Admin;
        var role = FindRole(context, roleKind, name, strictNamespace: parameters.ReportMissingRole);
        bool grants;
        if (role is not null)
        {
            grants = admin ? RbacGrants.AdminRule(role.Root) is not null : RbacGrants.ExecRule(role.Root, parameters.Verbs) is not null && (parameters.ReportAdminRoles || RbacGrants.AdminRule(role.Root) is null);
        }
        else if (roleKind == "ClusterRole" && RbacGrants.BuiltInGrants(name) is { } builtIn)
        {
            grants = admin ? builtIn.Admin : builtIn.Exec && (parameters.ReportAdminRoles || !builtIn.Admin); // cluster-admin is the admin rule's finding
        }
        else if (parameters.ReportMissingRole)
        {
            context.Report(nameNode, $"{manifest.DisplayName} grants {roleKind} '{name}', which is not in this repository, so what it allows cannot be checked.");
            return;
        }
        else
        {
            return; // a role we cannot see
        }

        if (!grants || (!admin && !parameters.ReportAdminRoles && RbacGrants.IsSystemName(name)))
        {
            return;
        }

        var message = admin
            ? $"{manifest.DisplayName} grants {roleKind} '{name}', which allows everything{(manifest.Kind == "RoleBinding" ? " in the namespace" : " in the cluster")}."
            : $"{manifest.DisplayName} grants {roleKind} '{name}', which allows exec or attach into pods.";
        context.Report(nameNode, message);
    }

    /// <summary>
    /// The bound role in the repository. A Role whose namespace is left to apply time may be in the binding's namespace;
    /// with <paramref name="strictNamespace"/> (Polaris) it must be written in the same namespace as the binding.
    /// </summary>
    private static Manifest? FindRole(RuleContext context, string kind, string name, bool strictNamespace)
    {
        var objects = WorkspaceObjects.For(context.Workspace);
        var @namespace = objects.NamespaceOf(context.File, context.Manifest);
        return objects.Named(kind, name)
            .Where(r => r.Manifest.Group == "rbac.authorization.k8s.io"
                && (kind == "ClusterRole" || (strictNamespace ? r.Namespace == @namespace : WorkspaceObjects.SameNamespace(r.Namespace, @namespace))))
            .Select(r => r.Manifest)
            .FirstOrDefault();
    }
}
