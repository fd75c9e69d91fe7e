using GitOpsAi.Core.Text;

namespace GitOpsAi.Core.Yaml;

/// <summary>The parse of one <c>---</c>-separated chunk of a file, kept so an edited file can reuse it.</summary>
internal sealed record ParsedChunk(
    int Start,
    int End,
    IReadOnlyList<YamlDocument> Documents,
    IReadOnlyList<Diagnostics.Diagnostic> Diagnostics,
    IReadOnlyList<YamlComment> Comments,
    bool SawTemplateBraces,
    int SyntaxErrors,
    bool SharesNodes);

/// <summary>
/// Finds which chunks of a file survived an edit unchanged, and moves a reused chunk to its new offset. Chunks with
/// diagnostics are always re-parsed (their messages can name line numbers).
/// </summary>
internal static class ChunkReuse
{
    /// <summary>For each new chunk, the previous chunk with identical text (matched from the start and from the end), or null.</summary>
    public static ParsedChunk?[] Match(YamlFile previous, string text, IReadOnlyList<(int Start, int End)> ranges)
    {
        var result = new ParsedChunk?[ranges.Count];
        var old = previous.Chunks;
        var oldText = previous.Source.Text;
        var front = 0;
        while (front < ranges.Count && front < old.Count && Same(old[front], oldText, ranges[front], text))
        {
            result[front] = old[front];
            front++;
        }

        var back = 1;
        while (back <= ranges.Count - front && back <= old.Count - front && Same(old[^back], oldText, ranges[^back], text))
        {
            result[ranges.Count - back] = old[^back];
            back++;
        }

        return result;
    }

    /// <summary>The chunk moved by <paramref name="delta"/> characters with its documents renumbered from <paramref name="firstIndex"/>.</summary>
    public static ParsedChunk Move(ParsedChunk chunk, int delta, int firstIndex)
    {
        if (delta == 0)
        {
            return Renumber(chunk, firstIndex); // the trees stay as they are: only a move needs new spans
        }

        // Without aliases no node is in two places, so a move need not remember what it copied (hashing every node by
        // reference was most of the cost of a move).
        // Arrays of the exact size, and no comments list for a chunk without comments: half a big file's chunks move each
        // keystroke, and Select(...).ToList() on each was 0.15 MB of a keystroke in lspbench's 10,015-line file.
        var copies = chunk.SharesNodes ? new Dictionary<YamlNode, YamlNode>(ReferenceEqualityComparer.Instance) : null;
        var documents = new YamlDocument[chunk.Documents.Count];
        for (var i = 0; i < documents.Length; i++)
        {
            var document = chunk.Documents[i];
            documents[i] = new YamlDocument(firstIndex + i, document.Span.Shift(delta), document.Root is null ? null : Moved(document.Root, delta, copies), document.IsAnalyzable);
        }

        return chunk with { Start = chunk.Start + delta, End = chunk.End + delta, Documents = documents, Comments = Moved(chunk.Comments, delta) };
    }

    private static IReadOnlyList<YamlComment> Moved(IReadOnlyList<YamlComment> comments, int delta)
    {
        if (comments.Count == 0)
        {
            return comments;
        }

        var moved = new YamlComment[comments.Count];
        for (var i = 0; i < moved.Length; i++)
        {
            moved[i] = comments[i] with { Span = comments[i].Span.Shift(delta) };
        }

        return moved;
    }

    /// <summary>The chunk with its documents numbered from <paramref name="firstIndex"/>; the trees are shared.</summary>
    public static ParsedChunk Renumber(ParsedChunk chunk, int firstIndex)
    {
        if (chunk.Documents.Count == 0 || chunk.Documents[0].Index == firstIndex)
        {
            return chunk;
        }

        // Every chunk after a file's first is renumbered (50,000 in a large repository) and kept as long as its file: an
        // array of the exact size, not a list around one.
        var documents = new YamlDocument[chunk.Documents.Count];
        for (var i = 0; i < documents.Length; i++)
        {
            var document = chunk.Documents[i];
            documents[i] = new YamlDocument(firstIndex + i, document.Span, document.Root, document.IsAnalyzable);
        }

        return chunk with { Documents = documents };
    }

    private static bool Same(ParsedChunk old, string oldText, (int Start, int End) range, string text) =>
        old.Diagnostics.Count == 0
        && old.End - old.Start == range.End - range.Start
        && oldText.AsSpan(old.Start, old.End - old.Start).SequenceEqual(text.AsSpan(range.Start, range.End - range.Start));

    /// <summary>A document's tree moved by delta, recorded as the same document (caches keyed by it stay valid).</summary>
    private static YamlNode Moved(YamlNode root, int delta, Dictionary<YamlNode, YamlNode>? copies)
    {
        var copy = Copy(root, delta, copies);
        MovedTrees.Record(root, copy);
        return copy;
    }

    /// <summary>A copy of the tree moved by delta; nodes shared through aliases stay shared in the copy (given <paramref name="copies"/>).</summary>
    private static YamlNode Copy(YamlNode node, int delta, Dictionary<YamlNode, YamlNode>? copies)
    {
        if (copies is not null && copies.TryGetValue(node, out var existing))
        {
            return existing;
        }

        // Children first: an alias can only name a node completed before it, never one of its own ancestors.
        YamlNode copy;
        switch (node)
        {
            case YamlScalar scalar:
                copy = new YamlScalar(scalar.Span.Shift(delta), scalar.Value, scalar.Style, scalar.Tag, scalar.Anchor);
                break;
            case YamlSequence sequence:
                var items = new YamlNode[sequence.Items.Count];
                for (var i = 0; i < items.Length; i++)
                {
                    items[i] = Copy(sequence.Items[i], delta, copies);
                }

                copy = YamlSequence.Owning(sequence.Span.Shift(delta), items, sequence.IsFlow, sequence.Tag, sequence.Anchor);
                break;
            case YamlMapping mapping:
                var pairs = new YamlPair[mapping.Pairs.Count];
                for (var i = 0; i < pairs.Length; i++)
                {
                    var pair = mapping.Pairs[i];
                    pairs[i] = new YamlPair(Copy(pair.Key, delta, copies), Copy(pair.Value, delta, copies), pair.IsMerged);
                }

                copy = YamlMapping.Owning(mapping.Span.Shift(delta), pairs, mapping.IsFlow, mapping.Tag, mapping.Anchor);
                break;
            default:
                throw new InvalidOperationException("unknown node type");
        }

        (copy as YamlCollection)?.SetExpandedSize(node.ExpandedSize);
        if (copies is not null)
        {
            copies[node] = copy;
        }

        return copy;
    }
}
