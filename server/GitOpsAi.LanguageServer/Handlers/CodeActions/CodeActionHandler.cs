using GitOpsAi.Core.Language;
using GitOpsAi.Core.Text;
using GitOpsAi.LanguageServer.Conversion;
using GitOpsAi.LanguageServer.Framework;
using GitOpsAi.LanguageServer.Protocol;
using GitOpsAi.LanguageServer.Services;
using CoreCodeFix = GitOpsAi.Core.Diagnostics.CodeFix;

namespace GitOpsAi.LanguageServer.Handlers.CodeActions;

/// <summary>
/// Offers, for each diagnostic overlapping the range, the fixes the core attached to it, then "Disable for this line"
/// and "Configure in .gitops-ai/rules.yaml".
/// </summary>
[LspMethod("textDocument/codeAction")]
internal sealed class CodeActionHandler(ServerContext server) : IRequestHandler<CodeActionParams, IReadOnlyList<CodeAction>>
{
    public Task<IReadOnlyList<CodeAction>> HandleAsync(CodeActionParams request, CancellationToken cancellationToken)
    {
        var uri = request.TextDocument.Uri;
        var result = server.Diagnostics.Current(uri);
        if (result is null)
        {
            return Task.FromResult<IReadOnlyList<CodeAction>>([]);
        }

        var source = result.File.Source;
        var workspace = server.Workspace.SnapshotFor(result.File.Path);
        var requested = source.ToSpan(request.Range);
        var actions = new List<CodeAction>();
        var suppressions = new List<CodeAction>();
        for (var index = 0; index < result.Diagnostics.Count; index++)
        {
            var diagnostic = result.Diagnostics[index];
            if (!Overlaps(diagnostic.Span, requested))
            {
                continue;
            }

            var lspDiagnostic = result.Published.FirstOrDefault(d => d.Data?["index"]?.GetValue<int>() == index);
            IReadOnlyList<Protocol.Diagnostic>? related = lspDiagnostic is null ? null : [lspDiagnostic];
            actions.AddRange(diagnostic.Fixes.Select(fix => fix.SecretValues is null
                ? ToAction(fix, uri, source, related)
                : SecretValuesActions.Unresolved(fix, uri, source.ToRange(diagnostic.Span), related, server)));
            if (diagnostic.Properties?.GetValueOrDefault("restoreCommand") is { } restore)
            {
                // Text for the clipboard; the editor copies it, nothing is run against the cluster.
                actions.Add(new CodeAction { Title = Core.Drift.DriftActions.CopyRestoreTitle, Kind = "quickfix", Diagnostics = related, Command = new Command(Core.Drift.DriftActions.CopyRestoreTitle, "gitopsAi.copyToClipboard", [restore]) });
            }

            suppressions.AddRange(SuppressionFixes.For(diagnostic, result.File, workspace).Select(fix => ToAction(fix, uri, source, related) with { IsPreferred = null }));
        }

        var generation = Generation.GenerationCommand.CodeActions(server, uri, source, request.Range);
        return Task.FromResult<IReadOnlyList<CodeAction>>([.. actions, .. suppressions.DistinctBy(a => a.Title), .. generation]);
    }

    private CodeAction ToAction(CoreCodeFix fix, string uri, SourceText source, IReadOnlyList<Protocol.Diagnostic>? diagnostics) => new()
    {
        // Both kinds are offered (ESLint's fixes and suggestions); one that changes what runs says so, and is never preferred.
        Title = fix.Safety == Core.Diagnostics.FixSafety.Unsafe ? $"{fix.Title} (unsafe)" : fix.Title,
        Kind = "quickfix",
        IsPreferred = fix.IsPreferred && fix.Safety == Core.Diagnostics.FixSafety.Safe ? true : null,
        Diagnostics = diagnostics,
        Edit = fix.CreatesFiles ? CreatingEdit(fix, uri, source) : new WorkspaceEdit { Changes = Changes(fix, uri, source) },
    };

    private Dictionary<string, IReadOnlyList<Protocol.TextEdit>> Changes(CoreCodeFix fix, string uri, SourceText source)
    {
        var changes = new Dictionary<string, IReadOnlyList<Protocol.TextEdit>>(StringComparer.Ordinal);
        if (fix.Edits.Count > 0)
        {
            changes[uri] = fix.Edits.Select(e => e.ToLsp(source)).ToList();
        }

        foreach (var (path, edits) in fix.OtherFiles ?? new Dictionary<string, IReadOnlyList<Core.Diagnostics.TextEdit>>())
        {
            var otherSource = server.SourceOf(server.Workspace.SnapshotFor(path), path) ?? new SourceText(string.Empty);
            changes[LspConversions.ToUri(path)] = edits.Select(e => e.ToLsp(otherSource)).ToList();
        }

        return changes;
    }

    /// <summary>New files need documentChanges: a CreateFile operation (ignored if the file exists), then its edits.</summary>
    private WorkspaceEdit CreatingEdit(CoreCodeFix fix, string uri, SourceText source)
    {
        var operations = new List<object>();
        foreach (var (path, edits) in fix.OtherFiles ?? new Dictionary<string, IReadOnlyList<Core.Diagnostics.TextEdit>>())
        {
            var fileUri = LspConversions.ToUri(path);
            operations.Add(new CreateFile(fileUri, new CreateFileOptions(IgnoreIfExists: true)));
            // Files that already exist (a .gitignore to append to) are edited at their real positions.
            var existing = server.SourceOf(server.Workspace.SnapshotFor(path), path) ?? new SourceText(string.Empty);
            operations.Add(new TextDocumentEdit(new OptionalVersionedTextDocumentIdentifier(fileUri, null), edits.Select(e => e.ToLsp(existing)).ToList()));
        }

        if (fix.Edits.Count > 0)
        {
            var version = server.Documents.Get(uri)?.Version;
            operations.Add(new TextDocumentEdit(new OptionalVersionedTextDocumentIdentifier(uri, version), fix.Edits.Select(e => e.ToLsp(source)).ToList()));
        }

        return new WorkspaceEdit { DocumentChanges = operations };
    }

    private static bool Overlaps(TextSpan diagnostic, TextSpan requested) =>
        diagnostic.Start <= requested.End && requested.Start <= diagnostic.End;
}
