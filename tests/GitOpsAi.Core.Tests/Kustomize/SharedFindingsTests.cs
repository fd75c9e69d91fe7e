using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Kustomize;
using GitOpsAi.Core.Text;

namespace GitOpsAi.Core.Tests.Kustomize;

/// <summary>
/// A run that checks every root once keeps one instance of each finding several roots have alike, per thread: no table
/// that every thread locks to add to (issue 13: waiting for that lock was 4-5 % of a 50k check).
/// </summary>
public sealed class SharedFindingsTests
{
    private static Diagnostic Finding(string message) => new("latest-tag", DiagnosticSeverity.Warning, new TextSpan(10, 4), message, "gitops-ai");

    [Test]
    public void Equal_findings_shared_on_one_thread_are_the_first_instance_and_different_ones_stay_themselves()
    {
        var shared = new SharedFindings();
        var first = Finding("a");
        var other = Finding("b");

        Assert.That(shared.Share(first), Is.SameAs(first));
        Assert.That(shared.Share(Finding("a")), Is.SameAs(first));
        Assert.That(shared.Share(other), Is.SameAs(other));
        Assert.That(shared.Share(Finding("b")), Is.SameAs(other));
    }

    [Test]
    public void Another_thread_shares_its_own_instances_so_no_thread_waits_for_another()
    {
        var shared = new SharedFindings();
        var first = Finding("a");
        shared.Share(first);

        Diagnostic? onOtherThread = null;
        var otherInstance = Finding("a");
        var thread = new Thread(() => onOtherThread = shared.Share(otherInstance));
        thread.Start();
        thread.Join();

        Assert.That(onOtherThread, Is.SameAs(otherInstance));
        Assert.That(shared.Share(Finding("a")), Is.SameAs(first));
    }

    [Test]
    public void The_sharing_table_tells_findings_apart_by_every_field_the_record_compares_and_no_other()
    {
        var finding = Finding("a");
        Diagnostic[] different =
        [
            finding with { Code = "other-code" },
            finding with { Severity = DiagnosticSeverity.Error },
            finding with { Span = new TextSpan(10, 5) },
            finding with { Span = new TextSpan(11, 4) },
            finding with { Message = "b" },
            finding with { Source = "other-source" },
            finding with { Fixes = [new CodeFix("fix", [])] },
            finding with { Properties = new Dictionary<string, string> { ["field"] = "image" } },
        ];

        foreach (var other in different)
        {
            Assert.That(other, Is.Not.EqualTo(finding), "the record itself tells them apart");
            Assert.That(DiagnosticComparer.Instance.Equals(finding, other), Is.False, other.ToString());
        }

        var alike = Finding(new string('a', 1));
        Assert.That(DiagnosticComparer.Instance.Equals(finding, alike), Is.True);
        Assert.That(DiagnosticComparer.Instance.GetHashCode(alike), Is.EqualTo(DiagnosticComparer.Instance.GetHashCode(finding)));
    }

    [Test]
    public void Findings_alike_but_for_their_own_fixes_hash_apart_so_their_instances_do_not_pile_up_in_one_bucket()
    {
        var withFix = Finding("a") with { Fixes = [new CodeFix("fix", [])] };
        var sameButItsOwnFix = Finding("a") with { Fixes = [new CodeFix("fix", [])] };

        Assert.That(DiagnosticComparer.Instance.Equals(withFix, sameButItsOwnFix), Is.False);
        Assert.That(DiagnosticComparer.Instance.GetHashCode(withFix), Is.Not.EqualTo(DiagnosticComparer.Instance.GetHashCode(sameButItsOwnFix)));
    }
}
