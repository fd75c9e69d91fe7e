using GitOpsAi.Core.Config;
using GitOpsAi.Core.Language;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Tests.Config;

public sealed class RulesConfigTests
{
    private const string RootPod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: debug\n  namespace: tools\nspec:\n  containers:\n    - name: shell\n      image: busybox:1.36\n";

    private static IReadOnlyList<Diagnostic> RunAsNonRoot(InMemoryFileSystem fileSystem, string path = "pod.yaml") =>
        TestAnalysis.AnalyzeAll(fileSystem, path).Where(d => d.Code == "run-as-non-root").ToList();

    [Test]
    public void A_rule_turned_off_in_the_configuration_reports_nothing()
    {
        var fileSystem = new InMemoryFileSystem().Add("pod.yaml", RootPod).Add(".gitops-ai/rules.yaml", "rules:\n  run-as-non-root: off\n");

        Assert.That(RunAsNonRoot(fileSystem), Is.Empty);
    }

    [Test]
    public void A_configured_severity_replaces_the_default_for_rules_and_for_core_codes()
    {
        var fileSystem = new InMemoryFileSystem()
            .Add("pod.yaml", RootPod.Replace("image: busybox:1.36", "image: busybox:1.36\n      imagePullPolicy: always", StringComparison.Ordinal))
            .Add(".gitops-ai/rules.yaml", "rules:\n  run-as-non-root:\n    severity: hint\n  schema-enum-value: warning\n");

        var diagnostics = TestAnalysis.AnalyzeAll(fileSystem, "pod.yaml");

        Assert.That(diagnostics.Single(d => d.Code == "run-as-non-root").Severity, Is.EqualTo(DiagnosticSeverity.Hint));
        Assert.That(diagnostics.Single(d => d.Code == "schema-enum-value").Severity, Is.EqualTo(DiagnosticSeverity.Warning));
    }

    [Test]
    public void An_exemption_by_kind_namespace_name_glob_and_path_skips_the_rule_for_that_object_only()
    {
        var config = "exemptions:\n  - rules: [run-as-non-root]\n    kind: Pod\n    namespace: tools\n    name: deb*\n    reason: interactive debugging pod\n  - rules: ['*']\n    path: legacy/**\n";
        var fileSystem = new InMemoryFileSystem()
            .Add("pod.yaml", RootPod)
            .Add("other.yaml", RootPod.Replace("name: debug", "name: other", StringComparison.Ordinal))
            .Add("legacy/old.yaml", RootPod.Replace("name: debug", "name: old", StringComparison.Ordinal))
            .Add(".gitops-ai/rules.yaml", config);

        Assert.That(RunAsNonRoot(fileSystem, "pod.yaml"), Is.Empty);
        Assert.That(RunAsNonRoot(fileSystem, "other.yaml"), Has.Count.EqualTo(1));
        Assert.That(RunAsNonRoot(fileSystem, "legacy/old.yaml"), Is.Empty);
    }

    [Test]
    public void Ignored_directories_are_not_analysed_at_all()
    {
        var fileSystem = new InMemoryFileSystem().Add("vendor/pod.yaml", RootPod).Add(".gitops-ai/rules.yaml", "ignore:\n  - vendor/\n");

        var workspace = WorkspaceLoader.Load(InMemoryFileSystem.Root, fileSystem);

        Assert.That(workspace.Files.Keys, Does.Not.Contain(InMemoryFileSystem.PathOf("vendor/pod.yaml")));
    }

    [Test]
    public void The_seed_configuration_file_is_read_when_ours_is_absent()
    {
        var fileSystem = new InMemoryFileSystem().Add("pod.yaml", RootPod).Add(".stackgen/ai-rules.yaml", "rules:\n  run-as-non-root: off\n");

        Assert.That(RunAsNonRoot(fileSystem), Is.Empty);
    }

    [Test]
    public void Configuration_errors_are_diagnostics_in_the_configuration_file()
    {
        var markup = Markup.Parse("rules:\n  [|run-as-nonroot|]: warning\n  latest-tag: [|loud|]\n  cpu-requests-missing:\n    parameters: [|{colour: red}|]\n[|rulez|]: {}\n");
        var fileSystem = new InMemoryFileSystem().Add(".gitops-ai/rules.yaml", markup.Text);

        var diagnostics = TestAnalysis.AnalyzeAll(fileSystem, ".gitops-ai/rules.yaml");

        Assert.That(diagnostics.Select(d => d.Span), Is.EqualTo(markup.Spans));
        Assert.That(diagnostics[0].Code, Is.EqualTo("config-unknown-rule"));
        Assert.That(diagnostics[0].Message, Does.Contain("Did you mean 'run-as-non-root'?"));
        Assert.That(diagnostics[1].Message, Does.Contain("not a severity"));
        Assert.That(diagnostics[2].Message, Does.Contain("'colour' is not a parameter"));
        Assert.That(diagnostics[3].Message, Does.Contain("Did you mean 'rules'?"));
    }

    [Test]
    public void An_unknown_code_in_an_exemption_is_matched_against_core_codes_too()
    {
        var markup = Markup.Parse("exemptions:\n  - rules: [[|schema-enum-valu|]]\n    kind: Pod\n");
        var fileSystem = new InMemoryFileSystem().Add(".gitops-ai/rules.yaml", markup.Text);

        var diagnostics = TestAnalysis.AnalyzeAll(fileSystem, ".gitops-ai/rules.yaml");

        Assert.That(diagnostics.Select(d => d.Span), Is.EqualTo(markup.Spans));
        Assert.That(diagnostics[0].Message, Does.Contain("Did you mean 'schema-enum-value'?"));
    }

    [Test]
    public void Rule_parameters_from_the_configuration_change_what_the_rule_accepts()
    {
        var fileSystem = new InMemoryFileSystem()
            .Add("pod.yaml", RootPod.Replace("busybox:1.36", "busybox:latest", StringComparison.Ordinal))
            .Add(".gitops-ai/rules.yaml", "rules:\n  latest-tag:\n    parameters:\n      allowList: ['^busybox:']\n");

        Assert.That(TestAnalysis.AnalyzeAll(fileSystem, "pod.yaml").Where(d => d.Code == "latest-tag"), Is.Empty);
    }
}

public sealed class SuppressionTests
{
    private const string Pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: debug\nspec:\n  containers:\n    - name: shell\n      image: busybox:1.36\n";

    [TestCase("# gitops-ai-disable-next-line run-as-non-root\n", "    - name: shell")]
    [TestCase("# gitops-ai-disable-next-line latest-tag, run-as-non-root -- debugging only\n", "    - name: shell")]
    public void A_disable_next_line_comment_suppresses_the_named_rule_on_the_next_line(string comment, string line)
    {
        var text = Pod.Replace(line, "    " + comment + line, StringComparison.Ordinal);

        Assert.That(TestAnalysis.AnalyzeAll(text).Where(d => d.Code == "run-as-non-root"), Is.Empty);
    }

    [Test]
    public void A_disable_next_line_comment_for_another_rule_does_not_suppress()
    {
        var text = Pod.Replace("    - name: shell", "    # gitops-ai-disable-next-line latest-tag\n    - name: shell", StringComparison.Ordinal);

        Assert.That(TestAnalysis.AnalyzeAll(text).Count(d => d.Code == "run-as-non-root"), Is.EqualTo(1));
    }

    [Test]
    public void A_file_level_directive_and_an_annotation_suppress_for_the_whole_file_or_object()
    {
        var fileWide = "# gitops-ai-disable-file run-as-non-root\n" + Pod;
        var annotated = Pod.Replace("  name: debug\n", "  name: debug\n  annotations:\n    gitops-ai.dev/ignore: run-as-non-root,latest-tag\n", StringComparison.Ordinal);

        Assert.That(TestAnalysis.AnalyzeAll(fileWide).Where(d => d.Code == "run-as-non-root"), Is.Empty);
        Assert.That(TestAnalysis.AnalyzeAll(annotated).Where(d => d.Code == "run-as-non-root"), Is.Empty);
    }

    [Test]
    public void Disable_for_this_line_inserts_a_comment_with_the_line_indentation()
    {
        var fileSystem = new InMemoryFileSystem().Add("pod.yaml", Pod);
        var workspace = WorkspaceLoader.Load(InMemoryFileSystem.Root, fileSystem);
        var file = workspace.GetFile(InMemoryFileSystem.PathOf("pod.yaml"))!;
        var finding = TestAnalysis.AnalyzeAll(fileSystem, "pod.yaml").Single(d => d.Code == "run-as-non-root");

        var fix = SuppressionFixes.DisableForLine(finding, file)!;
        var fixedText = GitOpsAi.Core.Editing.YamlEdits.Apply(Pod, fix.Edits);

        Assert.That(fixedText, Does.Contain("    # gitops-ai-disable-next-line run-as-non-root\n    - name: shell"));
        Assert.That(TestAnalysis.AnalyzeAll(fixedText, "pod.yaml").Where(d => d.Code == "run-as-non-root"), Is.Empty);
    }

    [Test]
    public void Configure_creates_the_configuration_file_or_adds_the_rule_to_it()
    {
        var fileSystem = new InMemoryFileSystem().Add("pod.yaml", Pod);
        var finding = TestAnalysis.AnalyzeAll(fileSystem, "pod.yaml").Single(d => d.Code == "run-as-non-root");
        var withoutConfig = WorkspaceLoader.Load(InMemoryFileSystem.Root, fileSystem);

        var create = SuppressionFixes.Configure(finding, withoutConfig);
        fileSystem.Add(".gitops-ai/rules.yaml", "# ours\nrules:\n  latest-tag: warning\n");
        var update = SuppressionFixes.Configure(finding, WorkspaceLoader.Load(InMemoryFileSystem.Root, fileSystem));

        Assert.That(create.CreatesFiles, Is.True);
        Assert.That(create.OtherFiles!.Single().Value.Single().NewText, Does.Contain("rules:\n  run-as-non-root: error\n"));
        var updated = GitOpsAi.Core.Editing.YamlEdits.Apply("# ours\nrules:\n  latest-tag: warning\n", update.OtherFiles!.Single().Value);
        Assert.That(updated, Is.EqualTo("# ours\nrules:\n  latest-tag: warning\n  run-as-non-root: error\n"));
    }

    [TestCase("rules:\n", "rules:\n  run-as-non-root: error\n")]
    [TestCase("rules: {}\n", "rules:\n  run-as-non-root: error\n")]
    [TestCase("rules:\n  run-as-non-root:\n", "rules:\n  run-as-non-root: error\n")]
    [TestCase("rules: {run-as-non-root: error}\n", "rules: {run-as-non-root: error}\n")]
    [TestCase(
        "rules:\n  run-as-non-root:\n    enabled: true\n    parameters:\n      acceptNonZeroRunAsUser: false\n",
        "rules:\n  run-as-non-root:\n    enabled: true\n    parameters:\n      acceptNonZeroRunAsUser: false\n    severity: error\n")]
    public void Configure_edits_the_rules_section_in_place_and_keeps_the_other_settings_of_an_entry(string config, string expected)
    {
        var fileSystem = new InMemoryFileSystem().Add("pod.yaml", Pod).Add(".gitops-ai/rules.yaml", config);
        var workspace = WorkspaceLoader.Load(InMemoryFileSystem.Root, fileSystem);
        var finding = TestAnalysis.AnalyzeAll(fileSystem, "pod.yaml").Single(d => d.Code == "run-as-non-root");

        var edits = SuppressionFixes.Configure(finding, workspace).OtherFiles!.Single().Value;

        Assert.That(GitOpsAi.Core.Editing.YamlEdits.Apply(config, edits), Is.EqualTo(expected));
    }
}

public sealed class GlobTests
{
    [TestCase("charts/", "charts/app/deployment.yaml", true)]
    [TestCase("./charts", "charts/app/deployment.yaml", true)]
    [TestCase("/charts/**", "charts/app/deployment.yaml", true)]
    [TestCase("vendor/*.yaml", "vendor/crds.yaml", true)]
    [TestCase(".gitlab-ci.yml", ".gitlab-ci.yml", true)]
    [TestCase(".github/", ".github/workflows/ci.yaml", true)]
    [TestCase("./.github", ".github/workflows/ci.yaml", true)]
    [TestCase(".github/", "github/workflows/ci.yaml", false)]
    [TestCase("charts/", "other/charts.yaml", false)]
    public void A_path_glob_matches_files_relative_to_the_root_dot_folders_included(string pattern, string path, bool matches)
    {
        Assert.That(Glob.MatchesPath(pattern, path), Is.EqualTo(matches));
    }

    [TestCase("web-*", "web-frontend", true)]
    [TestCase("web-?", "web-1", true)]
    [TestCase("web-?", "web-10", false)]
    [TestCase("web.*", "webxapp", false)]
    [TestCase("web", "web", true)]
    public void A_name_glob_matches_the_whole_name(string pattern, string name, bool matches)
    {
        Assert.That(Glob.IsMatch(pattern, name), Is.EqualTo(matches));
    }
}
