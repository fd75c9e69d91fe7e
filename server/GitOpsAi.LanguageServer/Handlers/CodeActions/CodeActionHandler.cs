using GitOpsAi.Core.Text;
using GitOpsAi.LanguageServer.Conversion;
using GitOpsAi.LanguageServer.Framework;
using GitOpsAi.LanguageServer.Protocol;
using GitOpsAi.LanguageServer.Services;

namespace GitOpsAi.LanguageServer.Handlers.CodeActions;

/// <summary>Offers the fixes the core attached to diagnostics that overlap the requested range.</summary>
[LspMethod("textDocument/codeAction")]
internal sealed class CodeActionHandler(ServerContext server) : IRequestHandler<CodeActionParams, IReadOnlyList<CodeAction>>
{
    public Task<IReadOnlyList<CodeAction>> HandleAsync(CodeActionParams request, CancellationToken cancellationToken)
    {
        var uri = request.TextDocument.Uri;
        var result = server.Documents.Get(uri) is not null ? server.Diagnostics.Current(uri) : null;
        if (result is null)
        {
            return Task.FromResult<IReadOnlyList<CodeAction>>([]);
        }

        var source = result.File.Source;
        var requested = source.ToSpan(request.Range);
        var actions = new List<CodeAction>();
        for (var index = 0; index < result.Diagnostics.Count; index++)
        {
            var diagnostic = result.Diagnostics[index];
            if (!Overlaps(diagnostic.Span, requested))
            {
                continue;
            }

            var lspDiagnostic = result.Published.FirstOrDefault(d => d.Data?["index"]?.GetValue<int>() == index);
            foreach (var fix in diagnostic.Fixes)
            {
                var changes = new Dictionary<string, IReadOnlyList<Protocol.TextEdit>>(StringComparer.Ordinal)
                {
                    [uri] = fix.Edits.Select(e => e.ToLsp(source)).ToList(),
                };
                foreach (var (path, edits) in fix.OtherFiles ?? new Dictionary<string, IReadOnlyList<Core.Diagnostics.TextEdit>>())
                {
                    var otherSource = server.SourceOf(server.Workspace.SnapshotFor(path), path) ?? new SourceText(string.Empty);
                    changes[LspConversions.ToUri(path)] = edits.Select(e => e.ToLsp(otherSource)).ToList();
                }

                actions.Add(new CodeAction
                {
                    Title = fix.Title,
                    Kind = "quickfix",
                    IsPreferred = fix.IsPreferred ? true : null,
                    Diagnostics = lspDiagnostic is null ? null : [lspDiagnostic],
                    Edit = new WorkspaceEdit { Changes = changes },
                });
            }
        }

        return Task.FromResult<IReadOnlyList<CodeAction>>(actions);
    }

    private static bool Overlaps(TextSpan diagnostic, TextSpan requested) =>
        diagnostic.Start <= requested.End && requested.Start <= diagnostic.End;
}
