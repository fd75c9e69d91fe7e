using GitOpsAi.Core.Language;
using GitOpsAi.LanguageServer.Conversion;
using GitOpsAi.LanguageServer.Framework;
using GitOpsAi.LanguageServer.Protocol;
using GitOpsAi.LanguageServer.Services;

namespace GitOpsAi.LanguageServer.Handlers.Completion;

[LspMethod("textDocument/completion")]
internal sealed class CompletionHandler(ServerContext server) : IRequestHandler<CompletionParams, CompletionList>
{
    public Task<CompletionList> HandleAsync(CompletionParams request, CancellationToken cancellationToken)
    {
        var document = server.Resolve(request.TextDocument.Uri);
        if (document is null)
        {
            return Task.FromResult(new CompletionList(false, []));
        }

        var suggestions = CompletionService.Complete(document.Workspace, document.File, document.Source.ToOffset(request.Position));
        var items = suggestions.Select(s => new CompletionItem
        {
            Label = s.Label,
            Kind = s.Kind switch
            {
                CompletionKind.Property => CompletionItemKind.Property,
                CompletionKind.EnumMember => CompletionItemKind.Enum,
                CompletionKind.Kind => CompletionItemKind.Class,
                CompletionKind.Snippet => CompletionItemKind.Snippet,
                _ => CompletionItemKind.Value,
            },
            Detail = s.Detail,
            Documentation = s.Documentation is null ? null : MarkupContent.Markdown(s.Documentation),
            SortText = s.SortText,
            InsertTextFormat = s.IsSnippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
            TextEdit = new Protocol.TextEdit(document.Source.ToRange(s.ReplaceSpan), s.InsertText),
        }).ToList();
        return Task.FromResult(new CompletionList(false, items));
    }
}
