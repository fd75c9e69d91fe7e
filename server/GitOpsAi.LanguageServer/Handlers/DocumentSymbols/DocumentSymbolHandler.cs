using GitOpsAi.Core.Language;
using GitOpsAi.Core.Text;
using GitOpsAi.LanguageServer.Conversion;
using GitOpsAi.LanguageServer.Framework;
using GitOpsAi.LanguageServer.Protocol;
using GitOpsAi.LanguageServer.Services;

namespace GitOpsAi.LanguageServer.Handlers.DocumentSymbols;

[LspMethod("textDocument/documentSymbol")]
internal sealed class DocumentSymbolHandler(ServerContext server) : IRequestHandler<DocumentSymbolParams, IReadOnlyList<DocumentSymbol>>
{
    public Task<IReadOnlyList<DocumentSymbol>> HandleAsync(DocumentSymbolParams request, CancellationToken cancellationToken)
    {
        var document = server.Resolve(request.TextDocument.Uri);
        IReadOnlyList<DocumentSymbol> symbols = document is null ? [] : DocumentSymbolService.Symbols(document.File).Select(s => Convert(s, document.Source)).ToList();
        return Task.FromResult(symbols);
    }

    private static DocumentSymbol Convert(SymbolInfo symbol, SourceText source) => new()
    {
        Name = symbol.Name,
        Detail = symbol.Detail,
        Kind = symbol.Kind == SymbolKindHint.Resource ? SymbolKind.Class : SymbolKind.Object,
        Range = source.ToRange(symbol.Span),
        SelectionRange = source.ToRange(symbol.SelectionSpan),
        Children = symbol.Children.Select(c => Convert(c, source)).ToList(),
    };
}
