using GitOpsAi.Core.Workspace;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Generation;

/// <summary>
/// What the offline engine takes from an example manifest of the same kind (<c>.gitops-ai/examples/</c>): its labels
/// and annotations other than the object's own name, and its pod priority class. The language model engine sees the
/// whole examples as few-shot references instead.
/// </summary>
internal sealed record ExampleTemplate(IReadOnlyDictionary<string, string> Labels, IReadOnlyDictionary<string, string> Annotations, string? PriorityClassName)
{
    private static readonly HashSet<string> NameLabels = new(StringComparer.Ordinal) { "app", "name", "k8s-app", "app.kubernetes.io/name", "app.kubernetes.io/instance" };

    public static ExampleTemplate? For(GenerationConventions conventions, string kind)
    {
        if (!conventions.Examples.TryGetValue(kind, out var text))
        {
            return null;
        }

        var manifest = WorkspaceFile.FromText("/example.yaml", "/", text).Manifests.FirstOrDefault(m => m.Kind == kind);
        if (manifest is null)
        {
            return null;
        }

        var labels = manifest.Labels.Where(l => !NameLabels.Contains(l.Key)).ToDictionary(StringComparer.Ordinal);
        var annotations = manifest.Annotations.ToDictionary(StringComparer.Ordinal);
        var priority = manifest.PodTemplate?.Spec.GetString("priorityClassName");
        return new ExampleTemplate(labels, annotations, priority);
    }
}
