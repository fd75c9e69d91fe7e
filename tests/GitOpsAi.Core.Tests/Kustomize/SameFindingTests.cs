using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Kustomize;
using GitOpsAi.Core.Text;

namespace GitOpsAi.Core.Tests.Kustomize;

/// <summary>Findings shared between roots are equal exactly when their records are, whatever the cheaper hash reads.</summary>
public sealed class SameFindingTests
{
    private static Diagnostic Finding(string message, int start = 10, string code = "latest-tag") =>
        new(code, DiagnosticSeverity.Warning, new TextSpan(start, 6), message, "gitops-ai");

    [Test]
    public void Two_findings_with_the_same_fields_are_one_and_hash_alike()
    {
        var a = Finding("Image nginx uses latest.");
        var b = Finding(new string("Image nginx uses latest.".ToCharArray()));

        Assert.That(SameFinding.Instance.Equals(a, b), Is.True);
        Assert.That(SameFinding.Instance.GetHashCode(a), Is.EqualTo(SameFinding.Instance.GetHashCode(b)));
    }

    [Test]
    public void Findings_that_differ_only_in_text_of_the_same_length_are_two()
    {
        var shared = new System.Collections.Concurrent.ConcurrentDictionary<Diagnostic, Diagnostic>(SameFinding.Instance);
        var first = Finding("Image nginx uses latest.");
        var second = Finding("Image apach uses latest.");

        Assert.That(shared.GetOrAdd(first, first), Is.SameAs(first));
        Assert.That(shared.GetOrAdd(second, second), Is.SameAs(second));
        Assert.That(SameFinding.Instance.Equals(first, Finding("Image nginx uses latest.", start: 11)), Is.False, "another place");
        Assert.That(SameFinding.Instance.Equals(first, first with { Fixes = [new CodeFix("Pin it", [])] }), Is.False, "another fix");
    }
}
