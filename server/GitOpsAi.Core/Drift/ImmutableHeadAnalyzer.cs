using GitOpsAi.Core.Analysis;
using GitOpsAi.Core.Manifests;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Drift;

/// <summary>
/// Immutable-field changes from the repository alone: each object of the file is compared with the same object (kind,
/// namespace, name) in the file's Git HEAD version. No cluster is needed.
/// </summary>
public sealed class ImmutableHeadAnalyzer(IGitHead head) : IFileAnalyzer
{
    public void Analyze(FileAnalysisContext context)
    {
        var file = context.File;
        if (file.Manifests.Count == 0 || context.Role != Workspace.FileRole.Resource || head.Read(file.Path) is not { } text || text == file.Source.Text)
        {
            return;
        }

        var before = ManifestReader.Read(YamlParser.Parse(text), file.Path)
            .Where(m => m.Kind is not null && m.Name is not null)
            .GroupBy(m => (m.Group, m.Kind, m.Namespace, m.Name))
            .ToDictionary(g => g.Key, g => g.First());
        var reported = context.Diagnostics.Where(d => d.Code == DriftDiagnostics.ImmutableChange.Code).Select(d => d.Span).ToHashSet();
        foreach (var manifest in file.Manifests.Where(m => m.Kind is not null && m.Name is not null))
        {
            if (!before.TryGetValue((manifest.Group, manifest.Kind, manifest.Namespace, manifest.Name), out var previous)
                || YamlToJson.Convert(previous.Root) is not System.Text.Json.Nodes.JsonObject json)
            {
                continue;
            }

            var desired = new DesiredObject(ObjectKey.Of(manifest.ApiVersion, manifest.Kind!, manifest.Namespace, manifest.Name!), manifest.ApiVersion, manifest.Root, file, manifest);
            foreach (var change in ImmutableFields.Check(desired, json, previousIsLive: false).Where(c => !reported.Contains(c.Anchor.Span)))
            {
                context.Diagnostics.Add(DriftMessages.ForImmutable(change));
            }
        }
    }
}
