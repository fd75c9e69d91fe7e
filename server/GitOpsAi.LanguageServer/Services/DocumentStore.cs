using System.Collections.Concurrent;
using GitOpsAi.Core.Text;
using GitOpsAi.LanguageServer.Conversion;
using GitOpsAi.LanguageServer.Protocol;

namespace GitOpsAi.LanguageServer.Services;

/// <summary>An open document: the editor's text, which wins over the file on disk.</summary>
internal sealed record OpenDocument(string Uri, string Path, int Version, SourceText Text);

/// <summary>The documents the client has open, with incremental changes applied in order.</summary>
internal sealed class DocumentStore
{
    private readonly ConcurrentDictionary<string, OpenDocument> _documents = new(StringComparer.Ordinal);

    public IEnumerable<OpenDocument> All => _documents.Values;

    public OpenDocument? Get(string uri) => _documents.GetValueOrDefault(uri);

    public OpenDocument? GetByPath(string path) => _documents.Values.FirstOrDefault(d => d.Path == path);

    public OpenDocument Open(TextDocumentItem item)
    {
        var document = new OpenDocument(item.Uri, PathOf(item.Uri), item.Version, new SourceText(item.Text ?? string.Empty));
        _documents[item.Uri] = document;
        return document;
    }

    /// <summary>Applies changes in order; returns null when the document is not open (a client bug we tolerate).</summary>
    public OpenDocument? Change(VersionedTextDocumentIdentifier identifier, IReadOnlyList<TextDocumentContentChangeEvent> changes)
    {
        if (!_documents.TryGetValue(identifier.Uri, out var document))
        {
            return null;
        }

        var text = document.Text;
        foreach (var change in changes)
        {
            if (change.Range is null)
            {
                text = new SourceText(change.Text ?? string.Empty);
                continue;
            }

            var span = text.ToSpan(change.Range);
            text = new SourceText(string.Concat(text.Text.AsSpan(0, span.Start), change.Text ?? string.Empty, text.Text.AsSpan(span.End)));
        }

        var updated = document with { Version = identifier.Version, Text = text };
        _documents[identifier.Uri] = updated;
        return updated;
    }

    public OpenDocument? Close(string uri) => _documents.TryRemove(uri, out var document) ? document : null;

    /// <summary>The file path for a URI; documents that are not files (untitled:) get a stable path of their own.</summary>
    public static string PathOf(string uri) =>
        LspConversions.ToPath(uri) ?? "/__untitled__/" + Uri.EscapeDataString(uri) + ".yaml";
}
