using GitOpsAi.Core.Analysis;
using GitOpsAi.Core.Rules;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Tests.Rules;

/// <summary>
/// Rules hand their fixes over as a static factory and its state, called only where fixes are wanted: the command line's
/// report prints none, so its analysis makes none (a fix per reported container of the 50k check, issue 13), while the
/// editor's analysis of the same file still gets every fix.
/// </summary>
public sealed class RuleFixFactoryTests
{
    // Breaks rules with one fix (run-as-non-root), several (plain-secret: an ExternalSecret) and a tuple of state
    // (cpu-requests-missing: the container, the missing setting and the resource).
    private const string Workload = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          replicas: 3
          selector:
            matchLabels:
              app: web
          template:
            metadata:
              labels:
                app: web
            spec:
              containers:
                - name: web
                  image: nginx:1.27
        ---
        apiVersion: v1
        kind: Secret
        metadata:
          name: db
        stringData:
          password: hunter2hunter2
        """;

    private static WorkspaceSnapshot Repository(string text = Workload) =>
        WorkspaceLoader.Load(InMemoryFileSystem.Root, new InMemoryFileSystem().Add("app.yaml", text));

    [Test]
    public void An_analysis_without_fixes_calls_no_fix_factory_and_the_same_findings_carry_their_fixes_when_fixes_are_wanted()
    {
        var workspace = Repository();
        var file = workspace.Files.Values.Single();
        var analyzer = new Analyzer();

        var before = RuleContext.FixFactoriesCalledOnThisThread;
        var withoutFixes = analyzer.WithoutFixes().Analyze(workspace, file).Diagnostics;
        Assert.That(RuleContext.FixFactoriesCalledOnThisThread - before, Is.Zero);
        Assert.That(withoutFixes.SelectMany(d => d.Fixes), Is.Empty);

        before = RuleContext.FixFactoriesCalledOnThisThread;
        var withFixes = analyzer.Analyze(workspace, file).Diagnostics;
        Assert.That(RuleContext.FixFactoriesCalledOnThisThread - before, Is.Positive);
        Assert.That(withFixes.Select(d => (d.Code, d.Span, d.Message)), Is.EqualTo(withoutFixes.Select(d => (d.Code, d.Span, d.Message))), "the findings themselves do not depend on fixes");
        Assert.That(withFixes.Single(d => d.Code == "run-as-non-root").Fixes.Single().Title, Is.EqualTo("Set securityContext.runAsNonRoot: true"));
        Assert.That(withFixes.Single(d => d.Code == "cpu-requests-missing").Fixes.Single().Title, Does.StartWith("Set resources.requests.cpu: "));
        Assert.That(withFixes.Single(d => d.Code == "plain-secret").Fixes.Single().Title, Does.StartWith("Convert to an ExternalSecret"));
    }

    [Test]
    public void An_edited_file_analysed_without_fixes_still_gets_its_fixes_from_the_next_analysis_of_the_same_snapshot()
    {
        // Eight documents or more: the editor keeps an edited file's findings for its next analysis, which takes them over
        // instead of checking again. Findings made without fixes must not be taken over by an analysis that wants them.
        var text = string.Join("---\n", Enumerable.Range(0, 8).Select(i => Workload.Split("---\n")[0].Replace("name: web\nspec", $"name: web{i}\nspec", StringComparison.Ordinal)));
        var loaded = Repository(text);
        var path = loaded.Files.Keys.Single();
        var edited = WorkspaceFile.FromText(path, loaded.Root, text + "# edited\n", loaded.Files[path]);
        var workspace = loaded.WithFile(path, edited);
        var analyzer = new Analyzer();

        _ = analyzer.WithoutFixes().Analyze(workspace, edited);
        var withFixes = analyzer.Analyze(workspace, edited).Diagnostics.Where(d => d.Code == "run-as-non-root").ToList();

        Assert.That(withFixes, Has.Count.EqualTo(8));
        Assert.That(withFixes, Has.All.Property("Fixes").Not.Empty);
    }
}
