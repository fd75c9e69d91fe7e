using System.Text.Json;
using GitOpsAi.Core.Generation;
using GitOpsAi.Core.Text;
using GitOpsAi.LanguageServer.Conversion;
using GitOpsAi.LanguageServer.Protocol;
using GitOpsAi.LanguageServer.Services;

namespace GitOpsAi.LanguageServer.Handlers.Generation;

/// <summary>
/// The <c>gitopsAi.generate</c> command and what offers it: a code action and a code lens on every request comment
/// (<c># gitops: ...</c>, prefix configurable). Offering is a scan of the requested lines only; the generation itself
/// runs when the command is executed, so the light bulb never waits for an engine and typing never pays for it.
/// </summary>
internal static class GenerationCommand
{
    public const string Name = "gitopsAi.generate";
    public const string Title = "Generate manifests from this comment";

    /// <summary>Arguments: the document, the line the documents go below, and the request when it is not that line's comment.</summary>
    public sealed record Arguments(string Uri, int? Line, string? Request);

    public static IEnumerable<CodeAction> CodeActions(ServerContext server, string uri, SourceText source, Protocol.Range range)
    {
        var prefix = server.Diagnostics.Settings.GenerationPrefix;
        var last = Math.Min(range.End.Line, source.LineCount - 1);
        for (var line = Math.Max(0, range.Start.Line); line <= last; line++)
        {
            if (GenerationRequest.FromComment(source.GetLineText(line), prefix) is not null)
            {
                yield return new CodeAction { Title = Title, Kind = "refactor.rewrite", Command = For(uri, line) };
            }
        }
    }

    public static IEnumerable<CodeLens> Lenses(ServerContext server, string uri, SourceText source)
    {
        var prefix = server.Diagnostics.Settings.GenerationPrefix;
        for (var line = 0; line < source.LineCount; line++)
        {
            var text = source.GetLineText(line);
            if (text.Contains('#') && GenerationRequest.FromComment(text, prefix) is not null)
            {
                var position = new Position(line, 0);
                yield return new CodeLens(new Protocol.Range(position, position), For(uri, line) with { Title = "Generate manifests" });
            }
        }
    }

    public static Command For(string uri, int line) => new(Title, Name, [new Arguments(uri, line, null)]);

    public static Arguments? Parse(IReadOnlyList<JsonElement>? arguments)
    {
        if (arguments is not [{ ValueKind: JsonValueKind.Object } first, ..])
        {
            return null;
        }

        var uri = first.TryGetProperty("uri", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString() : null;
        var line = first.TryGetProperty("line", out var l) && l.ValueKind == JsonValueKind.Number && l.TryGetInt32(out var n) ? n : (int?)null;
        var request = first.TryGetProperty("request", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
        return uri is null ? null : new Arguments(uri, line, request);
    }

    public static Protocol.Range LineRange(SourceText source, int line) =>
        source.ToRange(new TextSpan(source.GetLineStart(line), source.GetLineText(line).Length));
}
