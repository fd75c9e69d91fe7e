using GitOpsAi.Core.Config;
using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Manifests;
using GitOpsAi.Core.Text;
using GitOpsAi.Core.Workspace;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Rules;

/// <summary>What a template sees while checking one object, and where it reports.</summary>
public sealed class RuleContext
{
    private readonly List<Diagnostic> _output;

    internal RuleContext(RuleDefinition rule, DiagnosticSeverity severity, Manifest manifest, WorkspaceFile file, WorkspaceSnapshot workspace, List<Diagnostic> output)
    {
        Rule = rule;
        Severity = severity;
        Manifest = manifest;
        File = file;
        Workspace = workspace;
        _output = output;
    }

    public RuleDefinition Rule { get; }

    /// <summary>Where rule parameters' regular expressions are matched, within the configuration's time budget.</summary>
    public Text.RegexBudget Regexes => Workspace.RulesConfig.Regexes;

    public DiagnosticSeverity Severity { get; }

    public Manifest Manifest { get; }

    public WorkspaceFile File { get; }

    public WorkspaceSnapshot Workspace { get; }

    public SourceText Source => File.Source;

    public RulesSettings Settings => Workspace.RulesConfig.Settings;

    /// <summary>
    /// Adds a finding; a null fix (one that could not be made safely) is left out. Fixes take the rule's declared safety;
    /// a rule that declares none gets unsafe ones, so nothing undeclared is ever applied by a plain --fix.
    /// </summary>
    public void Report(TextSpan span, string message, params CodeFix?[] fixes) =>
        _output.Add(new Diagnostic(Rule.Id, Severity, span, message, DiagnosticSources.Policy)
        {
            // Most findings have no fix: no list and no iterators for them (a finding of every rendered object).
            Fixes = Array.TrueForAll(fixes, f => f is null) ? [] : fixes.OfType<CodeFix>().Select(f => f with { Safety = Rule.FixSafety ?? FixSafety.Unsafe }).ToList(),
        });

    public void Report(YamlNode node, string message, params CodeFix?[] fixes) => Report(node.Span, message, fixes);

    /// <summary>The span that best names the object when no field is at fault: its metadata.name, else its kind.</summary>
    public TextSpan ObjectSpan =>
        (Manifest.Metadata?["name"] ?? Manifest.Root["kind"] ?? Manifest.Root).Span;
}
