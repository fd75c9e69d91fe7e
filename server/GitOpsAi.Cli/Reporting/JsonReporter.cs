using System.Text.Json;
using GitOpsAi.Core.Diagnostics;

namespace GitOpsAi.Cli.Reporting;

/// <summary><c>{"diagnostics":[{"path","line","column","endLine","endColumn","severity","code","source","message"}]}</c>.</summary>
internal sealed class JsonReporter : IReporter
{
    public void Write(TextWriter output, IReadOnlyList<ReportedFile> files)
    {
        using var json = new StreamedJson(output, Utf8Stdout.For(output));
        var writer = json.Writer;
        writer.WriteStartObject();
        writer.WriteStartArray("diagnostics");
        foreach (var item in ReportedDiagnostic.All(files))
        {
            writer.WriteStartObject();
            writer.WriteString("path", item.Path);
            writer.WriteNumber("line", item.Line);
            writer.WriteNumber("column", item.Column);
            writer.WriteNumber("endLine", item.EndLine);
            writer.WriteNumber("endColumn", item.EndColumn);
            writer.WriteString("severity", item.Diagnostic.Severity.ToName());
            writer.WriteString("code", item.Diagnostic.Code);
            writer.WriteString("source", item.Diagnostic.Source);
            writer.WriteString("message", item.Diagnostic.Message);
            writer.WriteEndObject();
            json.FlushIfLarge();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();

        json.Complete();
    }
}
