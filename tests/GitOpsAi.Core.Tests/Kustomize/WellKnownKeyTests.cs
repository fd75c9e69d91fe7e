using System.Text;
using GitOpsAi.Core.Kustomize;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Tests.Kustomize;

/// <summary>
/// Keys the renderer looks up by literal are read from files as those very literals (issue 13): a lookup of a rendered
/// object's kind or name then ends at the reference test. Not a matter of correctness (equal strings still match), so
/// the tests check the instances themselves.
/// </summary>
public sealed class WellKnownKeyTests
{
    [Test]
    public void A_well_known_key_read_from_a_file_is_the_literal_the_code_looks_it_up_with()
    {
        var mapping = YamlParser.Parse("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: apps\ndata:\n  mode: fast\n").Documents[0].RootMapping!;

        Assert.That(mapping.Pairs.Select(p => p.KeyText), Is.EqualTo(new[] { "apiVersion", "kind", "metadata", "data" }));
        Assert.That(mapping.Pairs[2].KeyText, Is.SameAs("metadata"));
        Assert.That(((YamlMapping)mapping.Pairs[2].Value).Pairs[1].KeyText, Is.SameAs("namespace"));
        Assert.That(RenderMap.FromYaml(mapping, "/repo/settings.yaml").Entries[1].Key, Is.SameAs("kind"));
    }

    [Test]
    public void A_well_known_key_is_still_the_literal_after_the_key_pool_started_afresh()
    {
        // More distinct keys than a thread's key pool keeps (16,384) make it start afresh in the middle of the file.
        var text = new StringBuilder("apiVersion: v1\nkind: ConfigMap\ndata:\n");
        for (var i = 0; i < 20_000; i++)
        {
            text.Append("  key").Append(i).Append(": x\n");
        }

        text.Append("metadata:\n  name: settings\n");
        var mapping = YamlParser.Parse(text.ToString()).Documents[0].RootMapping!;

        Assert.That(mapping.Pairs[^1].KeyText, Is.SameAs("metadata"));
        Assert.That(((YamlMapping)mapping.Pairs[^1].Value).Pairs[0].KeyText, Is.SameAs("name"));
    }

    [Test]
    public void A_key_that_is_no_literal_is_found_by_its_characters()
    {
        var map = RenderMap.FromYaml(YamlParser.Parse("someField: 1\nname: x\n").Documents[0].RootMapping!, "/repo/a.yaml");

        Assert.That(map.Find(new string("someField".AsSpan()))?.Key, Is.EqualTo("someField"));
        Assert.That(map.Find(new string("name".AsSpan()))?.Value, Is.InstanceOf<RenderScalar>());
        Assert.That(map.Find("nam"), Is.Null);
    }
}
