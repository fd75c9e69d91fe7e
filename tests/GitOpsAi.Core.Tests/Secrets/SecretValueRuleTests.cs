namespace GitOpsAi.Core.Tests.Secrets;

/// <summary>The secret-looking value rules together: who reports what, and what messages may show.</summary>
public sealed class SecretValueRuleTests
{
    private static readonly string[] SecretRuleIds = ["plain-secret", "sensitive-env-var", "sensitive-configmap-content", "secret-in-annotation", "high-entropy-value"];

    private const string Deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: api
          annotations:
            example.com/token: ghp_4fKq9Zr2Lm8Xv1Tn6Wc3Hy7Bd0Js5Pa2Ue9R
        spec:
          selector:
            matchLabels: {app: api}
          template:
            metadata:
              labels: {app: api}
            spec:
              containers:
                - name: api
                  image: ghcr.io/example/api:1.0.0
                  env:
                    - name: SESSION_SECRET
                      value: n4Vq8Rk2Xw7Lp3Tz9Hb6Md1Fc5Gs0Jy4
                    - name: CLUSTER_SEED
                      value: Kp7Wm2Qx9Rv4Ls8Tn3Zb6Hd1Fj5Gc0Yy
                    - name: AWS_KEY
                      value: AKIAZ7Q3LKXW2MB4PR5T
        """;

    [Test]
    public void Each_value_is_reported_once_by_the_rule_for_its_strongest_evidence()
    {
        var findings = Findings(Deployment);

        Assert.That(findings.Select(f => (f.Code, Line(Deployment, f))), Is.EquivalentTo(new[]
        {
            ("secret-in-annotation", 6),
            ("sensitive-env-var", 19),
            ("high-entropy-value", 21),
            ("sensitive-env-var", 23),
        }));
    }

    [Test]
    public void Messages_show_a_short_prefix_and_the_length_but_never_the_value()
    {
        var findings = Findings(Deployment);

        foreach (var secret in new[] { "ghp_4fKq9Zr2Lm8Xv1Tn6Wc3Hy7Bd0Js5Pa2Ue9R", "n4Vq8Rk2Xw7Lp3Tz9Hb6Md1Fc5Gs0Jy4", "Kp7Wm2Qx9Rv4Ls8Tn3Zb6Hd1Fj5Gc0Yy", "AKIAZ7Q3LKXW2MB4PR5T" })
        {
            Assert.That(findings.Select(f => f.Message), Has.None.Contains(secret[..8]), secret);
        }

        Assert.That(findings.Select(f => f.Message), Has.Some.EqualTo("Container 'api' sets environment variable AWS_KEY to what looks like an AWS access key id 'AKIA…' (20 characters); take it from a Secret with valueFrom.secretKeyRef."));
        Assert.That(findings.Select(f => f.Message), Has.Some.EqualTo("Container 'api' sets environment variable SESSION_SECRET to a literal value 'n4Vq…' (32 characters); take it from a Secret with valueFrom.secretKeyRef."));
        Assert.That(findings.Select(f => f.Message), Has.Some.EqualTo("Annotation 'example.com/token' of Deployment api holds what looks like a GitHub token 'ghp_…' (40 characters); annotations are readable by anyone who can read the object: keep secrets in a Secret."));
    }

    [Test]
    public void Polaris_behaviour_reports_every_literal_under_a_sensitive_key()
    {
        var configMap = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  PASSWORD_FILE: /run/secrets/pw\n  TOKEN_TTL: \"3600\"\n  LOG_LEVEL: info\n";
        var rules = "rules:\n  sensitive-configmap-content:\n    parameters:\n      reportAnyLiteral: true\n";

        Assert.That(Findings(configMap).Where(f => f.Code == "sensitive-configmap-content"), Is.Empty, "by default, paths and numbers are not secrets");
        var polaris = Findings(configMap, rules).Where(f => f.Code == "sensitive-configmap-content").ToList();
        Assert.That(polaris.Select(f => Line(configMap, f)), Is.EqualTo(new[] { 6, 7 }));
    }

    [Test]
    public void Allowed_values_are_never_reported()
    {
        var rules = "rules:\n  high-entropy-value:\n    parameters:\n      allowValues: ['^Kp7Wm2']\n";

        Assert.That(Findings(Deployment, rules).Select(f => f.Code), Has.None.EqualTo("high-entropy-value"));
    }

    [Test]
    public void Multi_line_values_are_reported_at_their_key_with_the_line()
    {
        var configMap = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  app.ini: |\n    [db]\n    host = db\n    password = Zr4Tn8Wc1Hy3\n";

        var finding = Findings(configMap).Single();
        Assert.That(configMap.Substring(finding.Span.Start, finding.Span.Length), Is.EqualTo("app.ini"));
        Assert.That(finding.Message, Is.EqualTo("ConfigMap c key 'app.ini' holds text with a literal password 'Zr…' (12 characters) on line 3; ConfigMaps are not secret: move it to a Secret (sealed or external)."));
    }

    private static List<Diagnostic> Findings(string text, string? rules = null)
    {
        var fileSystem = new InMemoryFileSystem().Add("manifest.yaml", text);
        if (rules is not null)
        {
            fileSystem.Add(".gitops-ai/rules.yaml", rules);
        }

        return TestAnalysis.AnalyzeAll(fileSystem, "manifest.yaml").Where(d => SecretRuleIds.Contains(d.Code)).ToList();
    }

    private static int Line(string text, Diagnostic diagnostic) => text[..diagnostic.Span.Start].Count(c => c == '\n') + 1;
}
