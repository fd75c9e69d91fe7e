using GitOpsAi.Core.Generation;

namespace GitOpsAi.Core.Tests.Generation;

public sealed class YamlWriterTests
{
    [TestCase("8080", "\"8080\"")]
    [TestCase("4.11", "\"4.11\"")]
    [TestCase("on", "\"on\"")]
    [TestCase("No", "\"No\"")]
    [TestCase("2024-01-01", "\"2024-01-01\"")]
    [TestCase("1:20", "\"1:20\"")]
    [TestCase("0 2 * * *", "\"0 2 * * *\"")]
    [TestCase("", "\"\"")]
    [TestCase("~1.2.0", "\"~1.2.0\"")]
    [TestCase("100m", "100m")]
    [TestCase("10Gi", "10Gi")]
    [TestCase("1.2.3", "1.2.3")]
    [TestCase("ghcr.io/acme/api:1.4.2", "ghcr.io/acme/api:1.4.2")]
    [TestCase("https://charts.jetstack.io", "https://charts.jetstack.io")]
    public void Strings_a_yaml_reader_would_take_for_another_type_are_quoted(string value, string written) =>
        Assert.That(YamlWriter.Scalar(value), Is.EqualTo(written));

    [Test]
    public void Nested_maps_sequences_empty_values_and_comments_are_written_in_block_style()
    {
        var yaml = YamlWriter.Write(new YMap
        {
            { "a", new YMap { { "b", 1 }, { "skipped", null } } },
            { "list", new YSeq { new YMap { { "name", "x" }, { "port", 80 } }, "plain" } },
            { "empty", new YMap() },
            { "none", new YSeq() },
            { "size", new Commented("1Gi", "CHANGE-ME: say a size") },
        });

        Assert.That(yaml, Is.EqualTo("""
            a:
              b: 1
            list:
              - name: x
                port: 80
              - plain
            empty: {}
            none: []
            size: 1Gi  # CHANGE-ME: say a size

            """.Replace("\r\n", "\n")));
    }
}
