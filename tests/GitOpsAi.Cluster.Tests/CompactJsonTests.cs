using System.Text.Json;
using System.Text.Json.Nodes;

namespace GitOpsAi.Cluster.Tests;

public sealed class CompactJsonTests
{
    private const string List = """
        {"kind":"ConfigMapList","metadata":{"resourceVersion":"1042"},"items":[
          {"metadata":{"name":"a","namespace":"shop"},"data":{"mode":"fast","note":"tab\tand \"quotes\" and \u00e9"}},
          {"metadata":{"name":"b","namespace":"shop"},"data":{"mode":"fast","ratio":0.50,"count":3,"big":12345678901,"on":true,"off":false,"none":null}}
        ]}
        """;

    [Test]
    public void Values_read_back_as_JsonNode_Parse_reads_them()
    {
        var parsed = (JsonObject)new CompactJson().Parse(List)!;

        Assert.That(parsed.ToJsonString(), Is.EqualTo(JsonNode.Parse(List)!.ToJsonString()));
        var data = parsed["items"]![1]!["data"]!;
        Assert.Multiple(() =>
        {
            Assert.That(data["count"]!.GetValue<int>(), Is.EqualTo(3));
            Assert.That(data["ratio"]!.ToJsonString(), Is.EqualTo("0.50"));
            Assert.That(parsed["items"]![0]!["data"]!["note"]!.GetValue<string>(), Is.EqualTo("tab\tand \"quotes\" and é"));
        });
    }

    [Test]
    public void No_value_keeps_the_parsed_document_and_repeated_names_and_short_values_are_one_string()
    {
        var json = new CompactJson();

        var first = (JsonObject)json.Parse(List)!;
        var second = (JsonObject)json.Parse(List)!;

        var a = first["items"]![0]!["data"]!["mode"]!.AsValue();
        var b = second["items"]![1]!["data"]!["mode"]!.AsValue();
        Assert.Multiple(() =>
        {
            // JsonNode.Parse's values are views of the whole parsed response (a JsonElement); these are plain strings.
            Assert.That(a.TryGetValue<JsonElement>(out _), Is.False);
            Assert.That(ReferenceEquals(a.GetValue<string>(), b.GetValue<string>()), Is.True);
            Assert.That(ReferenceEquals(first["items"]![0]!.AsObject().First().Key, second["items"]![1]!.AsObject().First().Key), Is.True);
        });
    }

    [TestCase("")]
    [TestCase("{\"a\":")]
    [TestCase("{} {}")]
    [TestCase("<html>502 Bad Gateway</html>")]
    public void Text_that_is_not_one_JSON_value_is_a_JsonException(string text) =>
        Assert.That(() => new CompactJson().Parse(text), Throws.InstanceOf<JsonException>());
}
