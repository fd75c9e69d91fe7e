using GitOpsAi.Core.Analysis;
using GitOpsAi.Core.Editing;
using GitOpsAi.Core.Rules;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Tests.Rules;

/// <summary>
/// A rule fixture from Rules/Fixtures/&lt;rule-id&gt;/: <c>fail.*.yaml</c> (findings expected at the <c>[|...|]</c> markup),
/// <c>pass.*.yaml</c> (no finding), an optional <c>fail.*.fixed.yaml</c> (the text after applying the rule's fixes), and
/// directories <c>fail.*/</c> / <c>pass.*/</c> for rules that look across files. A <c>rules.yaml</c> in a fixture
/// directory becomes the repository's .gitops-ai/rules.yaml.
/// </summary>
public sealed record RuleFixture(string RuleId, string Name, bool ExpectFindings, IReadOnlyDictionary<string, Markup> Files, string? FixedText)
{
    public static string Root => Path.Combine(SharedData.RepositoryRoot, "tests", "GitOpsAi.Core.Tests", "Rules", "Fixtures");

    public static IEnumerable<RuleFixture> All()
    {
        if (!Directory.Exists(Root))
        {
            yield break;
        }

        foreach (var ruleDirectory in Directory.EnumerateDirectories(Root).Order(StringComparer.Ordinal))
        {
            var ruleId = Path.GetFileName(ruleDirectory);
            foreach (var entry in Directory.EnumerateFileSystemEntries(ruleDirectory).Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileName(entry);
                if (!(name.StartsWith("fail.", StringComparison.Ordinal) || name.StartsWith("pass.", StringComparison.Ordinal)) || name.EndsWith(".fixed.yaml", StringComparison.Ordinal))
                {
                    continue;
                }

                var files = new Dictionary<string, Markup>(StringComparer.Ordinal);
                if (Directory.Exists(entry))
                {
                    foreach (var file in Directory.EnumerateFiles(entry, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                    {
                        var relative = Path.GetRelativePath(entry, file).Replace('\\', '/');
                        files[relative == "rules.yaml" ? ".gitops-ai/rules.yaml" : relative] = Markup.Parse(File.ReadAllText(file));
                    }
                }
                else
                {
                    files["manifest.yaml"] = Markup.Parse(File.ReadAllText(entry));
                }

                var fixedPath = Path.ChangeExtension(entry, null) + ".fixed.yaml";
                yield return new RuleFixture(ruleId, name, name.StartsWith("fail.", StringComparison.Ordinal), files, File.Exists(fixedPath) ? File.ReadAllText(fixedPath) : null);
            }
        }
    }

    /// <summary>The findings of this fixture's rule, per file, from the full analyzer (the rule is switched on if it is off by default).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<Diagnostic>> Run()
    {
        var fileSystem = new InMemoryFileSystem();
        foreach (var (path, markup) in Files)
        {
            fileSystem.Add(path, markup.Text);
        }

        if (!Files.ContainsKey(".gitops-ai/rules.yaml") && RuleRegistry.Find(RuleId) is { EnabledByDefault: false })
        {
            fileSystem.Add(".gitops-ai/rules.yaml", $"rules:\n  {RuleId}: on\n");
        }

        var workspace = WorkspaceLoader.Load(InMemoryFileSystem.Root, fileSystem);
        var analyzer = new Analyzer(AnalyzerFeatures.All);
        var results = new Dictionary<string, IReadOnlyList<Diagnostic>>(StringComparer.Ordinal);
        foreach (var path in Files.Keys.Where(p => p != ".gitops-ai/rules.yaml"))
        {
            var file = workspace.GetFile(InMemoryFileSystem.PathOf(path))!;
            results[path] = analyzer.Analyze(workspace, file).Diagnostics.Where(d => d.Code == RuleId).ToList();
        }

        return results;
    }

    /// <summary>The single file's text with the preferred fix of every finding applied.</summary>
    public string ApplyFixes(IReadOnlyList<Diagnostic> findings)
    {
        var edits = new List<TextEdit>();
        foreach (var finding in findings)
        {
            var fix = finding.Fixes.FirstOrDefault(f => f.IsPreferred) ?? finding.Fixes.FirstOrDefault();
            if (fix is not null && !fix.Edits.Any(e => edits.Any(existing => existing.Span.OverlapsWith(e.Span))))
            {
                edits.AddRange(fix.Edits);
            }
        }

        return YamlEdits.Apply(Files.Values.Single().Text, edits);
    }

    public override string ToString() => $"{RuleId}/{Name}";
}
