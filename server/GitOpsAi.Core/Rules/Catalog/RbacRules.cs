using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Rules.Templates;

namespace GitOpsAi.Core.Rules.Catalog;

/// <summary>RBAC rules: who may exec into pods, who is bound to cluster-admin, wildcards.</summary>
public static class RbacRules
{
    public static IReadOnlyList<RuleDefinition> All { get; } =
    [
        new()
        {
            Id = "role-allows-pod-exec",
            Category = RuleCategory.Security,
            DefaultSeverity = DiagnosticSeverity.Error,
            Description = "Roles and ClusterRoles that allow exec or attach into pods.",
            Remediation = "Remove pods/exec and pods/attach (and wildcard resources) from the role, or limit its verbs to list and watch.",
            Scope = ["Role", "ClusterRole"],
            Equivalents = ["polaris:clusterrolePodExecAttach", "polaris:rolePodExecAttach"],
            Notes = "As Polaris, a rule grants exec when its apiGroups include \"\" or *, its resources pods/exec, pods/attach or *, and its verbs get, create or *; Kubernetes' own roles (admin, edit, cluster-admin, system:*) are skipped.",
            Template = new ExecRoleTemplate(),
        },
        new()
        {
            Id = "binding-allows-pod-exec",
            Category = RuleCategory.Security,
            DefaultSeverity = DiagnosticSeverity.Error,
            Description = "RoleBindings and ClusterRoleBindings to a role that allows exec or attach into pods.",
            Remediation = "Bind a role without pods/exec and pods/attach, or bind it only to the people who need a shell in the pods.",
            Scope = ["RoleBinding", "ClusterRoleBinding"],
            Equivalents = ["polaris:clusterrolebindingPodExecAttach", "polaris:rolebindingClusterRolePodExecAttach", "polaris:rolebindingRolePodExecAttach"],
            Notes = "The role is looked up in the repository; Kubernetes' default ClusterRoles admin and edit allow exec (cluster-admin, and any role that allows everything, is reported by cluster-admin-binding instead: one finding per binding, where Polaris fails both checks). Polaris also fails a binding whose role does not exist; a role that is neither in the repository nor a default is not reported, since it usually comes from a chart or the cluster. Polaris's verdicts: reportMissingRole and reportAdminRoles true.",
            Template = new RbacBindingTemplate(RbacGrant.Exec),
        },
        new()
        {
            Id = "cluster-admin-binding",
            Category = RuleCategory.Security,
            DefaultSeverity = DiagnosticSeverity.Error,
            Description = "RoleBindings and ClusterRoleBindings to cluster-admin or to a role that allows every verb on every resource.",
            Remediation = "Bind a role that grants only the resources and verbs the subject needs.",
            Scope = ["RoleBinding", "ClusterRoleBinding"],
            Equivalents = ["polaris:clusterrolebindingClusterAdmin", "polaris:rolebindingClusterAdminClusterRole", "polaris:rolebindingClusterAdminRole", "kube-linter:cluster-admin-role-binding"],
            Notes = "A role counts as admin when one rule has apiGroups *, resources * and verbs * (or all of get, list, watch, create, update, patch, delete), as in Polaris; kube-linter only reports ClusterRoleBindings to cluster-admin. Kubernetes' own bindings (system:*, cluster-admin) are skipped.",
            Template = new RbacBindingTemplate(RbacGrant.Admin),
        },
    ];
}
