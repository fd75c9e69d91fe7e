using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using GitOpsAi.Core.Manifests;
using GitOpsAi.Core.Workspace;
using GitOpsAi.Core.Editing;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Rules.Templates;

public sealed record ServiceAccountTokenParameters
{
    [Description("Accept a ServiceAccount in the repository with automountServiceAccountToken: false when the pod spec leaves it unset (Polaris); false checks the pod spec only (kube-linter).")]
    public bool AcceptServiceAccountSetting { get; init; } = true;
}

/// <summary>
/// Pods should not get a service account token mounted unless they call the Kubernetes API: the pod spec (or, by
/// default, the ServiceAccount it uses) must set automountServiceAccountToken: false.
/// </summary>
public sealed class ServiceAccountTokenTemplate(ServiceAccountTokenParameters? parameters = null) : RuleTemplate<ServiceAccountTokenParameters>(parameters)
{
    public override string TemplateName => "service-account-token";

    protected override void Check(RuleContext context, ServiceAccountTokenParameters parameters)
    {
        if (context.Manifest.PodTemplate is not { } pod)
        {
            return;
        }

        var value = pod.Spec["automountServiceAccountToken"];
        if (value is YamlScalar { IsNull: false } scalar)
        {
            if (scalar.Value is "true" or "True" or "TRUE")
            {
                // An explicit true is a choice: report it, but leave it to the user.
                context.Report(scalar, $"{context.Manifest.DisplayName} mounts its service account token explicitly (automountServiceAccountToken: true).");
            }

            return; // false, or a ${VAR}
        }

        var account = pod.Spec.GetString("serviceAccountName") ?? pod.Spec.GetString("serviceAccount");
        if (account is not null && PodSpecValues.IsSubstituted(pod.Spec["serviceAccountName"] ?? pod.Spec["serviceAccount"]))
        {
            return;
        }

        if (parameters.AcceptServiceAccountSetting && ServiceAccountDisablesToken(context, account ?? "default"))
        {
            return;
        }

        // A pod with its own service account most likely calls the API: the fix is offered, but not applied by --fix.
        var usesDefault = account is null or "default";
        var who = usesDefault ? "the default service account" : $"service account '{account}'";
        context.Report(PodSpecValues.PodSpecSpan(context), $"{context.Manifest.DisplayName} gets a token of {who} mounted automatically.", (pod.Spec, usesDefault), static (context, state) => YamlEdits.Fix(
            state.usesDefault ? "Set automountServiceAccountToken: false" : "Set automountServiceAccountToken: false (only if the pod does not call the Kubernetes API)",
            YamlEdits.SetValue(context.Source, state.Spec, ["automountServiceAccountToken"], "false"),
            preferred: state.usesDefault));
    }

    // A loop over the index's array: Any with a lambda made a closure, a delegate and a boxed enumerator for every pod.
    private static bool ServiceAccountDisablesToken(RuleContext context, string name)
    {
        var accounts = context.Workspace.IndexedObjectsNamed("ServiceAccount", name);
        if (accounts.Length > FewAccounts && context.Manifest.Namespace is { } @namespace)
        {
            var byNamespace = AccountsByNamespace.GetValue(ImmutableCollectionsMarshal.AsArray(accounts)!, static all => all.ToLookup(a => a.Manifest.Namespace ?? NoNamespace, a => a.Manifest, StringComparer.Ordinal));
            return AnyDisables(byNamespace[@namespace], @namespace) || AnyDisables(byNamespace[NoNamespace], @namespace);
        }

        foreach (var account in accounts)
        {
            AccountsExaminedOnThisThread++;
            if (Disables(account.Manifest, context.Manifest.Namespace))
            {
                return true;
            }
        }

        return false;
    }

    // A name many namespaces hold (a ServiceAccount "app" in each) is looked up in its pod's namespace through an index
    // made once per answer of the object index: walking the answer for every pod grew with the square of the repository
    // (8,000 namespaces: 16 % of the check's CPU).
    private const int FewAccounts = 16;
    private const string NoNamespace = "\0";
    private static readonly ConditionalWeakTable<(WorkspaceFile File, Manifest Manifest)[], ILookup<string, Manifest>> AccountsByNamespace = new();

    /// <summary>How many ServiceAccounts were looked at for pods on this thread (tests: a pod meets its namespace's).</summary>
    [ThreadStatic]
    internal static int AccountsExaminedOnThisThread;

    private static bool AnyDisables(IEnumerable<Manifest> accounts, string? @namespace)
    {
        foreach (var account in accounts)
        {
            AccountsExaminedOnThisThread++;
            if (Disables(account, @namespace))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Disables(Manifest account, string? @namespace) =>
        WorkspaceObjects.SameNamespace(account.Namespace, @namespace) && account.Root["automountServiceAccountToken"] is YamlScalar { Value: "false" or "False" or "FALSE" };
}
