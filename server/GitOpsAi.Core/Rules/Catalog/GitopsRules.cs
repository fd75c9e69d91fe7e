using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Rules.Templates;

namespace GitOpsAi.Core.Rules.Catalog;

/// <summary>GitOps rules: Flux and Argo CD objects and how the repository's objects refer to each other.</summary>
public static class GitopsRules
{
    public static IReadOnlyList<RuleDefinition> All { get; } =
    [
        new()
        {
            Id = "flux-kustomization-prune",
            Category = RuleCategory.Gitops,
            DefaultSeverity = DiagnosticSeverity.Warning,
            Description = "Flux Kustomizations that do not prune objects removed from Git.",
            Remediation = "Set spec.prune: true so objects deleted from the repository are deleted from the cluster.",
            Scope = ["Kustomization"],
            FixSafety = FixSafety.Unsafe,
            Template = new FluxOnly(new RequiredFieldTemplate(new RequiredFieldParameters { Path = "spec.prune", Value = "true" })),
        },
        new()
        {
            Id = "flux-source-not-found",
            Category = RuleCategory.Gitops,
            DefaultSeverity = DiagnosticSeverity.Warning,
            Description = "Flux objects whose sourceRef or chartRef names a source the repository does not define.",
            Remediation = "Fix the sourceRef name, kind or namespace, or add the source to the repository.",
            Scope = ["Kustomization", "HelmRelease", "HelmChart", "ImageUpdateAutomation"],
            Notes = "Only checked when the repository defines some source of that kind (otherwise sources are created elsewhere); the bootstrap source flux-system is never reported. The namespace is sourceRef.namespace, else the object's.",
            Template = new FluxOnly(new FluxSourceTemplate()),
        },
        new()
        {
            Id = "helm-chart-version-not-pinned",
            Category = RuleCategory.Gitops,
            DefaultSeverity = DiagnosticSeverity.Warning,
            Description = "HelmReleases and HelmCharts whose chart version is missing, '*' or a loose range.",
            Remediation = "Pin spec.chart.spec.version to an exact version (or a ~x.y.z patch range) and let a bot propose upgrades.",
            Scope = ["HelmRelease", "HelmChart"],
            Notes = "allow: exact accepts only one version, patch (default) also ~x.y.z and x.y.* ranges, minor also ^x.y.z and x.* ranges. Charts from a GitRepository or Bucket, and HelmReleases that use chartRef, are not checked.",
            Template = new FluxOnly(new ChartVersionTemplate()),
        },
        new()
        {
            Id = "flux-tenant-service-account",
            Category = RuleCategory.Gitops,
            DefaultSeverity = DiagnosticSeverity.Warning,
            Description = "Flux Kustomizations and HelmReleases in tenant paths that do not impersonate a service account.",
            Remediation = "Set spec.serviceAccountName to the tenant's service account so the tenant cannot apply beyond its permissions.",
            Scope = ["Kustomization", "HelmRelease"],
            Notes = "Needs settings.tenantPaths (path globs) in .gitops-ai/rules.yaml; without them nothing is reported. No fix: the service account is the tenant's to choose. Checked on the files as written, not on rendered objects: the tenant paths are matched against the file an object is written in, and a rendered object has no file of its own (a base HelmRelease belongs to its base file and to every overlay that includes it at once), so which path should count is a policy choice this rule does not make. So a Kustomization or HelmRelease written outside the tenant paths is not reported through a tenant overlay that includes it, and an overlay patch that sets spec.serviceAccountName does not silence the finding of a base written in a tenant path.",
            Template = new FluxOnly(new TenantServiceAccountTemplate()),
        },
        new()
        {
            Id = "storage-class-not-retain",
            Category = RuleCategory.Gitops,
            DefaultSeverity = DiagnosticSeverity.Warning,
            Description = "PersistentVolumeClaims and StatefulSet volume claims whose StorageClass deletes the volume with the claim.",
            Remediation = "Use a StorageClass with reclaimPolicy: Retain for data that must survive its claim.",
            Scope = ["PersistentVolumeClaim", "StatefulSet"],
            Notes = "Only when settings.requireRetainReclaimPolicy is true, and only for StorageClasses defined in the repository (a claim without storageClassName uses the class annotated as default).",
            Template = new ReclaimPolicyTemplate(),
        },
        new()
        {
            Id = "dangling-service",
            Category = RuleCategory.Gitops,
            DefaultSeverity = DiagnosticSeverity.Warning,
            Description = "Services whose selector matches the pods of no workload in the repository.",
            Remediation = "Make the Service's selector match the pod labels of the workload it fronts.",
            Scope = ["Service"],
            Equivalents = ["kube-linter:dangling-service"],
            Notes = "kube-linter also reports Services without a selector (set reportMissingSelector: true); they usually have hand-written endpoints. Quiet where the pods may come from elsewhere: the Service's namespace gets a HelmRelease, Argo CD Application or kustomize Helm chart, its kustomization has remote resources, or a Flagger Canary creates the -primary/-canary pods.",
            Template = new DanglingTemplate(),
        },
        new()
        {
            Id = "dangling-hpa",
            Category = RuleCategory.Gitops,
            DefaultSeverity = DiagnosticSeverity.Warning,
            Description = "HorizontalPodAutoscalers whose scaleTargetRef names an object the repository does not hold.",
            Remediation = "Fix scaleTargetRef's kind and name, or remove the autoscaler.",
            Scope = ["HorizontalPodAutoscaler"],
            Equivalents = ["kube-linter:dangling-horizontalpodautoscaler"],
            Notes = "kube-linter also requires the apiVersion to match; here kind, name and namespace do. Quiet where the target may be generated (HelmRelease, remote base, Flagger's -primary workloads).",
            Template = new DanglingTemplate(),
        },
        new()
        {
            Id = "dangling-pdb",
            Category = RuleCategory.Gitops,
            DefaultSeverity = DiagnosticSeverity.Warning,
            Description = "PodDisruptionBudgets whose selector matches the pods of no workload in the repository.",
            Remediation = "Make the selector match the pod labels of the workload the budget protects.",
            Scope = ["PodDisruptionBudget"],
            Notes = "Quiet where the pods may be generated (HelmRelease, Argo CD Application or remote base in the namespace, Flagger's -primary pods).",
            Template = new DanglingTemplate(),
        },
        new()
        {
            Id = "dangling-network-policy",
            Category = RuleCategory.Gitops,
            DefaultSeverity = DiagnosticSeverity.Warning,
            Description = "NetworkPolicies whose podSelector matches the pods of no workload in the repository.",
            Remediation = "Make the podSelector match the pod labels of the workloads the policy is for.",
            Scope = ["NetworkPolicy"],
            Equivalents = ["kube-linter:dangling-networkpolicy"],
            Notes = "An empty podSelector selects every pod of the namespace and is never reported (kube-linter reports it when the namespace has no workloads). Quiet where the pods may be generated.",
            Template = new DanglingTemplate(),
        },
        new()
        {
            Id = "dangling-ingress",
            Category = RuleCategory.Gitops,
            DefaultSeverity = DiagnosticSeverity.Warning,
            Description = "Ingresses whose backend Service, or the backend port on it, is not in the repository.",
            Remediation = "Fix the backend service name and port, or add the Service (or the port to it).",
            Scope = ["Ingress"],
            Equivalents = ["kube-linter:dangling-ingress"],
            Notes = "The backend port (number or name) must be one of the Service's ports, as in kube-linter. Quiet where the Service may be generated (HelmRelease, Argo CD Application or remote base in the namespace).",
            Template = new DanglingTemplate(),
        },
        new()
        {
            Id = "dangling-service-monitor",
            Category = RuleCategory.Gitops,
            DefaultSeverity = DiagnosticSeverity.Warning,
            Description = "ServiceMonitors whose selector matches no Service in the namespaces they watch.",
            Remediation = "Make the selector (and namespaceSelector) match the labels and namespace of the Service to scrape.",
            Scope = ["ServiceMonitor"],
            Equivalents = ["kube-linter:dangling-servicemonitor"],
            Notes = "The namespaces are namespaceSelector.matchNames, any, or the ServiceMonitor's own; no selector takes every Service there. A Service whose namespace the repository leaves to apply time may be in any of them; kube-linter counts it in none (matchNamesNeedNamespace: true). Quiet where those namespaces get a HelmRelease, Argo CD Application or remote base.",
            Template = new DanglingTemplate(),
        },
        new()
        {
            Id = "flagger-canary-target-not-found",
            Category = RuleCategory.Gitops,
            DefaultSeverity = DiagnosticSeverity.Warning,
            Description = "Flagger Canaries whose targetRef names a workload the repository does not hold.",
            Remediation = "Fix targetRef's kind and name, or add the workload.",
            Scope = ["Canary"],
            Notes = "Quiet where the target may be generated (HelmRelease, Argo CD Application or remote base in the namespace).",
            Template = new DanglingTemplate(),
        },
        new()
        {
            Id = "non-existent-service-account",
            Category = RuleCategory.Gitops,
            DefaultSeverity = DiagnosticSeverity.Warning,
            Description = "Pods that run as a ServiceAccount the repository does not hold.",
            Remediation = "Add the ServiceAccount in the workload's namespace, or fix serviceAccountName.",
            Scope = [RuleScope.Workloads],
            Equivalents = ["kube-linter:non-existent-service-account"],
            Notes = "kube-linter reports any missing ServiceAccount; by default only repositories that define ServiceAccounts are checked, so one that creates them elsewhere gets no noise (set requireWhenRepositoryHasNone: true for kube-linter's behaviour). The default ServiceAccount always exists; namespaces that get generated objects (HelmRelease, remote base) are skipped.",
            Template = new ReferenceTemplate("ServiceAccount"),
        },
        new()
        {
            Id = "non-existent-configmap",
            Category = RuleCategory.Gitops,
            DefaultSeverity = DiagnosticSeverity.Warning,
            Description = "Pods that use a ConfigMap (configMapRef, configMapKeyRef, volume) the repository does not hold.",
            Remediation = "Add the ConfigMap (or a configMapGenerator) in the workload's namespace, or fix the reference.",
            Scope = [RuleScope.Workloads],
            Notes = "Only when the repository defines some ConfigMap or configMapGenerator; optional references and namespaces that get generated objects (HelmRelease, remote base) are skipped.",
            Template = new ReferenceTemplate("ConfigMap"),
        },
        new()
        {
            Id = "non-existent-secret",
            Category = RuleCategory.Gitops,
            DefaultSeverity = DiagnosticSeverity.Warning,
            Description = "Pods that use a Secret (secretRef, secretKeyRef, volume) the repository does not hold or generate.",
            Remediation = "Add the Secret (as a SealedSecret, ExternalSecret or SOPS-encrypted Secret) in the workload's namespace, or fix the reference.",
            Scope = [RuleScope.Workloads],
            Notes = "A Secret may also come from a SealedSecret, ExternalSecret, ClusterExternalSecret, cert-manager Certificate or secretGenerator. Only when the repository defines some Secret or producer; optional references and namespaces that get generated objects are skipped.",
            Template = new ReferenceTemplate("Secret"),
        },
    ];
}
