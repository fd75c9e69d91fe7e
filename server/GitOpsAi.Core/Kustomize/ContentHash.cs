using System.Security.Cryptography;
using System.Text;

namespace GitOpsAi.Core.Kustomize;

/// <summary>
/// kustomize's content-hash name suffix for generated ConfigMaps and Secrets: the sha256 of a Go-encoded JSON of kind,
/// name, data (and type for Secrets), first ten hex digits with a few letters swapped so the suffix is never all digits.
/// </summary>
internal static class ContentHash
{
    public static string Of(RenderedObject target)
    {
        var root = target.Root;
        var fields = new SortedDictionary<string, object?>(StringComparer.Ordinal)
        {
            ["kind"] = target.Kind,
            // kustomize 5 looks the name up as one field called "metadata/name", finds nothing and hashes "" (checked
            // against kubectl kustomize); the suffix must match what it produces, so we do the same.
            ["name"] = string.Empty,
            ["data"] = MapOrEmpty(root["data"]),
        };
        if (target.Kind == "Secret")
        {
            fields["type"] = root.String("type") ?? string.Empty;
            if (root["stringData"] is RenderMap stringData)
            {
                fields["stringData"] = MapOrEmpty(stringData);
            }
        }
        else if (root["binaryData"] is RenderMap binaryData)
        {
            fields["binaryData"] = MapOrEmpty(binaryData);
        }

        var json = new StringBuilder();
        Write(json, fields);
        var hex = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json.ToString())));
        var suffix = hex[..10].ToCharArray();
        for (var i = 0; i < suffix.Length; i++)
        {
            suffix[i] = suffix[i] switch { '0' => 'g', '1' => 'h', '3' => 'k', 'a' => 'm', 'e' => 't', var c => c };
        }

        return new string(suffix);
    }

    /// <summary>A map's entries as strings, or "" when absent (what kustomize's lookup gives for a missing field).</summary>
    private static object MapOrEmpty(RenderNode? node) => node is RenderMap map
        ? new SortedDictionary<string, object?>(map.Entries.ToDictionary(e => e.Key, e => (object?)(e.Value as RenderScalar)?.Value), StringComparer.Ordinal)
        : string.Empty;

    private static void Write(StringBuilder json, object? value)
    {
        switch (value)
        {
            case null:
                json.Append("null");
                break;
            case string text:
                WriteString(json, text);
                break;
            case SortedDictionary<string, object?> map:
                json.Append('{');
                var first = true;
                foreach (var (key, item) in map)
                {
                    if (!first)
                    {
                        json.Append(',');
                    }

                    first = false;
                    WriteString(json, key);
                    json.Append(':');
                    Write(json, item);
                }

                json.Append('}');
                break;
        }
    }

    /// <summary>Go's encoding/json string form: HTML-safe escapes for &lt; &gt; &amp; and U+2028/U+2029.</summary>
    private static void WriteString(StringBuilder json, string text)
    {
        json.Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': json.Append("\\\""); break;
                case '\\': json.Append("\\\\"); break;
                case '\n': json.Append("\\n"); break;
                case '\r': json.Append("\\r"); break;
                case '\t': json.Append("\\t"); break;
                case '<' or '>' or '&' or '\u2028' or '\u2029':
                    json.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                    break;
                case < ' ':
                    json.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                    break;
                default:
                    json.Append(c);
                    break;
            }
        }

        json.Append('"');
    }
}
