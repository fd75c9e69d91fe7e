using GitOpsAi.Core.Text;

namespace GitOpsAi.Core.Diagnostics;

/// <summary>
/// One finding. <see cref="Code"/> is stable kebab-case (users suppress and configure by it); <see cref="Span"/> is in the
/// analysed document's text; <see cref="Fixes"/> are the mechanical edits that resolve it, if any.
/// </summary>
public sealed record Diagnostic(
    string Code,
    DiagnosticSeverity Severity,
    TextSpan Span,
    string Message,
    string Source)
{
    public IReadOnlyList<CodeFix> Fixes { get; init; } = [];

    /// <summary>Extra machine-readable facts (e.g. the suggested field name) for front ends that want them.</summary>
    public IReadOnlyDictionary<string, string>? Properties { get; init; }

    public Diagnostic WithSeverity(DiagnosticSeverity severity) => this with { Severity = severity };

    /// <summary>True when this says <paramref name="code"/> at (part of) <paramref name="span"/>: the same finding, said once.</summary>
    internal bool ReportsAt(string code, TextSpan span) => Code == code && Span.OverlapsWith(span);
}

/// <summary>A titled set of text edits; applying all of them resolves the diagnostic.</summary>
public sealed record CodeFix(string Title, IReadOnlyList<TextEdit> Edits)
{
    /// <summary>Edits in other files, keyed by absolute path (e.g. a new SealedSecret file).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<TextEdit>>? OtherFiles { get; init; }

    public bool IsPreferred { get; init; }

    /// <summary>Whether applying the fix keeps what runs (see <see cref="FixSafety"/>); unsafe unless the producer says otherwise.</summary>
    public FixSafety Safety { get; init; } = FixSafety.Unsafe;

    /// <summary>True when the files in <see cref="OtherFiles"/> do not exist yet and must be created.</summary>
    public bool CreatesFiles { get; init; }

    /// <summary>
    /// Plain-text secret values the fix takes out of the file, which the user must keep (to upload them to a secret
    /// store). Never written into the repository by us: the editor hands them over (clipboard, a file of the user's
    /// choosing) only when this fix is picked; fixes carrying them are never applied unattended.
    /// </summary>
    public SecretValues? SecretValues { get; init; }
}

/// <summary>Secret values a fix moves out of a file: a suggested file name and the text (<c>KEY=value</c> lines).</summary>
public sealed record SecretValues(string FileName, string Text)
{
    // The values must never reach a log or a test failure message by accident.
    public override string ToString() => $"SecretValues {{ FileName = {FileName}, {Text.Length} characters }}";
}

/// <summary>
/// What applying a fix does to the cluster (Ruff's safe/unsafe split). <see cref="Safe"/>: the objects behave as before, or
/// the fix repairs what the API server or kustomize would refuse as written (a misspelled key, a number that must be
/// quoted). <see cref="Unsafe"/>: it changes what runs (hardening, resources, replicas, probes, pull policy). The CLI's
/// --fix applies only safe fixes; --unsafe-fixes adds the rest; the editor offers both, labelled.
/// </summary>
public enum FixSafety
{
    Safe,
    Unsafe,
}

/// <summary>Replace <see cref="Span"/> with <see cref="NewText"/>; an empty span inserts.</summary>
public sealed record TextEdit(TextSpan Span, string NewText);

/// <summary>Where a diagnostic came from, shown by editors beside the message.</summary>
public static class DiagnosticSources
{
    public const string Yaml = "gitops-ai.yaml";
    public const string Schema = "gitops-ai.schema";
    public const string Structure = "gitops-ai.structure";
    public const string Policy = "gitops-ai.policy";
    public const string Io = "gitops-ai.io";
    public const string Config = "gitops-ai.config";
    public const string Kyverno = "gitops-ai.kyverno";
    public const string Generation = "gitops-ai.generation";
    public const string Drift = "gitops-ai.drift";
}
