namespace GitOpsAi.Core.Tests.Yaml;

/// <summary>
/// The tree builder is reused chunk after chunk on a thread: nothing of one chunk (documents, diagnostics, comments,
/// quoted spans, anchors, open collections after an error) may show in the next.
/// </summary>
public sealed class ChunkBuilderReuseTests
{
    [Test]
    public void A_chunk_that_failed_half_way_leaves_nothing_behind_for_the_next_chunk_parsed_on_the_thread()
    {
        // Broken in the middle of nested collections (frames left open), with an anchor, a comment and quoted scalars.
        var broken = YamlParser.Parse("a: &x\n  b: [1, \"q\"\n  c: {d: 'e'\n# note\n");
        var good = YamlParser.Parse("f: *x\n");
        var clean = YamlParser.Parse("g: 1 # only this comment\n");

        Assert.That(broken.Diagnostics, Is.Not.Empty);
        Assert.That(good.Diagnostics.Single().Message, Does.Contain("*x"), "the anchor of the broken chunk must be unknown here");
        Assert.That(clean.Diagnostics, Is.Empty);
        Assert.That(clean.Comments.Select(c => c.Text), Is.EqualTo(new[] { "only this comment" }));
        Assert.That(clean.Documents.Single().RootMapping!.Pairs.Select(p => p.KeyText), Is.EqualTo(new[] { "g" }));
    }

    [Test]
    public void The_chunks_of_one_file_each_get_only_their_own_documents_and_comments()
    {
        var file = YamlParser.Parse("a: 'x' # one\n---\nb: \"y\" # two\n---\nbroken: [\n---\nc: z\n");

        Assert.That(file.Documents.Select(d => d.RootMapping?.Pairs.Single().KeyText), Is.EqualTo(new[] { "a", "b", null, "c" }));
        Assert.That(file.Comments.Select(c => c.Text), Is.EqualTo(new[] { "one", "two" }));
        Assert.That(file.Diagnostics, Has.Count.EqualTo(1));
    }
}
