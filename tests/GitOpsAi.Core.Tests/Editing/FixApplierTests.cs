using GitOpsAi.Core.Analysis;
using GitOpsAi.Core.Editing;
using GitOpsAi.Core.Text;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Tests.Editing;

public sealed class FixApplierTests
{
    private const string ConfigMap = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: settings
        data:
          mode: fast
        """;

    [Test]
    public void A_misspelt_field_is_renamed_once_and_the_rest_of_the_file_is_kept()
    {
        var text = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: settings # keep me
            dta:
              mode: fast
            """;

        var result = Apply(new Analyzer(AnalyzerFeatures.Core), text);

        Assert.That(result.Applied, Is.EqualTo(1));
        Assert.That(result.Text, Is.EqualTo(text.Replace("dta:", "data:")));
    }

    [Test]
    public void A_fix_that_does_not_resolve_its_finding_is_undone_instead_of_repeated()
    {
        var stubborn = new FixedFinding("stubborn", _ => new TextEdit(new TextSpan(0, 0), "# touched\n"));

        var result = Apply(new Analyzer(AnalyzerFeatures.Core, [stubborn]), ConfigMap);

        Assert.That(result.Applied, Is.EqualTo(0));
        Assert.That(result.Text, Is.EqualTo(ConfigMap));
    }

    [Test]
    public void A_fix_that_would_break_the_yaml_is_not_applied()
    {
        var breaking = new FixedFinding("breaking", text => new TextEdit(new TextSpan(text.Length, 0), "\n  : [unclosed"));

        var result = Apply(new Analyzer(AnalyzerFeatures.Core, [breaking]), ConfigMap);

        Assert.That(result.Applied, Is.EqualTo(0));
        Assert.That(result.Text, Is.EqualTo(ConfigMap));
    }

    [Test]
    public void A_fix_that_resolves_its_finding_is_kept()
    {
        // Reports until the marker comment is present; its fix adds the marker.
        var resolvable = new FixedFinding("needs-marker", _ => new TextEdit(new TextSpan(0, 0), "# reviewed\n"), text => !text.StartsWith("# reviewed"));

        var result = Apply(new Analyzer(AnalyzerFeatures.Core, [resolvable]), ConfigMap);

        Assert.That(result.Applied, Is.EqualTo(1));
        Assert.That(result.Text, Is.EqualTo("# reviewed\n" + ConfigMap));
    }

    private static FixApplier.Result Apply(Analyzer analyzer, string text)
    {
        var fileSystem = new InMemoryFileSystem().Add("manifest.yaml", text);
        var workspace = WorkspaceLoader.Load(InMemoryFileSystem.Root, fileSystem);
        var file = workspace.GetFile(InMemoryFileSystem.PathOf("manifest.yaml"))!;
        return FixApplier.ApplyAll(analyzer, workspace, file);
    }

    /// <summary>A test analyzer that reports one finding with a preferred fix while <paramref name="reports"/> holds.</summary>
    private sealed class FixedFinding(string code, Func<string, TextEdit> edit, Func<string, bool>? reports = null) : IFileAnalyzer
    {
        public void Analyze(FileAnalysisContext context)
        {
            var text = context.File.Source.Text;
            if (reports is not null && !reports(text))
            {
                return;
            }

            context.Diagnostics.Add(new Diagnostic(code, DiagnosticSeverity.Warning, new TextSpan(0, 1), "test finding", DiagnosticSources.Policy)
            {
                Fixes = [new CodeFix("Fix it", [edit(text)]) { IsPreferred = true, Safety = FixSafety.Safe }],
            });
        }
    }
}
