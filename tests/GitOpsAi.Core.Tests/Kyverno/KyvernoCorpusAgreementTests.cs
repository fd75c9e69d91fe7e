namespace GitOpsAi.Core.Tests.Kyverno;

/// <summary>
/// Real policies of kyverno/policies against good and bad resources written for them (the corpus ships no test
/// resources, and the kyverno CLI is not available here): the verdict GitOpsAi gives is the one the policy's own
/// description and Kyverno's semantics call for, for Pods and, through auto-gen, for Deployments and CronJobs.
/// </summary>
public sealed class KyvernoCorpusAgreementTests
{
    internal static readonly string[] PolicyPaths =
    [
        "best-practices/disallow-latest-tag",
        "best-practices/require-labels",
        "best-practices/require-pod-requests-limits",
        "best-practices/require-drop-all",
        "best-practices/disallow-default-namespace",
        "best-practices/require-probes",
        "best-practices/require-ro-rootfs",
        "best-practices/restrict-node-port",
        "best-practices/disallow-empty-ingress-host",
        "pod-security/baseline/disallow-privileged-containers",
        "pod-security/baseline/disallow-host-path",
        "pod-security/baseline/disallow-host-namespaces",
        "pod-security/baseline/disallow-host-ports",
        "pod-security/baseline/disallow-capabilities",
        "pod-security/baseline/disallow-proc-mount",
        "pod-security/baseline/restrict-sysctls",
        "pod-security/baseline/disallow-selinux",
        "pod-security/restricted/require-run-as-nonroot",
        "pod-security/restricted/require-run-as-non-root-user",
        "pod-security/restricted/disallow-privilege-escalation",
        "pod-security/restricted/disallow-capabilities-strict",
        "pod-security/restricted/restrict-seccomp-strict",
        "pod-security/restricted/restrict-volume-types",
        "best-practices/check-deprecated-apis",
    ];

    internal const string HardenedPod = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
          namespace: shop
          labels:
            app.kubernetes.io/name: web
        spec:
          securityContext:
            runAsNonRoot: true
            runAsUser: 1000
            seccompProfile:
              type: RuntimeDefault
          containers:
            - name: web
              image: ghcr.io/corp/web:1.2.3
              ports:
                - containerPort: 8080
              resources:
                requests:
                  cpu: 100m
                  memory: 128Mi
                limits:
                  memory: 256Mi
              livenessProbe:
                httpGet: {path: /healthz, port: 8080}
              readinessProbe:
                httpGet: {path: /ready, port: 8080}
              securityContext:
                allowPrivilegeEscalation: false
                privileged: false
                readOnlyRootFilesystem: true
                capabilities:
                  drop: [ALL]
          volumes:
            - name: tmp
              emptyDir: {}
        """;

    /// <summary>A change to the hardened Pod and the policy rules it breaks.</summary>
    internal static readonly (string Name, Func<string, string> Change, string[] Failing)[] Cases =
    [
        ("hardened", pod => pod, []),
        ("latest tag", pod => pod.Replace("ghcr.io/corp/web:1.2.3", "ghcr.io/corp/web:latest"), ["disallow-latest-tag/validate-image-tag"]),
        ("no tag", pod => pod.Replace("ghcr.io/corp/web:1.2.3", "ghcr.io/corp/web"), ["disallow-latest-tag/require-image-tag"]),
        ("no labels", pod => pod.Replace("app.kubernetes.io/name: web", "team: web"), ["require-labels/check-for-labels"]),
        ("no resources", pod => pod.Replace("requests:\n          cpu: 100m\n          memory: 128Mi\n        limits:\n          memory: 256Mi", "{}"), ["require-requests-limits/validate-resources"]),
        ("drops nothing", pod => pod.Replace("drop: [ALL]", "drop: [NET_RAW]"), ["drop-all-capabilities/require-drop-all", "disallow-capabilities-strict/require-drop-all"]),
        ("adds SYS_ADMIN", pod => pod.Replace("drop: [ALL]", "drop: [ALL]\n          add: [SYS_ADMIN]"), ["disallow-capabilities/adding-capabilities", "disallow-capabilities-strict/adding-capabilities-strict"]),
        ("adds NET_BIND_SERVICE", pod => pod.Replace("drop: [ALL]", "drop: [ALL]\n          add: [NET_BIND_SERVICE]"), []),
        ("default namespace", pod => pod.Replace("namespace: shop", "namespace: default"), ["disallow-default-namespace/validate-namespace"]),
        ("no probes", pod => pod.Replace("      livenessProbe:\n        httpGet: {path: /healthz, port: 8080}\n      readinessProbe:\n        httpGet: {path: /ready, port: 8080}\n", string.Empty), ["require-pod-probes/validate-probes"]),
        ("writable root", pod => pod.Replace("readOnlyRootFilesystem: true", "readOnlyRootFilesystem: false"), ["require-ro-rootfs/validate-readOnlyRootFilesystem"]),
        ("privileged", pod => pod.Replace("privileged: false", "privileged: true"), ["disallow-privileged-containers/privileged-containers"]),
        ("host path", pod => pod.Replace("emptyDir: {}", "hostPath: {path: /var/run}"), ["disallow-host-path/host-path", "restrict-volume-types/restricted-volumes"]),
        ("nfs volume", pod => pod.Replace("emptyDir: {}", "nfs: {server: nfs, path: /}"), ["restrict-volume-types/restricted-volumes"]),
        ("host network", pod => pod.Replace("  securityContext:\n    runAsNonRoot", "  hostNetwork: true\n  securityContext:\n    runAsNonRoot"), ["disallow-host-namespaces/host-namespaces"]),
        ("host port", pod => pod.Replace("- containerPort: 8080", "- containerPort: 8080\n          hostPort: 8080"), ["disallow-host-ports/host-ports-none"]),
        ("host port 0", pod => pod.Replace("- containerPort: 8080", "- containerPort: 8080\n          hostPort: 0"), []),
        ("proc mount", pod => pod.Replace("privileged: false", "privileged: false\n        procMount: Unmasked"), ["disallow-proc-mount/check-proc-mount"]),
        ("unsafe sysctl", pod => pod.Replace("    runAsUser: 1000", "    runAsUser: 1000\n    sysctls:\n      - {name: kernel.msgmax, value: \"65536\"}"), ["restrict-sysctls/check-sysctls"]),
        ("safe sysctl", pod => pod.Replace("    runAsUser: 1000", "    runAsUser: 1000\n    sysctls:\n      - {name: net.ipv4.tcp_syncookies, value: \"1\"}"), []),
        ("selinux type", pod => pod.Replace("privileged: false", "privileged: false\n        seLinuxOptions: {type: spc_t}"), ["disallow-selinux/selinux-type"]),
        ("selinux user", pod => pod.Replace("privileged: false", "privileged: false\n        seLinuxOptions: {user: system_u}"), ["disallow-selinux/selinux-user-role"]),
        ("runs as root", pod => pod.Replace("runAsNonRoot: true\n    runAsUser: 1000", "runAsUser: 0"), ["require-run-as-nonroot/run-as-non-root", "require-run-as-non-root-user/run-as-non-root-user"]),
        ("escalation", pod => pod.Replace("allowPrivilegeEscalation: false", "allowPrivilegeEscalation: true"), ["disallow-privilege-escalation/privilege-escalation"]),
        ("unconfined seccomp", pod => pod.Replace("type: RuntimeDefault", "type: Unconfined"), ["restrict-seccomp-strict/check-seccomp-strict"]),
        ("seccomp on the container", pod => pod.Replace("    seccompProfile:\n      type: RuntimeDefault\n", string.Empty).Replace("privileged: false", "privileged: false\n        seccompProfile: {type: Localhost, localhostProfile: p.json}"), []),
    ];

    internal static readonly (string Name, string Yaml, string[] Failing)[] OtherResources =
    [
        ("NodePort service", "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  type: NodePort\n  ports: [{port: 80}]\n", ["restrict-nodeport/validate-nodeport"]),
        ("ClusterIP service", "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  ports: [{port: 80}]\n", []),
        ("ingress without host", "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  rules:\n    - http:\n        paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]\n", ["disallow-empty-ingress-host/disallow-empty-ingress-host"]),
        ("ingress with host", "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  rules:\n    - host: web.example.com\n      http:\n        paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]\n", []),
        // check-deprecated-apis selects kinds as group/*/Kind, which Kyverno reads as any version of that group.
        ("deprecated autoscaler", "apiVersion: autoscaling/v2beta2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n  minReplicas: 2\n  maxReplicas: 4\n", ["check-deprecated-apis/validate-v1-26-removals"]),
        ("current autoscaler", "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n  minReplicas: 2\n  maxReplicas: 4\n", []),
        ("deprecated disruption budget", "apiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  minAvailable: 1\n  selector: {matchLabels: {app: web}}\n", ["check-deprecated-apis/validate-v1-25-removals"]),
        ("current disruption budget", "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  minAvailable: 1\n  selector: {matchLabels: {app: web}}\n", []),
    ];

    private static InMemoryFileSystem WithPolicies()
    {
        var root = Path.Combine(SharedData.RequireCorpus(), "kyverno__policies");
        if (!Directory.Exists(root))
        {
            Assert.Ignore($"The Kyverno policy corpus is not at {root}; skipping.");
        }

        var fileSystem = new InMemoryFileSystem();
        foreach (var path in PolicyPaths)
        {
            fileSystem.Add($"policies/{Path.GetFileName(path)}.yaml", File.ReadAllText(Path.Combine(root, path, Path.GetFileName(path) + ".yaml")));
        }

        return fileSystem;
    }

    private static string[] Failing(InMemoryFileSystem fileSystem, string resource)
    {
        fileSystem.Add("apps/resource.yaml", resource);
        var diagnostics = TestAnalysis.AnalyzeAll(fileSystem, "apps/resource.yaml");
        Assert.That(diagnostics.Where(d => d.Source == DiagnosticSources.Yaml), Is.Empty, "the test resource must be valid YAML:\n" + resource);
        return diagnostics.Kyverno()
            .Where(d => d.Severity != DiagnosticSeverity.Information)
            .Select(d => d.Code["kyverno:".Length..])
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToArray();
    }

    internal static string AsDeployment(string pod)
    {
        var lines = pod.Split('\n');
        var metadataEnd = Array.FindIndex(lines, l => l.StartsWith("spec:", StringComparison.Ordinal));
        var podMetadata = lines[3..metadataEnd].Where(l => !l.Contains("namespace:", StringComparison.Ordinal) && l != "  name: web");
        var podSpec = lines[(metadataEnd + 1)..];
        return "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n" + string.Join("\n", lines[2..metadataEnd].Where(l => l.Contains("namespace:", StringComparison.Ordinal)))
            + "\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n" + string.Join("\n", podMetadata.Select(l => "    " + l))
            + "\n    spec:\n" + string.Join("\n", podSpec.Select(l => "    " + l)) + "\n";
    }

    [Test]
    public void Corpus_policies_agree_with_the_expected_verdicts()
    {
        var fileSystem = WithPolicies();
        var agreements = 0;
        var disagreements = new List<string>();
        void Check(string name, string resource, string[] expected)
        {
            var actual = Failing(fileSystem, resource);
            var wanted = expected.Order(StringComparer.Ordinal).ToArray();
            if (actual.SequenceEqual(wanted))
            {
                agreements++;
            }
            else
            {
                disagreements.Add($"{name}: expected [{string.Join(", ", wanted)}], got [{string.Join(", ", actual)}]");
            }
        }

        foreach (var (name, change, failing) in Cases)
        {
            var pod = change(HardenedPod);
            Check("Pod " + name, pod, failing);

            // Auto-gen: the Pod rules apply to the Deployment's template (disallow-default-namespace turns it off and has its own controller rule).
            var expectedForDeployment = failing.Select(f => f == "disallow-default-namespace/validate-namespace" ? "disallow-default-namespace/validate-podcontroller-namespace" : f).ToArray();
            Check("Deployment " + name, AsDeployment(pod), expectedForDeployment);
        }

        foreach (var (name, yaml, failing) in OtherResources)
        {
            Check(name, yaml, failing);
        }

        TestContext.Out.WriteLine($"{agreements} of {agreements + disagreements.Count} resources get the expected verdict from {PolicyPaths.Length} corpus policies.");
        Assert.That(disagreements, Is.Empty, string.Join("\n", disagreements));
    }

    [Test]
    public void The_flux_multi_tenancy_example_evaluates_its_own_policies()
    {
        var root = Path.Combine(SharedData.RequireCorpus(), "fluxcd__flux2-multi-tenancy");
        var workspace = GitOpsAi.Core.Workspace.WorkspaceLoader.Load(root, GitOpsAi.Core.IO.PhysicalFileSystem.Instance);
        var analyzer = new GitOpsAi.Core.Analysis.Analyzer();
        var kyverno = analyzer.AnalyzeAll(workspace).SelectMany(a => a.Diagnostics.Where(d => d.Source == DiagnosticSources.Kyverno).Select(d => (a.File.RelativePath, d))).ToList();

        // verifyImages is noted on the policy; the tenant's GitRepository points into github.com/fluxcd, as the policy asks.
        Assert.That(kyverno.Select(k => (k.RelativePath, k.d.Code, k.d.Severity)), Is.EqualTo(new[]
        {
            ("infrastructure/kyverno-policies/verify-flux-images.yaml", "kyverno:verify-flux-images/verify-cosign-signature", DiagnosticSeverity.Information),
        }));

        var sync = Path.Combine(root, "tenants/base/dev-team/sync.yaml");
        var text = File.ReadAllText(sync).Replace("https://github.com/fluxcd/flux2-multi-tenancy", "https://gitlab.com/someone/else", StringComparison.Ordinal);
        var edited = workspace.WithFile(sync, GitOpsAi.Core.Workspace.WorkspaceFile.FromText(sync, root, text));
        var findings = analyzer.Analyze(edited, edited.GetFile(sync)!).Diagnostics.Where(d => d.Source == DiagnosticSources.Kyverno).ToList();
        Assert.That(findings.Select(d => (d.Code, d.Severity)), Is.EqualTo(new[] { ("kyverno:verify-git-repositories/github-repositories-only", DiagnosticSeverity.Warning) }));
        Assert.That(text.Substring(findings[0].Span.Start, findings[0].Span.Length), Is.EqualTo("https://gitlab.com/someone/else"));
    }
}
