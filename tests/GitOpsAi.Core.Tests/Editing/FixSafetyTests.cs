using GitOpsAi.Core.Analysis;
using GitOpsAi.Core.Editing;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Tests.Editing;

/// <summary>What the CLI's --fix may apply in bulk (safe fixes) and what it never touches (values written explicitly).</summary>
public sealed class FixSafetyTests
{
    private const string Deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: guestbook-ui
        spec:
          replicas: 1
          selector:
            matchLabels: {app: guestbook-ui}
          template:
            metadata:
              labels: {app: guestbook-ui}
            spec:
              containers:
                - name: guestbook-ui
                  image: gcr.io/heptio-images/ks-guestbook-demo:0.2
                  ports:
                    - containerPort: 80
        """;

    [Test]
    public void Safe_fixes_alone_leave_a_valid_deployment_with_policy_findings_unchanged()
    {
        var result = Apply(Deployment, includeUnsafe: false);

        Assert.That(result.Applied, Is.EqualTo(0));
        Assert.That(result.Text, Is.EqualTo(Deployment));
    }

    [Test]
    public void Unsafe_fixes_add_missing_hardening_but_never_change_the_explicit_replica_count()
    {
        var result = Apply(Deployment, includeUnsafe: true);

        Assert.That(result.Text, Does.Contain("runAsNonRoot: true"));
        Assert.That(result.Text, Does.Contain("replicas: 1").And.Not.Contain("replicas: 2"));
        Assert.That(result.Codes, Does.Not.Contain("deployment-missing-replicas"));
    }

    [Test]
    public void A_misspelt_key_and_a_number_that_must_be_quoted_are_safe_fixes()
    {
        var text = Deployment.Replace("  replicas: 1", "  replica: 1").Replace("containerPort: 80", "containerPort: 80\n          env:\n            - name: PORT\n              value: 8080");

        var result = Apply(text, includeUnsafe: false);

        Assert.That(result.Codes, Is.EquivalentTo(new[] { "schema-unknown-field", "schema-type-mismatch" }));
        Assert.That(result.Text, Does.Contain("  replicas: 1").And.Contain("value: \"8080\"").And.Not.Contain("runAsNonRoot"));
    }

    [Test]
    public void A_rename_farther_than_a_typo_is_offered_but_unsafe_and_not_preferred()
    {
        var text = Deployment.Replace("      containers:", "      terminationGracePeriod: 30\n      containers:");
        var finding = Analyze(text).Single(d => d.Code == "schema-unknown-field");

        var fix = finding.Fixes.Single();
        Assert.That(fix.Title, Is.EqualTo("Rename 'terminationGracePeriod' to 'terminationGracePeriodSeconds'"));
        Assert.That((fix.Safety, fix.IsPreferred), Is.EqualTo((FixSafety.Unsafe, false)));
    }

    private static IReadOnlyList<Diagnostic> Analyze(string text)
    {
        var (workspace, file) = Load(text);
        return new Analyzer(AnalyzerFeatures.All).Analyze(workspace, file).Diagnostics;
    }

    private static FixApplier.Result Apply(string text, bool includeUnsafe)
    {
        var (workspace, file) = Load(text);
        return FixApplier.ApplyAll(new Analyzer(AnalyzerFeatures.All), workspace, file, includeUnsafe: includeUnsafe);
    }

    private static (WorkspaceSnapshot, WorkspaceFile) Load(string text)
    {
        var fileSystem = new InMemoryFileSystem().Add("manifest.yaml", text);
        var workspace = WorkspaceLoader.Load(InMemoryFileSystem.Root, fileSystem);
        return (workspace, workspace.GetFile(InMemoryFileSystem.PathOf("manifest.yaml"))!);
    }
}
