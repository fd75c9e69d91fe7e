using static GitOpsAi.Core.Tests.Kyverno.KyvernoMutationSupport;

namespace GitOpsAi.Core.Tests.Kyverno;

/// <summary>
/// Mutate policies of kyverno/policies applied to resources written for them, with the patched resource each
/// policy's description and Kyverno's semantics call for (the corpus ships no test resources; the cases are ours).
/// </summary>
public sealed class KyvernoMutationCorpusTests
{
    private static string CorpusPolicy(string path)
    {
        var file = Path.Combine(SharedData.RequireCorpus(), "kyverno__policies", path, Path.GetFileName(path) + ".yaml");
        if (!File.Exists(file))
        {
            Assert.Ignore($"The Kyverno policy corpus has no {file}; skipping.");
        }

        return File.ReadAllText(file);
    }

    private const string Pod = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          containers:
            - name: web
              image: nginx:1.27
            - name: proxy
              image: envoy:1.30
        """;

    private static string WithVolumes(string volumes) => Pod + "\n  volumes:\n" + volumes;

    [Test]
    public void Add_default_securitycontext_adds_only_what_the_pod_leaves_out()
    {
        var policy = CorpusPolicy("other/add-default-securitycontext");
        AssertPatched(policy, Pod, Pod + "\n  securityContext:\n    runAsNonRoot: true\n    runAsUser: 1000\n    runAsGroup: 3000\n    fsGroup: 2000\n");
        var own = Pod + "\n  securityContext:\n    runAsUser: 500\n";
        AssertPatched(policy, own, Pod + "\n  securityContext:\n    runAsUser: 500\n    runAsNonRoot: true\n    runAsGroup: 3000\n    fsGroup: 2000\n");
    }

    [Test]
    public void Always_pull_images_sets_the_policy_on_every_container()
    {
        AssertPatched(CorpusPolicy("other/always-pull-images"), Pod, Pod
            .Replace("image: nginx:1.27", "image: nginx:1.27\n      imagePullPolicy: Always", StringComparison.Ordinal)
            .Replace("image: envoy:1.30", "image: envoy:1.30\n      imagePullPolicy: Always", StringComparison.Ordinal));
    }

    [Test]
    public void Add_ndots_adds_the_dns_option()
    {
        AssertPatched(CorpusPolicy("other/add-ndots"), Pod, Pod + "\n  dnsConfig:\n    options:\n      - name: ndots\n        value: \"1\"\n");
    }

    [Test]
    public void Add_safe_to_evict_annotates_only_pods_with_an_emptyDir_or_hostPath_volume()
    {
        var policy = CorpusPolicy("best-practices/add-safe-to-evict");
        const string annotated = "  name: web\n  annotations:\n    cluster-autoscaler.kubernetes.io/safe-to-evict: \"true\"";
        var emptyDir = WithVolumes("    - name: cache\n      emptyDir: {}\n");
        AssertPatched(policy, emptyDir, emptyDir.Replace("  name: web", annotated, StringComparison.Ordinal));
        var hostPath = WithVolumes("    - name: logs\n      hostPath:\n        path: /var/log\n");
        AssertPatched(policy, hostPath, hostPath.Replace("  name: web", annotated, StringComparison.Ordinal));
        var configMap = WithVolumes("    - name: config\n      configMap:\n        name: web\n");
        AssertPatched(policy, configMap, configMap);
        AssertPatched(policy, Pod, Pod);
    }

    [Test]
    public void Add_labels_labels_the_kinds_it_names()
    {
        AssertPatched(CorpusPolicy("other/add-labels"), Pod, Pod.Replace("  name: web", "  name: web\n  labels:\n    foo: bar", StringComparison.Ordinal));
    }
}
