using GitOpsAi.Core.Generation;
using GitOpsAi.Core.Text;
using GitOpsAi.LanguageServer.Conversion;
using GitOpsAi.LanguageServer.Protocol;
using GitOpsAi.LanguageServer.Services;

namespace GitOpsAi.LanguageServer.Handlers.Generation;

/// <summary>
/// Turns gated documents into an insert-only WorkspaceEdit: below the request line of the document, or into the file
/// the request names (appended when it exists; created and listed in its folder's kustomization when it does not).
/// </summary>
internal static class GenerationWorkspaceEdit
{
    public static WorkspaceEdit Build(ServerContext server, DocumentContext document, int line, GenerationOutcome outcome)
    {
        if (outcome.TargetFile is not { } target || target == document.File.Path)
        {
            var version = server.Documents.Get(document.Uri)?.Version;
            var edit = GenerationEdits.InsertBelowComment(document.Source, line, outcome.Yaml).ToLsp(document.Source);
            return new WorkspaceEdit { DocumentChanges = [new TextDocumentEdit(new OptionalVersionedTextDocumentIdentifier(document.Uri, version), [edit])] };
        }

        var targetUri = LspConversions.ToUri(target);
        var existing = server.SourceOf(document.Workspace, target);
        if (existing is not null)
        {
            var append = GenerationEdits.InsertBelowComment(existing, Math.Max(0, existing.LineCount - 1), outcome.Yaml).ToLsp(existing);
            return new WorkspaceEdit { DocumentChanges = [new TextDocumentEdit(new OptionalVersionedTextDocumentIdentifier(targetUri, server.Documents.Get(targetUri)?.Version), [append])] };
        }

        var empty = new SourceText(string.Empty);
        var changes = new List<object>
        {
            new CreateFile(targetUri, new CreateFileOptions(IgnoreIfExists: true)),
            new TextDocumentEdit(new OptionalVersionedTextDocumentIdentifier(targetUri, null), [new Core.Diagnostics.TextEdit(new TextSpan(0, 0), outcome.Yaml).ToLsp(empty)]),
        };
        if (GenerationEdits.AddToKustomization(document.Workspace, target) is { } listing && server.SourceOf(document.Workspace, listing.KustomizationPath) is { } kustomization)
        {
            var kustomizationUri = LspConversions.ToUri(listing.KustomizationPath);
            changes.Add(new TextDocumentEdit(new OptionalVersionedTextDocumentIdentifier(kustomizationUri, server.Documents.Get(kustomizationUri)?.Version), [listing.Edit.ToLsp(kustomization)]));
        }

        return new WorkspaceEdit { DocumentChanges = changes };
    }
}
