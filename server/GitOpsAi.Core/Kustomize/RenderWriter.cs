using System.Text;
using GitOpsAi.Core.Text;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Kustomize;

/// <summary>
/// Writes rendered objects as YAML documents separated by <c>---</c>, as kubectl kustomize prints them (block style,
/// two-space indentation, sequences not indented under their key), keeping every value's type: a string that would
/// read as a number or boolean is quoted. With provenance, each line ends with <c># path:line</c> of its source.
/// </summary>
public static class RenderWriter
{
    public static string Write(IEnumerable<RenderedObject> objects, string? provenanceRoot = null, Func<string, SourceText?>? sources = null) =>
        Write(objects, provenanceRoot, sources, sourceMap: null);

    /// <summary>
    /// Writes one object and records, for every key and value written, its span in the output and its source (a source
    /// map, as Bicep's emitter keeps): a finding on the rendered text is taken back to the line that caused it.
    /// </summary>
    internal static string WriteWithSourceMap(RenderedObject rendered, List<(TextSpan Output, SourceRef Source)> sourceMap) =>
        Write([rendered], null, null, sourceMap);

    private static string Write(IEnumerable<RenderedObject> objects, string? provenanceRoot, Func<string, SourceText?>? sources, List<(TextSpan Output, SourceRef Source)>? sourceMap)
    {
        var writer = new Writer(provenanceRoot, sources, sourceMap);
        var first = true;
        foreach (var rendered in objects)
        {
            if (!first)
            {
                writer.Output.Append("---\n");
            }

            first = false;
            writer.WriteMap(rendered.Root, 0, inSequence: false);
        }

        return writer.Output.ToString();
    }

    private sealed class Writer(string? provenanceRoot, Func<string, SourceText?>? sources, List<(TextSpan Output, SourceRef Source)>? sourceMap)
    {
        public StringBuilder Output { get; } = new();

        private void Map(int start, SourceRef? source)
        {
            if (sourceMap is not null && source is { } at && Output.Length > start)
            {
                sourceMap.Add((TextSpan.FromBounds(start, Output.Length), at));
            }
        }

        public void WriteMap(RenderMap map, int indent, bool inSequence)
        {
            var firstLine = true;
            foreach (var entry in map.Entries)
            {
                var prefix = inSequence && firstLine ? string.Empty : new string(' ', indent);
                firstLine = false;
                Output.Append(prefix);
                var keyStart = Output.Length;
                Output.Append(Scalar(entry.Key, YamlScalarType.String));
                Map(keyStart, entry.KeySource ?? entry.Value.Source);
                Output.Append(':');
                WriteValue(entry.Value, indent, entry.KeySource, isMapValue: true);
                Map(keyStart, entry.Value.Source);
            }

            if (map.Entries.Count == 0)
            {
                Output.Append(inSequence ? string.Empty : new string(' ', indent)).Append("{}");
                EndLine(map.Source);
            }
        }

        private void WriteValue(RenderNode value, int indent, SourceRef? keySource, bool isMapValue)
        {
            switch (value)
            {
                case RenderMap { Entries.Count: > 0 } map:
                    EndLine(keySource ?? map.Source);
                    WriteMap(map, indent + 2, inSequence: false);
                    break;
                case RenderMap empty:
                    Output.Append(" {}");
                    EndLine(empty.Source ?? keySource);
                    break;
                case RenderSequence { Items.Count: > 0 } sequence:
                    EndLine(keySource ?? sequence.Source);
                    WriteSequence(sequence, isMapValue ? indent : indent + 2);
                    break;
                case RenderSequence emptyList:
                    Output.Append(" []");
                    EndLine(emptyList.Source ?? keySource);
                    break;
                case RenderScalar scalar when scalar.Type == YamlScalarType.String && IsBlock(scalar.Value):
                    WriteBlock(scalar, indent + 2);
                    break;
                case RenderScalar scalar:
                    Output.Append(' ');
                    var start = Output.Length;
                    Output.Append(Scalar(scalar.Value, scalar.Type));
                    Map(start, scalar.Source);
                    EndLine(scalar.Source);
                    break;
            }
        }

        private void WriteSequence(RenderSequence sequence, int indent)
        {
            foreach (var item in sequence.Items)
            {
                Output.Append(' ', indent);
                var itemStart = Output.Length;
                Output.Append("- ");
                switch (item)
                {
                    case RenderMap { Entries.Count: > 0 } map:
                        WriteMap(map, indent + 2, inSequence: true);
                        break;
                    case RenderSequence { Items.Count: > 0 } nested:
                        Output.Length -= 1;
                        EndLine(nested.Source);
                        WriteSequence(nested, indent + 2);
                        break;
                    default:
                        Output.Length -= 1;
                        WriteValue(item, indent, null, isMapValue: false);
                        break;
                }

                Map(itemStart, item.Source);
            }
        }

        private void WriteBlock(RenderScalar scalar, int indent)
        {
            var value = scalar.Value;
            var chomp = value.EndsWith("\n\n", StringComparison.Ordinal) ? "+" : value.EndsWith('\n') ? string.Empty : "-";
            var body = value.EndsWith('\n') ? value[..^1] : value;
            var lines = body.Split('\n');
            var indicator = lines[0].StartsWith(' ') ? "2" : string.Empty;
            var start = Output.Length;
            Output.Append(" |").Append(indicator).Append(chomp);
            EndLine(scalar.Source);
            foreach (var line in chomp == "+" ? value[..^1].Split('\n') : lines)
            {
                if (line.Length > 0)
                {
                    Output.Append(' ', indent).Append(line);
                }

                Output.Append('\n');
            }

            Map(start, scalar.Source);
        }

        private void EndLine(SourceRef? source)
        {
            if (provenanceRoot is not null && source is { } at && sources?.Invoke(at.Path) is { } text)
            {
                var line = text.GetLinePosition(Math.Min(at.Span.Start, text.Text.Length)).Line + 1;
                Output.Append(" # ").Append(Path.GetRelativePath(provenanceRoot, at.Path).Replace('\\', '/')).Append(':').Append(line);
            }

            Output.Append('\n');
        }

        /// <summary>Block style for multi-line strings that a literal block can hold exactly.</summary>
        private static bool IsBlock(string value) =>
            value.Contains('\n') && !value.Split('\n').Any(l => l.EndsWith(' ') || l.EndsWith('\t') || l.Contains('\r')) && !value.StartsWith('\n');

        private static string Scalar(string value, YamlScalarType type)
        {
            if (type != YamlScalarType.String)
            {
                return type == YamlScalarType.Null ? "null" : value;
            }

            return IsPlainSafe(value) ? value : Quote(value);
        }

        private static bool IsPlainSafe(string value)
        {
            if (value.Length == 0 || value != value.Trim() || "-?:,[]{}#&*!|>'\"%@`".Contains(value[0]))
            {
                return false;
            }

            foreach (var c in value)
            {
                if (char.IsControl(c) || c is '#' or '\'' or '"' or '\\' || c > '\u007e')
                {
                    return false;
                }
            }

            if (value.Contains(": ", StringComparison.Ordinal) || value.EndsWith(':') || value.Contains(" #", StringComparison.Ordinal))
            {
                return false;
            }

            var probe = new YamlScalar(default, value, YamlScalarStyle.Plain, null, null);
            return probe.Type == YamlScalarType.String && !IsYaml11Special(value);
        }

        /// <summary>Words YAML 1.1 readers (kubectl's) take for booleans: quoted so every reader sees a string.</summary>
        private static bool IsYaml11Special(string value) =>
            value.ToLowerInvariant() is "y" or "n" or "yes" or "no" or "on" or "off" or "true" or "false" or "null" or "~";

        private static string Quote(string value)
        {
            var builder = new StringBuilder("\"");
            foreach (var c in value)
            {
                switch (c)
                {
                    case '"': builder.Append("\\\""); break;
                    case '\\': builder.Append("\\\\"); break;
                    case '\n': builder.Append("\\n"); break;
                    case '\r': builder.Append("\\r"); break;
                    case '\t': builder.Append("\\t"); break;
                    case < ' ' or '\u007f': builder.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture)); break;
                    default: builder.Append(c); break;
                }
            }

            return builder.Append('"').ToString();
        }
    }
}
