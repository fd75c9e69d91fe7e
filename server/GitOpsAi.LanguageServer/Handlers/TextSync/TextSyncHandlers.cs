using GitOpsAi.LanguageServer.Framework;
using GitOpsAi.LanguageServer.Protocol;
using GitOpsAi.LanguageServer.Services;

namespace GitOpsAi.LanguageServer.Handlers.TextSync;

[LspMethod("textDocument/didOpen")]
internal sealed class DidOpenHandler(ServerContext server) : INotificationHandler<DidOpenTextDocumentParams>
{
    public void Handle(DidOpenTextDocumentParams notification)
    {
        server.Documents.Open(notification.TextDocument);
        server.Diagnostics.Schedule(notification.TextDocument.Uri);
    }
}

[LspMethod("textDocument/didChange")]
internal sealed class DidChangeHandler(ServerContext server) : INotificationHandler<DidChangeTextDocumentParams>
{
    public void Handle(DidChangeTextDocumentParams notification)
    {
        if (server.Documents.Change(notification.TextDocument, notification.ContentChanges) is null)
        {
            server.Log.Warning($"didChange for a document that is not open: {notification.TextDocument.Uri}; ignored.");
            return;
        }

        server.Diagnostics.Schedule(notification.TextDocument.Uri);
    }
}

[LspMethod("textDocument/didClose")]
internal sealed class DidCloseHandler(ServerContext server) : INotificationHandler<DidCloseTextDocumentParams>
{
    public void Handle(DidCloseTextDocumentParams notification)
    {
        var closed = server.Documents.Close(notification.TextDocument.Uri);
        if (closed is null)
        {
            return;
        }

        server.Diagnostics.Closed(closed.Uri, closed.Path);
    }
}

[LspMethod("textDocument/didSave")]
internal sealed class DidSaveHandler : INotificationHandler<DidSaveTextDocumentParams>
{
    // The text arrives through didChange; saving changes nothing the analysis sees.
    public void Handle(DidSaveTextDocumentParams notification)
    {
    }
}
