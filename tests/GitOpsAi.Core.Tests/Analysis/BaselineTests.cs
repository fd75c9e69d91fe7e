using System.Text;
using GitOpsAi.Core.Analysis;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Tests.Analysis;

/// <summary>
/// Whole-document tests: each <c>Baselines/*.yaml</c> is analysed and every diagnostic is printed under the line it
/// starts on, marked with carets, into <c>*.yaml.baseline</c>. Set GITOPSAI_UPDATE_BASELINES=1 to rewrite them.
/// </summary>
public sealed class BaselineTests
{
    private static string BaselineFolder => Path.Combine(SharedData.RepositoryRoot, "tests", "GitOpsAi.Core.Tests", "Baselines");

    public static IEnumerable<TestCaseData> Inputs() =>
        Directory.EnumerateFiles(Path.Combine(FindRoot(), "tests", "GitOpsAi.Core.Tests", "Baselines"), "*.yaml")
            .Order(StringComparer.Ordinal)
            .Select(path => new TestCaseData(Path.GetFileName(path)).SetName($"Baseline of {Path.GetFileName(path)} matches"));

    [TestCaseSource(nameof(Inputs))]
    public void Baseline_matches(string fileName)
    {
        var inputPath = Path.Combine(BaselineFolder, fileName);
        var text = File.ReadAllText(inputPath);
        var file = WorkspaceFile.FromText("/baseline/" + fileName, "/baseline", text);
        var workspace = WorkspaceLoader.Create("/baseline", [file], new InMemoryFileSystem());
        var actual = Render(file, new Analyzer(AnalyzerFeatures.Core).Analyze(workspace, file).Diagnostics);

        var baselinePath = inputPath + ".baseline";
        if (Environment.GetEnvironmentVariable("GITOPSAI_UPDATE_BASELINES") == "1")
        {
            File.WriteAllText(baselinePath, actual);
            Assert.Pass("baseline rewritten");
        }

        Assert.That(File.Exists(baselinePath), Is.True, $"No baseline for {fileName}; run with GITOPSAI_UPDATE_BASELINES=1 to create it.");
        Assert.That(actual, Is.EqualTo(File.ReadAllText(baselinePath)), "Run with GITOPSAI_UPDATE_BASELINES=1 to accept the new output.");
    }

    /// <summary>The document with each diagnostic printed under its first line: <c>#   ^^^^ severity code: message</c>.</summary>
    private static string Render(WorkspaceFile file, IReadOnlyList<Diagnostic> diagnostics)
    {
        var source = file.Source;
        var byLine = diagnostics.GroupBy(d => source.GetLinePosition(d.Span.Start).Line).ToDictionary(g => g.Key, g => g.ToList());
        var output = new StringBuilder();
        for (var line = 0; line < source.LineCount; line++)
        {
            var lineText = source.GetLineText(line).ToString();
            if (line == source.LineCount - 1 && lineText.Length == 0 && !byLine.ContainsKey(line))
            {
                break;
            }

            output.Append(lineText).Append('\n');
            foreach (var diagnostic in byLine.GetValueOrDefault(line) ?? [])
            {
                var start = source.GetLinePosition(diagnostic.Span.Start).Character;
                var end = source.GetLinePosition(diagnostic.Span.End);
                var width = end.Line == line ? Math.Max(1, end.Character - start) : Math.Max(1, lineText.Length - start);
                output.Append('#').Append(' ', Math.Max(0, start - 1)).Append('^', width)
                    .Append(' ').Append(diagnostic.Severity.ToName()).Append(' ').Append(diagnostic.Code).Append(": ").Append(diagnostic.Message).Append('\n');
            }
        }

        return output.ToString();
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "GitOpsAi.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("repository root not found");
    }
}
