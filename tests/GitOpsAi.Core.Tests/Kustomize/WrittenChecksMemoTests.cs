using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Kustomize;
using GitOpsAi.Core.Text;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Tests.Kustomize;

/// <summary>The memo of written objects' checks stops remembering in a run where no text is written twice (issue 13).</summary>
public sealed class WrittenChecksMemoTests
{
    private const string Origin = "/repo/base/web.yaml";

    private static readonly WorkspaceSnapshot Snapshot =
        WorkspaceLoader.Load(InMemoryFileSystem.Root, new InMemoryFileSystem().Add("base/web.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n"));

    private static WorkspaceFile Written(int i) => WorkspaceFile.FromText($"/repo/base/web.yaml", InMemoryFileSystem.Root, $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web-{i}\n");

    private static IReadOnlyList<Diagnostic> FindingFor(int i) => [new Diagnostic("x", DiagnosticSeverity.Warning, new TextSpan(i, 1), $"finding {i}", "test")];

    [Test]
    public void A_memo_filled_with_texts_never_written_twice_stops_remembering_and_still_gives_every_objects_findings()
    {
        var checks = new WrittenChecks();
        for (var i = 0; i <= WrittenChecks.Capacity; i++)
        {
            var index = i;
            Assert.That(checks.Get(Snapshot, Written(i), Origin, () => FindingFor(index))[0].Message, Is.EqualTo($"finding {i}"));
        }

        var calls = 0;
        var first = checks.Get(Snapshot, Written(0), Origin, () => { calls++; return FindingFor(0); });
        var second = checks.Get(Snapshot, Written(0), Origin, () => { calls++; return FindingFor(0); });

        Assert.That(checks.IsIdle, Is.True);
        Assert.That(calls, Is.EqualTo(2), "each object is checked: nothing is remembered");
        Assert.That(second, Is.EqualTo(first));
    }

    [Test]
    public void A_memo_stops_remembering_after_one_window_of_texts_never_written_twice_not_a_full_memos_worth()
    {
        var checks = new WrittenChecks();
        for (var i = 0; i < WrittenChecks.Window - 1; i++)
        {
            var index = i;
            checks.Get(Snapshot, Written(i), Origin, () => FindingFor(index));
        }

        Assert.That(checks.IsIdle, Is.False, "judged once a window is stored");
        checks.Get(Snapshot, Written(WrittenChecks.Window), Origin, () => FindingFor(WrittenChecks.Window));

        Assert.That(WrittenChecks.Window, Is.LessThan(WrittenChecks.Capacity));
        Assert.That(checks.IsIdle, Is.True);
    }

    [Test]
    public void A_memo_whose_texts_are_written_again_keeps_remembering_after_it_starts_over()
    {
        var checks = new WrittenChecks();
        for (var i = 0; i <= WrittenChecks.Capacity; i++)
        {
            var index = i;
            checks.Get(Snapshot, Written(i), Origin, () => FindingFor(index));
            checks.Get(Snapshot, Written(i), Origin, () => throw new AssertionException("written alike: taken from the memo"));
        }

        var calls = 0;
        checks.Get(Snapshot, Written(-1), Origin, () => { calls++; return FindingFor(-1); });
        checks.Get(Snapshot, Written(-1), Origin, () => { calls++; return FindingFor(-1); });

        Assert.That(checks.IsIdle, Is.False);
        Assert.That(calls, Is.EqualTo(1));
    }
}
