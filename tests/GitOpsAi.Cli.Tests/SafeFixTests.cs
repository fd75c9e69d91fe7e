namespace GitOpsAi.Cli.Tests;

/// <summary>check --fix applies safe fixes only, --unsafe-fixes adds the rest, --diff writes nothing (issue 11).</summary>
public sealed class SafeFixTests
{
    // Shaped like argoproj/argocd-example-apps: explicit replicas: 1, no securityContext, no resources.
    private const string GuestbookDeployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: guestbook-ui
        spec:
          replicas: 1
          revisionHistoryLimit: 3
          selector:
            matchLabels:
              app: guestbook-ui
          template:
            metadata:
              labels:
                app: guestbook-ui
            spec:
              containers:
              - image: gcr.io/heptio-images/ks-guestbook-demo:0.2
                name: guestbook-ui
                ports:
                - containerPort: 80

        """;

    private const string GuestbookService = """
        apiVersion: v1
        kind: Service
        metadata:
          name: guestbook-ui
        spec:
          ports:
          - port: 80
            targetPort: 80
          selector:
            app: guestbook-ui

        """;

    private const string NginxLatest = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: nginx
        spec:
          replicas: 1
          selector:
            matchLabels: {app: nginx}
          template:
            metadata:
              labels: {app: nginx}
            spec:
              containers:
              - name: nginx
                image: nginx:latest

        """;

    [Test]
    public void Fix_on_argocd_example_apps_like_files_changes_nothing_that_changes_what_runs()
    {
        using var repo = Guestbook();

        var result = CliRun.AsProcess("check", repo.Root, "--fix");

        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllText(repo.PathOf("guestbook/guestbook-ui-deployment.yaml")), Is.EqualTo(GuestbookDeployment));
            Assert.That(File.ReadAllText(repo.PathOf("guestbook/guestbook-ui-svc.yaml")), Is.EqualTo(GuestbookService));
            Assert.That(File.ReadAllText(repo.PathOf("nginx/deployment.yaml")), Is.EqualTo(NginxLatest));
            Assert.That(result.Stderr, Does.Not.Contain("applied"));
        });
    }

    [Test]
    public void Unsafe_fixes_harden_the_containers_but_an_explicit_replicas_1_stays_1()
    {
        using var repo = Guestbook();

        CliRun.InProcess("check", repo.Root, "--fix", "--unsafe-fixes");

        var deployment = File.ReadAllText(repo.PathOf("guestbook/guestbook-ui-deployment.yaml"));
        Assert.That(deployment, Does.Contain("runAsNonRoot: true"));
        Assert.That(deployment, Does.Contain("  replicas: 1\n").And.Not.Contain("replicas: 2"));
    }

    [Test]
    public void Fix_applies_a_misspelt_key_and_a_quoted_number_and_names_them_on_stderr()
    {
        using var repo = new TempRepo().Write("web.yaml", GuestbookDeployment.Replace("  revisionHistoryLimit: 3", "  revisionHistoryLimt: 3").Replace("        - containerPort: 80", "        - containerPort: 80\n        env:\n        - name: PORT\n          value: 8080"));

        var result = CliRun.InProcess("check", repo.Root, "--fix");

        var text = File.ReadAllText(repo.PathOf("web.yaml"));
        Assert.That(text, Does.Contain("  revisionHistoryLimit: 3").And.Contain("value: \"8080\"").And.Not.Contain("runAsNonRoot"));
        Assert.That(result.Stderr, Does.Contain("applied 2 fixes (1 schema-type-mismatch, 1 schema-unknown-field)"));
    }

    [Test]
    public void Diff_prints_a_unified_diff_writes_nothing_and_exits_1()
    {
        var original = GuestbookDeployment.Replace("  revisionHistoryLimit: 3", "  revisionHistoryLimt: 3");
        using var repo = new TempRepo().Write("apps/web.yaml", original);

        var result = CliRun.AsProcess("check", repo.Root, "--diff");

        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(File.ReadAllText(repo.PathOf("apps/web.yaml")), Is.EqualTo(original));
        Assert.That(result.Stdout, Is.EqualTo("""
            --- a/apps/web.yaml
            +++ b/apps/web.yaml
            @@ -4,7 +4,7 @@
               name: guestbook-ui
             spec:
               replicas: 1
            -  revisionHistoryLimt: 3
            +  revisionHistoryLimit: 3
               selector:
                 matchLabels:
                   app: guestbook-ui

            """));
        Assert.That(result.Stderr, Does.Contain("would apply 1 fix to 1 file (1 schema-unknown-field)"));
    }

    [Test]
    public void Diff_with_nothing_to_fix_prints_nothing_and_exits_0()
    {
        using var repo = Guestbook();

        var result = CliRun.InProcess("check", repo.Root, "--diff");

        Assert.That((result.ExitCode, result.Stdout), Is.EqualTo((0, "")));
        Assert.That(result.Stderr, Does.Contain("no fixes to apply"));
    }

    [Test]
    public void Diff_with_unsafe_fixes_shows_the_hardening_it_would_add()
    {
        using var repo = Guestbook();

        var result = CliRun.InProcess("check", repo.Root, "--diff", "--unsafe-fixes");

        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.Stdout, Does.Contain("+++ b/guestbook/guestbook-ui-deployment.yaml").And.Contain("+          runAsNonRoot: true"));
        Assert.That(result.Stdout, Does.Not.Contain("-  replicas: 1"));
        Assert.That(File.ReadAllText(repo.PathOf("guestbook/guestbook-ui-deployment.yaml")), Is.EqualTo(GuestbookDeployment));
    }

    [Test]
    public void Rules_json_says_which_fixes_are_safe_and_which_unsafe()
    {
        var result = CliRun.InProcess("rules", "--format", "json");

        using var json = System.Text.Json.JsonDocument.Parse(result.Stdout);
        var fixes = json.RootElement.EnumerateArray().ToDictionary(r => r.GetProperty("id").GetString()!, r => r.GetProperty("fix").ToString());
        Assert.That(fixes["deprecated-service-account-field"], Is.EqualTo("safe"));
        Assert.That(fixes["run-as-non-root"], Is.EqualTo("unsafe"));
        Assert.That(fixes["host-network"], Is.EqualTo(""), "a rule without a fix says null");
    }

    private static TempRepo Guestbook() => new TempRepo()
        .Write("guestbook/guestbook-ui-deployment.yaml", GuestbookDeployment)
        .Write("guestbook/guestbook-ui-svc.yaml", GuestbookService)
        .Write("nginx/deployment.yaml", NginxLatest);
}
