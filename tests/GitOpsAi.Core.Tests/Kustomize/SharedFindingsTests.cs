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
}
