using GitOpsAi.Core.Kustomize;
using GitOpsAi.Core.Text;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Tests.Kustomize;

/// <summary>
/// Render nodes and keys keep where they came from as a path and a span, not a nullable SourceRef: every node of every
/// rendered object is smaller, and a source reads back exactly as it was set, none included.
/// </summary>
public sealed class CompactRenderNodeTests
{
    [Test]
    public void A_scalar_and_a_key_are_48_bytes_each()
    {
        var source = new SourceRef("/repo/app.yaml", new TextSpan(3, 4));
        var value = new RenderScalar("v", YamlScalarType.String, source);

        Assert.That(BytesEach(() => new RenderScalar("v", YamlScalarType.String, source)), Is.EqualTo(48), "a scalar");
        Assert.That(BytesEach(() => new RenderEntry("k", value, source)), Is.EqualTo(48), "a key");
    }

    /// <summary>
    /// The bytes this thread allocates per object made, the fewest of a few rounds: a collection that another thread's
    /// allocations start during a round (work a previous test left running) retires this thread's allocation buffer
    /// and counts its unused end as allocated (51 bytes instead of 48 in one full run).
    /// </summary>
    private static long BytesEach(Func<object> make)
    {
        const int count = 10_000;
        var kept = new object[count];
        var fewest = long.MaxValue;
        for (var round = 0; round < 5; round++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < count; i++)
            {
                kept[i] = make();
            }

            fewest = Math.Min(fewest, (GC.GetAllocatedBytesForCurrentThread() - before) / count);
        }

        GC.KeepAlive(kept);
        return fewest;
    }

    [Test]
    public void A_source_reads_back_as_it_was_set_and_none_stays_none()
    {
        var source = new SourceRef("/repo/app.yaml", new TextSpan(7, 2));
        var scalar = new RenderScalar("v", YamlScalarType.String, null);
        var entry = new RenderEntry("k", scalar, null);

        Assert.That(scalar.Source, Is.Null);
        Assert.That(entry.KeySource, Is.Null);

        scalar.Source = source;
        entry.KeySource = source with { Span = new TextSpan(0, 1) };
        Assert.That(scalar.Source, Is.EqualTo(source));
        Assert.That(entry.KeySource, Is.EqualTo(new SourceRef("/repo/app.yaml", new TextSpan(0, 1))));

        scalar.Source = null;
        entry.KeySource = null;
        Assert.That(scalar.Source, Is.Null);
        Assert.That(entry.KeySource, Is.Null);
        Assert.That(new RenderMap { Source = source }.Source, Is.EqualTo(source));
    }
}
