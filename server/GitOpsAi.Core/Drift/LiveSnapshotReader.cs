using System.Text.Json.Nodes;
using GitOpsAi.Core.Text;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Drift;

/// <summary>A problem in a snapshot file, at a 1-based line.</summary>
public sealed record SnapshotProblem(int Line, string Message);

/// <summary>
/// Reads a cluster snapshot: the output of <c>kubectl get &lt;kinds&gt; -A -o yaml</c> (a <c>List</c> of items) or
/// several documents of objects, in YAML or JSON. Documents that are not objects are reported by line and skipped.
/// </summary>
public static class LiveSnapshotReader
{
    public static (IReadOnlyList<LiveObject> Objects, IReadOnlyList<SnapshotProblem> Problems) Read(string text)
    {
        var file = YamlParser.Parse(text);
        var objects = new List<LiveObject>();
        var problems = file.Diagnostics.Select(d => new SnapshotProblem(LineOf(file.Source, d.Span), d.Message)).ToList();
        foreach (var document in file.Documents.Where(d => d.IsAnalyzable && d.Root is not null))
        {
            if (document.Root is not YamlMapping root)
            {
                problems.Add(new SnapshotProblem(LineOf(file.Source, document.Root!.Span), "This document is not a Kubernetes object or a List; it was skipped."));
                continue;
            }

            var items = root.GetString("kind") is { } kind && kind.EndsWith("List", StringComparison.Ordinal) && root.GetSequence("items") is { } list
                ? list.Items
                : [root];
            foreach (var item in items)
            {
                if (YamlToJson.Convert(item) is JsonObject json && LiveObject.From(json) is { } live)
                {
                    objects.Add(live);
                }
                else
                {
                    problems.Add(new SnapshotProblem(LineOf(file.Source, item.Span), "This item has no kind or metadata.name; it was skipped."));
                }
            }
        }

        return (objects, problems);
    }

    private static int LineOf(SourceText source, TextSpan span) => source.GetLinePosition(span.Start).Line + 1;
}
