using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Manifests;
using GitOpsAi.Core.Text;
using GitOpsAi.Core.Workspace;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Analysis;

/// <summary>The objects of one <c>---</c> document of a file, in file order.</summary>
internal sealed record DocumentObjects(YamlDocument Document, IReadOnlyList<Manifest> Manifests)
{
    /// <summary>Objects of one file grouped by the document they are in (a List's items are several objects in one document).</summary>
    /// <remarks>
    /// Made for each edit of a file, twice (schemas and policies): an array of the exact size for each document (almost
    /// always one object) where a list grew to four (0.1 MB of a keystroke in a 580-document file).
    /// </remarks>
    public static IReadOnlyList<DocumentObjects> Of(IReadOnlyList<Manifest> objects)
    {
        var result = new List<DocumentObjects>(objects.Count);
        for (var first = 0; first < objects.Count;)
        {
            var end = first + 1;
            while (end < objects.Count && ReferenceEquals(objects[end].Document, objects[first].Document))
            {
                end++;
            }

            var manifests = new Manifest[end - first];
            for (var i = 0; i < manifests.Length; i++)
            {
                manifests[i] = objects[first + i];
            }

            result.Add(new DocumentObjects(objects[first].Document, manifests));
            first = end;
        }

        return result;
    }
}

/// <summary>
/// The findings of one document's objects, where the document was (offset and line), and what another document's
/// edit must not touch for them to stay valid (<see cref="Facts"/>). Moving them to another offset is a shift of their
/// spans and of their fixes' spans, valid because each lies within the document (<see cref="IsMovable"/>).
/// </summary>
internal sealed class DocumentFindings
{
    private DocumentFindings(TextSpan span, int line, IReadOnlyList<Diagnostic> diagnostics, bool isMovable, bool mentionsLines, CrossFileFacts? facts, object? identity)
    {
        Identity = identity;
        Span = span;
        Line = line;
        Diagnostics = diagnostics;
        IsMovable = isMovable;
        MentionsLines = mentionsLines;
        Facts = facts;
    }

    public TextSpan Span { get; }

    /// <summary>The line the document starts on.</summary>
    public int Line { get; }

    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    /// <summary>False when a finding or a fix reaches outside the document: it cannot move with it.</summary>
    public bool IsMovable { get; }

    /// <summary>True when a message may name a line number ("already set on line 12"): valid only on the same lines.</summary>
    public bool MentionsLines { get; }

    /// <summary>What the document's objects show other objects (null when the findings are not kept for reuse).</summary>
    public CrossFileFacts? Facts { get; }

    /// <summary>
    /// The identity of the document's tree, shared by the copies the incremental parser makes when an edit above moves
    /// the document (<see cref="Yaml.MovedTrees"/>): the same identity is the same text, found without reading it.
    /// Null when the findings are not kept for reuse or the document is empty.
    /// </summary>
    public object? Identity { get; }

    public static DocumentFindings Create(WorkspaceFile file, DocumentObjects document, IReadOnlyList<Diagnostic> diagnostics, bool withFacts)
    {
        var span = document.Document.Span;
        return new DocumentFindings(
            span,
            file.Source.GetLinePosition(span.Start).Line,
            diagnostics,
            diagnostics.All(d => Within(span, d)),
            diagnostics.Any(d => d.Message.Contains("line", StringComparison.OrdinalIgnoreCase)),
            withFacts ? CrossFileFacts.Of(document.Manifests) : null,
            withFacts && document.Document.Root is { } root ? Yaml.MovedTrees.IdentityOf(root) : null);
    }

    /// <summary>The same findings for the same text at <paramref name="start"/> (on <paramref name="line"/>).</summary>
    public DocumentFindings MovedTo(int start, int line)
    {
        var delta = start - Span.Start;
        if (delta == 0 && line == Line)
        {
            return this; // a document before the edit: where it was
        }

        return new DocumentFindings(Span.Shift(delta), line, delta == 0 ? Diagnostics : Shifted(Diagnostics, delta), IsMovable, MentionsLines, Facts, Identity);
    }

    private static bool Within(TextSpan document, Diagnostic diagnostic) =>
        Contains(document, diagnostic.Span) && diagnostic.Fixes.All(f => f.Edits.All(e => Contains(document, e.Span)));

    private static bool Contains(TextSpan outer, TextSpan inner) => inner.Start >= outer.Start && inner.End <= outer.End;

    // Every document after a keystroke's edit has its findings moved (about 1,000 in lspbench's 10,015-line file, each
    // keystroke): plain loops into arrays of the exact size, where Select(...).ToList() allocated an iterator, a delegate
    // and a list's spare capacity for each of them (0.3 MB of the keystroke's 3.7 MB).
    private static Diagnostic[] Shifted(IReadOnlyList<Diagnostic> diagnostics, int delta)
    {
        var result = new Diagnostic[diagnostics.Count];
        for (var i = 0; i < result.Length; i++)
        {
            var diagnostic = diagnostics[i];
            result[i] = diagnostic with { Span = diagnostic.Span.Shift(delta), Fixes = diagnostic.Fixes.Count == 0 ? diagnostic.Fixes : Shifted(diagnostic.Fixes, delta) };
        }

        return result;
    }

    /// <summary>Edits in other files stay where they are.</summary>
    private static CodeFix[] Shifted(IReadOnlyList<CodeFix> fixes, int delta)
    {
        var result = new CodeFix[fixes.Count];
        for (var i = 0; i < result.Length; i++)
        {
            var edits = new TextEdit[fixes[i].Edits.Count];
            for (var j = 0; j < edits.Length; j++)
            {
                edits[j] = fixes[i].Edits[j] with { Span = fixes[i].Edits[j].Span.Shift(delta) };
            }

            result[i] = fixes[i] with { Edits = edits };
        }

        return result;
    }
}
