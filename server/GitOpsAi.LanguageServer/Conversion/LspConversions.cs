using System.Text.Json.Nodes;
using GitOpsAi.Core.Text;
using GitOpsAi.LanguageServer.Protocol;
using CoreDiagnostic = GitOpsAi.Core.Diagnostics.Diagnostic;
using CoreSeverity = GitOpsAi.Core.Diagnostics.DiagnosticSeverity;
using CoreTextEdit = GitOpsAi.Core.Diagnostics.TextEdit;

namespace GitOpsAi.LanguageServer.Conversion;

/// <summary>
/// The one place where core spans (UTF-16 offsets) become LSP ranges and back, and file paths become URIs. LSP
/// positions are zero-based lines and UTF-16 columns, which is exactly what <see cref="SourceText"/> produces.
/// </summary>
internal static class LspConversions
{
    public static Position ToPosition(this SourceText source, int offset)
    {
        var position = source.GetLinePosition(offset);
        return new Position(position.Line, position.Character);
    }

    public static Protocol.Range ToRange(this SourceText source, TextSpan span) => new(source.ToPosition(span.Start), source.ToPosition(span.End));

    /// <summary>An offset for a client position; out-of-range lines and columns are clamped, never an error.</summary>
    public static int ToOffset(this SourceText source, Position position) => source.GetOffset(new LinePosition(position.Line, position.Character));

    public static TextSpan ToSpan(this SourceText source, Protocol.Range range)
    {
        var start = source.ToOffset(range.Start);
        var end = source.ToOffset(range.End);
        return TextSpan.FromBounds(Math.Min(start, end), Math.Max(start, end));
    }

    public static Protocol.Diagnostic ToLsp(this CoreDiagnostic diagnostic, SourceText source, CoreSeverity severity, int index) => new()
    {
        Range = source.ToRange(diagnostic.Span),
        Severity = (int)severity,
        Code = diagnostic.Code,
        Source = diagnostic.Source,
        Message = diagnostic.Message,
        CodeDescription = Core.Diagnostics.DiagnosticDocs.HelpUri(diagnostic.Code) is { } help ? new CodeDescription(help) : null,
        Data = new JsonObject { ["index"] = index },
    };

    public static Protocol.TextEdit ToLsp(this CoreTextEdit edit, SourceText source) => new(source.ToRange(edit.Span), edit.NewText);

    public static string ToUri(string path) => new Uri(path).AbsoluteUri;

    /// <summary>The local path of a file URI, or null for other schemes (untitled:, git:) which have no file on disk.</summary>
    public static string? ToPath(string? uri)
    {
        if (uri is null || !Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || !parsed.IsFile)
        {
            return null;
        }

        return Path.GetFullPath(parsed.LocalPath);
    }
}
