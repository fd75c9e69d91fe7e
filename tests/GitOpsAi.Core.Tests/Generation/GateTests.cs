using GitOpsAi.Core.Generation;
using static GitOpsAi.Core.Tests.Generation.GenerationTestSupport;

namespace GitOpsAi.Core.Tests.Generation;

public sealed class GateTests
{
    /// <summary>One request per supported phrase family and kind.</summary>
    public static readonly string[] SupportedPhrases =
    [
        "gitops: redis statefulset with 10Gi storage",
        "deployment api image ghcr.io/acme/api:1.4.2 with 3 replicas port 8080",
        "deployment api image ghcr.io/acme/api:1.4.2 port 8080 with service and ingress on api.example.com with tls",
        "daemonset node-agent image ghcr.io/acme/agent:2.0.1 port 9100",
        "job migrate image ghcr.io/acme/migrate:1.0.0",
        "cronjob backup every day at 2am image ghcr.io/acme/backup:1.4.0",
        "cronjob report weekdays at 9 image ghcr.io/acme/report:3.1.0",
        "cronjob cleanup every 15 minutes image ghcr.io/acme/cleanup:0.3.0",
        "cronjob rotate hourly image ghcr.io/acme/rotate:1.0.0",
        "nodeport service web port 80 to 8080",
        "loadbalancer service edge port 443 to 8443",
        "headless service db port 5432",
        "ingress web on web.example.com path /api tls secret web-cert",
        "configmap settings with LOG_LEVEL=info FEATURE_X=on",
        "secret db-credentials",
        "secret db-credentials with keys username and password",
        "configmap settings with keys LOG_LEVEL and MODE",
        "sealed secret api-token",
        "hpa for api from 2 to 10 replicas at 70% cpu",
        "pdb for api",
        "network policy for api port 8080",
        "namespace team-a",
        "service account builder",
        "role reader that reads configmaps and pods",
        "role binding reader",
        "git repository apps from https://github.com/acme/apps branch main every 5m",
        "helm repository bitnami from oci://registry-1.docker.io/bitnamicharts",
        "oci repository manifests from oci://ghcr.io/acme/manifests version 1.x",
        "helmrelease ingress-nginx chart ingress-nginx version 4.11.3",
        "helm release podinfo chart podinfo version 6.7.1 from oci://ghcr.io/stefanprodan/charts",
        "flux kustomization apps",
        "image repository api image ghcr.io/acme/api",
        "image policy api semver range version ~1.4",
        "image update automation apps branch main",
        "external secret api-keys",
        "canary for api with 10% steps up to 50% port 8080",
        "deployment api image ghcr.io/acme/api:1.4.2 port 8080 in namespace shop",
    ];

    [TestCaseSource(nameof(SupportedPhrases))]
    public void Every_supported_phrase_passes_schema_validation_and_the_default_policy_set(string request)
    {
        var outcome = Generate(request);

        Assert.That(outcome.Succeeded, Is.True, string.Join("\n", outcome.Notes.Concat(outcome.DescribeFindings())) + "\n" + outcome.CheckedYaml);
        Assert.That(outcome.Findings.Where(f => f.Severity == DiagnosticSeverity.Error), Is.Empty);
        TestContext.Out.WriteLine(outcome.Yaml);
        foreach (var finding in outcome.DescribeFindings())
        {
            TestContext.Out.WriteLine(finding);
        }
    }
}
