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
    private List<Diagnostic> _output;

    /// <param name="wantsFixes">False where every fix would be thrown away (a rendered object's findings are taken back to their sources without them).</param>
    internal RuleContext(RuleDefinition rule, DiagnosticSeverity severity, Manifest manifest, WorkspaceFile file, WorkspaceSnapshot workspace, List<Diagnostic> output, bool wantsFixes = true)
    {
        Rule = rule;
        Severity = severity;
        Manifest = manifest;
        File = file;
        Workspace = workspace;
        _output = output;
        WantsFixes = wantsFixes;
    }

    /// <summary>
    /// Whether the findings' fixes are wanted. Fixes are handed over as factories and only called when they are, so
    /// a template never needs to ask: building the edits of every rendered object's findings, all thrown away, was a
    /// seventh of the rendered checks at 50,000 resources (issue 13).
    /// </summary>
    internal bool WantsFixes { get; private set; }

    public RuleDefinition Rule { get; private set; }

    /// <summary>Where rule parameters' regular expressions are matched, within the configuration's time budget.</summary>
    public Text.RegexBudget Regexes => Workspace.RulesConfig.Regexes;

    public DiagnosticSeverity Severity { get; private set; }

    /// <summary>
    /// The same object, file and output for the next rule: one context per object instead of one per rule and object
    /// (about 120 MB of a 50,000-resource check, issue 13). A rule never keeps its context after its check returns (its fixes
    /// are made while it reports), so nothing sees the rule change under it.
    /// </summary>
    internal RuleContext For(RuleDefinition rule, DiagnosticSeverity severity)
    {
        Rule = rule;
        Severity = severity;
        return this;
    }

    /// <summary>
    /// A context of this thread's that no check holds, else a new one: one per object checked was 11 MB of a 50,000-resource
    /// check. Taken by a check of one object and given back (<see cref="GiveBack"/>) when it ends; a check that starts
    /// while another is running on the thread (a rule that renders a root) makes its own. No rule keeps its context once
    /// its check returns (see <see cref="For"/>).
    /// </summary>
    internal static RuleContext Take(RuleDefinition rule, DiagnosticSeverity severity, Manifest manifest, WorkspaceFile file, WorkspaceSnapshot workspace, List<Diagnostic> output, bool wantsFixes)
    {
        if (s_free is not { } free)
        {
            return new RuleContext(rule, severity, manifest, file, workspace, output, wantsFixes);
        }

        s_free = null;
        (free.Rule, free.Severity, free.Manifest, free.File, free.Workspace, free._output, free.WantsFixes) = (rule, severity, manifest, file, workspace, output, wantsFixes);
        return free;
    }

    /// <summary>Gives the context back to this thread once the check that took it is over; it keeps nothing alive meanwhile.</summary>
    internal void GiveBack()
    {
        (Manifest, File, Workspace, _output) = (null!, null!, null!, null!);
        s_free = this;
    }

    [ThreadStatic]
    private static RuleContext? s_free;

    public Manifest Manifest { get; private set; }

    public WorkspaceFile File { get; private set; }

    public WorkspaceSnapshot Workspace { get; private set; }

    public SourceText Source => File.Source;

    public RulesSettings Settings => Workspace.RulesConfig.Settings;

    /// <summary>Adds a finding without a fix.</summary>
    public void Report(TextSpan span, string message) => Add(span, message, null);

    public void Report(YamlNode node, string message) => Add(node.Span, message, null);

    /// <summary>
    /// Adds a finding whose fix <paramref name="fix"/> makes from <paramref name="state"/>, called only when fixes are wanted
    /// (<see cref="WantsFixes"/>); a null fix (one that could not be made safely) is left out. The factory is a static
    /// lambda and what it needs travels as <paramref name="state"/> (a tuple): a lambda that captured the rule's locals made
    /// a closure and a delegate for every finding, and its captures one on entry for every container checked, reported or
    /// not. Fixes take the rule's declared safety; a rule that declares none gets unsafe ones, so nothing undeclared is
    /// ever applied by a plain --fix.
    /// </summary>
    public void Report<TState>(TextSpan span, string message, TState state, Func<RuleContext, TState, CodeFix?> fix) =>
        Add(span, message, WantsFixes && Made(fix, state) is { } made ? [made] : null);

    public void Report<TState>(YamlNode node, string message, TState state, Func<RuleContext, TState, CodeFix?> fix) => Report(node.Span, message, state, fix);

    /// <summary>Adds a finding with several fixes, made by <paramref name="fixes"/> from <paramref name="state"/> only when fixes are wanted.</summary>
    public void Report<TState>(TextSpan span, string message, TState state, Func<RuleContext, TState, IEnumerable<CodeFix?>> fixes) =>
        Add(span, message, WantsFixes ? Made(fixes, state).OfType<CodeFix>().ToList() : null);

    public void Report<TState>(YamlNode node, string message, TState state, Func<RuleContext, TState, IEnumerable<CodeFix?>> fixes) => Report(node.Span, message, state, fixes);

    /// <summary>How many fix factories were called on this thread (tests prove a rendered check calls none).</summary>
    [ThreadStatic]
    internal static int FixFactoriesCalledOnThisThread;

    private T Made<TState, T>(Func<RuleContext, TState, T> factory, TState state)
    {
        FixFactoriesCalledOnThisThread++;
        return factory(this, state);
    }

    private void Add(TextSpan span, string message, List<CodeFix>? fixes)
    {
        // Most findings have no fix: no list for them (a finding of every rendered object).
        if (fixes is not { Count: > 0 })
        {
            _output.Add(new Diagnostic(Rule.Id, Severity, span, message, DiagnosticSources.Policy));
            return;
        }

        // The list was made here for this finding: the rule's safety is set in it, without a second list or a lambda.
        var safety = Rule.FixSafety ?? FixSafety.Unsafe;
        for (var i = 0; i < fixes.Count; i++)
        {
            if (fixes[i].Safety != safety)
            {
                fixes[i] = fixes[i] with { Safety = safety };
            }
        }

        _output.Add(new Diagnostic(Rule.Id, Severity, span, message, DiagnosticSources.Policy) { Fixes = fixes });
    }

    /// <summary>The span that best names the object when no field is at fault: its metadata.name, else its kind.</summary>
    public TextSpan ObjectSpan =>
        (Manifest.Metadata?["name"] ?? Manifest.Root["kind"] ?? Manifest.Root).Span;
}
