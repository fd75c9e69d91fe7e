namespace GitOpsAi.Core.Tests.Kyverno;

/// <summary>A policy file and a resource file (with <c>[|span|]</c> markup) in one in-memory workspace.</summary>
internal static class KyvernoTestSupport
{
    public static IReadOnlyList<Diagnostic> Kyverno(this IReadOnlyList<Diagnostic> diagnostics) =>
        diagnostics.Where(d => d.Source == DiagnosticSources.Kyverno).ToList();

    /// <summary>Analyses the resource against the policy; returns the Kyverno diagnostics of the resource file.</summary>
    public static IReadOnlyList<Diagnostic> Evaluate(string policy, string resourceMarkup, out Markup markup, params (string Path, string Text)[] others)
    {
        markup = Markup.Parse(resourceMarkup);
        var fileSystem = new InMemoryFileSystem().Add("policies/policy.yaml", policy).Add("apps/resource.yaml", markup.Text);
        foreach (var (path, text) in others)
        {
            fileSystem.Add(path, text);
        }

        return TestAnalysis.AnalyzeAll(fileSystem, "apps/resource.yaml").Kyverno();
    }

    public static IReadOnlyList<Diagnostic> Evaluate(string policy, string resource) => Evaluate(policy, resource, out _);

    /// <summary>The Kyverno diagnostics of the policy file itself (notes about unsupported rules).</summary>
    public static IReadOnlyList<Diagnostic> PolicyNotes(string policyMarkup, out Markup markup)
    {
        markup = Markup.Parse(policyMarkup);
        var fileSystem = new InMemoryFileSystem().Add("policies/policy.yaml", markup.Text);
        return TestAnalysis.AnalyzeAll(fileSystem, "policies/policy.yaml").Kyverno();
    }

    /// <summary>Asserts that the diagnostics sit exactly at the marked spans (in order) and returns them.</summary>
    public static IReadOnlyList<Diagnostic> AssertAt(IReadOnlyList<Diagnostic> diagnostics, Markup markup)
    {
        var actual = diagnostics.Select(d => d.Span).OrderBy(s => s.Start).ToList();
        var expected = markup.Spans.OrderBy(s => s.Start).ToList();
        Assert.That(actual, Is.EqualTo(expected), () =>
            "Diagnostics:\n" + string.Join("\n", diagnostics.Select(d => $"{d.Span} '{Slice(markup.Text, d.Span)}' {d.Code}: {d.Message}")));
        return diagnostics;
    }

    private static string Slice(string text, TextSpan span) => span.End <= text.Length ? text.Substring(span.Start, span.Length) : "?";

    /// <summary>A ClusterPolicy with one validate rule; <paramref name="validate"/> is the YAML under validate:, indented by 8.</summary>
    public static string Policy(string validate, string kinds = "Pod", string action = "Audit", string extraRule = "", string annotations = "", string name = "test-policy", string rule = "check")
    {
        var kindList = string.Join("\n", kinds.Split(',').Select(k => $"                - {k.Trim()}"));
        return $"""
            apiVersion: kyverno.io/v1
            kind: ClusterPolicy
            metadata:
              name: {name}
            {annotations}
            spec:
              validationFailureAction: {action}
              rules:
                - name: {rule}
                  match:
                    any:
                      - resources:
                          kinds:
            {kindList}
            {extraRule}
                  validate:
            {validate}
            """;
    }
}
