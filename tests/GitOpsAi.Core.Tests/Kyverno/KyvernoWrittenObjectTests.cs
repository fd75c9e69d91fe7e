using GitOpsAi.Core.Analysis;
using GitOpsAi.Core.Kyverno;
using GitOpsAi.Core.Workspace;
using static GitOpsAi.Core.Tests.Kyverno.KyvernoTestSupport;

namespace GitOpsAi.Core.Tests.Kyverno;

/// <summary>
/// Rendered objects are written out and checked as files the snapshot does not hold; their Kyverno findings are
/// remembered by text (the same base rendered by several overlays), which must never answer for another text or,
/// when exemptions name paths, for another path.
/// </summary>
public class KyvernoWrittenObjectTests
{
    private const string RequireTeam = """
                message: "The label team is required."
                pattern:
                  metadata:
                    labels:
                      team: "?*"
        """;

    private static string ConfigMap(string labels) => $"""
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: web
          namespace: shop
          labels:
            {labels}
        """;

    private static WorkspaceSnapshot Workspace(string rules = "", bool mutate = false)
    {
        var fileSystem = new InMemoryFileSystem()
            .Add("policies/policy.yaml", Policy(RequireTeam, kinds: "ConfigMap", name: "team-label", rule: "require-team"))
            .Add(".gitops-ai/rules.yaml", rules);
        return WorkspaceLoader.Load(InMemoryFileSystem.Root, mutate ? fileSystem.Add("policies/mutate.yaml", KyvernoMutationSupport.MutatePolicy(AddOwner, kinds: "ConfigMap", name: "add-owner")) : fileSystem);
    }

    private const string AddOwner = """
                    patchStrategicMerge:
                      metadata:
                        labels:
                          +(owner): platform
        """;

    private static WorkspaceFile Written(WorkspaceSnapshot workspace, string relativePath, string text)
    {
        var file = WorkspaceFile.FromText(InMemoryFileSystem.PathOf(relativePath), InMemoryFileSystem.Root, text);
        Assert.That(workspace.GetFile(file.Path), Is.Null, "the object must be one the snapshot does not hold");
        return file;
    }

    /// <summary>The Kyverno findings of a written-out object at <paramref name="relativePath"/>, a file the snapshot does not hold.</summary>
    private static IReadOnlyList<Diagnostic> CheckWritten(WorkspaceSnapshot workspace, string relativePath, string text)
    {
        var context = new FileAnalysisContext(workspace, Written(workspace, relativePath, text), [], CancellationToken.None);
        new KyvernoAnalyzer().Analyze(context);
        return context.Diagnostics.Kyverno();
    }

    [Test]
    public void The_same_text_written_in_two_roots_gets_the_same_findings_and_another_text_its_own()
    {
        var workspace = Workspace();
        var unlabelled = ConfigMap("app: web");

        var first = CheckWritten(workspace, "overlays/a/web.yaml#rendered-0", unlabelled);
        var labelled = CheckWritten(workspace, "overlays/a/web.yaml#rendered-1", ConfigMap("team: shop"));
        var second = CheckWritten(workspace, "overlays/b/web.yaml#rendered-3", unlabelled);

        Assert.That(first.Select(d => d.Code), Is.EqualTo(new[] { "kyverno:team-label/require-team" }));
        Assert.That(labelled, Is.Empty);
        Assert.That(second, Is.EqualTo(first));
    }

    [Test]
    public void A_written_object_no_rule_is_offered_gets_only_its_unsupported_kind_note_and_a_matched_one_still_its_finding()
    {
        // No rule of the set matches a CleanupPolicy: its findings are made again rather than looked up by text.
        var workspace = Workspace();
        const string cleanup = """
            apiVersion: kyverno.io/v2
            kind: ClusterCleanupPolicy
            metadata:
              name: old-pods
            spec:
              schedule: "0 * * * *"
            """;

        var first = CheckWritten(workspace, "overlays/a/cleanup.yaml#rendered-0", cleanup);
        var second = CheckWritten(workspace, "overlays/b/cleanup.yaml#rendered-0", cleanup);
        var matched = CheckWritten(workspace, "overlays/a/web.yaml#rendered-0", cleanup + "\n---\n" + ConfigMap("app: web"));

        Assert.That(first.Select(d => d.Message), Is.EqualTo(new[] { "GitOpsAi does not evaluate ClusterCleanupPolicy 'old-pods' (it deletes resources on a schedule); it is skipped." }));
        Assert.That(second, Is.EqualTo(first));
        Assert.That(matched.Select(d => d.Code), Is.EqualTo(new[] { "kyverno:old-pods", "kyverno:team-label/require-team" }));
    }

    [Test]
    public void A_written_text_is_remembered_without_being_kept_alive()
    {
        var workspace = Workspace();
        var text = WrittenText(workspace);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        // A run remembers the answers for every rendered object of every root: 200 MB of text at 50,000 resources.
        Assert.That(text.TryGetTarget(out _), Is.False);
        Assert.That(CheckWritten(workspace, "overlays/b/web.yaml#rendered-3", ConfigMap("app: web")).Select(d => d.Code), Is.EqualTo(new[] { "kyverno:team-label/require-team" }));
    }

    /// <summary>Checks a text made here (no literal: those are interned and live forever), and gives it back weakly.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static WeakReference<string> WrittenText(WorkspaceSnapshot workspace)
    {
        var text = string.Concat(ConfigMap("app: web").AsSpan(), "".AsSpan());
        text = new string(text.AsSpan());
        Assert.That(CheckWritten(workspace, "overlays/a/web.yaml#rendered-0", text), Is.Not.Empty);
        return new WeakReference<string>(text);
    }

    [Test]
    public void With_an_exemption_by_path_the_same_text_at_an_exempt_path_has_no_finding_and_elsewhere_keeps_it()
    {
        var workspace = Workspace("exemptions:\n  - rules: ['*']\n    path: legacy/**\n");
        var unlabelled = ConfigMap("app: web");

        var exempt = CheckWritten(workspace, "legacy/web.yaml#rendered-0", unlabelled);
        var checkedElsewhere = CheckWritten(workspace, "apps/web.yaml#rendered-0", unlabelled);

        Assert.That(exempt, Is.Empty);
        Assert.That(checkedElsewhere.Select(d => d.Code), Is.EqualTo(new[] { "kyverno:team-label/require-team" }));
    }

    [Test]
    public void The_admitted_object_of_a_written_text_is_the_same_in_two_roots_and_an_exempt_path_keeps_it_as_written()
    {
        var workspace = Workspace("exemptions:\n  - rules: ['*']\n    path: legacy/**\n", mutate: true);
        var text = ConfigMap("app: web");

        string? Admitted(string relativePath)
        {
            var file = Written(workspace, relativePath, text);
            return KyvernoAnalyzer.AdmittedObject(workspace, file, file.Objects[0])?.Admitted.ToJson();
        }

        var first = Admitted("apps/web.yaml#rendered-0");
        var exempt = Admitted("legacy/web.yaml#rendered-0");
        var again = Admitted("apps/web.yaml#rendered-0");

        Assert.That(first, Does.Contain("\"owner\":\"platform\""));
        Assert.That(exempt, Is.Null);
        Assert.That(again, Is.EqualTo(first));
    }
}
