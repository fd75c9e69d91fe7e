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
    public static IReadOnlyList<DocumentObjects> Of(IReadOnlyList<Manifest> objects)
    {
        var result = new List<DocumentObjects>();
        List<Manifest>? current = null;
        foreach (var manifest in objects)
        {
            if (current is null || !ReferenceEquals(current[0].Document, manifest.Document))
            {
                current = [];
                result.Add(new DocumentObjects(manifest.Document, current));
            }

            current.Add(manifest);
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
        var diagnostics = delta == 0 ? Diagnostics : Diagnostics.Select(d => Shift(d, delta)).ToList();
        return new DocumentFindings(Span.Shift(delta), line, diagnostics, IsMovable, MentionsLines, Facts, Identity);
    }

    private static bool Within(TextSpan document, Diagnostic diagnostic) =>
        Contains(document, diagnostic.Span) && diagnostic.Fixes.All(f => f.Edits.All(e => Contains(document, e.Span)));

    private static bool Contains(TextSpan outer, TextSpan inner) => inner.Start >= outer.Start && inner.End <= outer.End;

    /// <summary>Edits in other files stay where they are.</summary>
    private static Diagnostic Shift(Diagnostic diagnostic, int delta) => diagnostic with
    {
        Span = diagnostic.Span.Shift(delta),
        Fixes = diagnostic.Fixes.Count == 0 ? diagnostic.Fixes : diagnostic.Fixes.Select(f => f with { Edits = f.Edits.Select(e => e with { Span = e.Span.Shift(delta) }).ToList() }).ToList(),
    };
}
