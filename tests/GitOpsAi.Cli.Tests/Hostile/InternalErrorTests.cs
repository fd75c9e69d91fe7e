using GitOpsAi.Core.Analysis;

namespace GitOpsAi.Cli.Tests.Hostile;

/// <summary>A defect in a check is exit code 2 naming the file, never 1, and the other files are still reported.</summary>
public sealed class InternalErrorTests
{
    private const string ConfigMap = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\n  unknown: 1\n";

    [Test]
    public void An_exception_in_an_analyzer_exits_with_2_names_the_file_and_keeps_the_other_results()
    {
        using var repo = new TempRepo().Write("boom.yaml", ConfigMap).Write("fine.yaml", ConfigMap);
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var analyzer = new Analyzer(additionalAnalyzers: [new ExplodesOn("boom.yaml")]);

        var exitCode = new CheckRunner(stdout, stderr, analyzer).Run(
            new CheckRequest([repo.Root], "text", Core.Diagnostics.DiagnosticSeverity.Error, [], ValidateSchemas: true), CancellationToken.None);

        Assert.That(exitCode, Is.EqualTo(CliApplication.ExitUsageOrIo));
        Assert.That(stderr.ToString(), Does.Contain("internal error while analysing").And.Contain("boom.yaml").And.Contain("InvalidOperationException: defect"));
        Assert.That(stdout.ToString(), Does.Contain("fine.yaml:5:3: error schema-unknown-field"), "the other file's findings are reported");
        Assert.That(stdout.ToString(), Does.Contain("boom.yaml:5:3: error schema-unknown-field"), "the failing file's other checks still ran");
    }

    private sealed class ExplodesOn(string fileName) : IFileAnalyzer
    {
        public void Analyze(FileAnalysisContext context)
        {
            if (Path.GetFileName(context.File.Path) == fileName)
            {
                throw new InvalidOperationException("defect");
            }
        }
    }
}
