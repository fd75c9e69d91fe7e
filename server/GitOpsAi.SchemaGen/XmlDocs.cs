using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace GitOpsAi.SchemaGen;

/// <summary>The &lt;summary&gt; texts of KubernetesClient's XML documentation, keyed by member id (T:..., P:...).</summary>
internal sealed class XmlDocs
{
    private readonly Dictionary<string, string> _summaries;

    private XmlDocs(Dictionary<string, string> summaries) => _summaries = summaries;

    public static XmlDocs Load(string path)
    {
        var summaries = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!File.Exists(path))
        {
            return new XmlDocs(summaries);
        }

        // The file is 25 MB; stream it and keep only the model members we need.
        using var reader = XmlReader.Create(path, new XmlReaderSettings { IgnoreComments = true, DtdProcessing = DtdProcessing.Prohibit });
        string? member = null;
        reader.Read();
        while (!reader.EOF)
        {
            if (reader.NodeType != XmlNodeType.Element)
            {
                reader.Read();
                continue;
            }

            if (reader.Name == "member")
            {
                var name = reader.GetAttribute("name");
                member = name is not null && name.Length > 2 && name.AsSpan(2).StartsWith("k8s.Models.") ? name : null;
            }
            else if (reader.Name == "summary" && member is not null)
            {
                // Summaries may hold <see/> and <para/> elements; their text content is what we want.
                var summary = (XElement)XNode.ReadFrom(reader);
                summaries[member] = Normalize(summary.Value);
                member = null;
                continue; // ReadFrom already moved past the element
            }

            reader.Read();
        }

        return new XmlDocs(summaries);
    }

    public string? TypeSummary(Type type) => _summaries.GetValueOrDefault("T:" + type.FullName);

    public string? PropertySummary(Type type, string propertyName) => _summaries.GetValueOrDefault("P:" + type.FullName + "." + propertyName);

    private static string Normalize(string text)
    {
        var builder = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var character in text)
        {
            if (char.IsWhiteSpace(character))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(character);
        }

        return builder.ToString();
    }
}
