using System.Text.Json;
using GitOpsAi.Cli.Reporting;

namespace GitOpsAi.Cli.Tests;

public sealed class StreamedJsonTests
{
    [Test]
    public void A_report_written_in_many_pieces_reads_back_whole_with_every_character_intact()
    {
        var output = new CountingWriter();
        var messages = Enumerable.Range(0, 5_000).Select(i => $"finding {i}: naïve ✓ 日本語 \"quoted\" {new string('x', i % 97)}").ToList();
        using (var json = new StreamedJson(output))
        {
            json.Writer.WriteStartArray();
            foreach (var message in messages)
            {
                json.Writer.WriteStringValue(message);
                json.FlushIfLarge();
            }

            json.Writer.WriteEndArray();
            json.Complete();
        }

        using var document = JsonDocument.Parse(output.ToString());
        Assert.Multiple(() =>
        {
            Assert.That(document.RootElement.EnumerateArray().Select(e => e.GetString()), Is.EqualTo(messages));
            Assert.That(output.Writes, Is.GreaterThan(5), "written in pieces, not gathered whole");
            Assert.That(output.ToString(), Does.EndWith(Environment.NewLine));
        });
    }

    private sealed class CountingWriter : StringWriter
    {
        public int Writes { get; private set; }

        public override void Write(string? value)
        {
            Writes++;
            base.Write(value);
        }
    }
}
