using GitOpsAi.Core.Manifests;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Generation;

/// <summary>
/// The label keys more than half of the repository's objects carry, and how their values are derived: one value
/// everywhere (<c>team: payments</c>) or the object's app name (<c>app.kubernetes.io/name: api</c> on Deployment
/// <c>api</c> and Service <c>api-svc</c>). A key whose values follow neither rule is left out rather than guessed.
/// </summary>
internal static class LabelInference
{
    /// <summary>Too few objects say nothing about a convention.</summary>
    private const int MinimumObjects = 3;

    /// <summary>Keys whose values belong to one release or tool, never to a new object.</summary>
    private static readonly HashSet<string> Ignored = new(StringComparer.Ordinal)
    {
        "app.kubernetes.io/version", "helm.sh/chart", "pod-template-hash", "kustomize.toolkit.fluxcd.io/name",
        "kustomize.toolkit.fluxcd.io/namespace",
    };

    public static IReadOnlyList<InferredLabel> Infer(WorkspaceSnapshot workspace)
    {
        var objects = workspace.Files.Values.SelectMany(f => f.Manifests)
            .Where(m => m.Kind is not null && m.Name is not null && !m.IsKustomizeConfig)
            .ToList();
        if (objects.Count < MinimumObjects)
        {
            return [];
        }

        return objects.SelectMany(m => m.Labels.Select(label => (Manifest: m, label.Key, label.Value)))
            .Where(l => !Ignored.Contains(l.Key))
            .GroupBy(l => l.Key, StringComparer.Ordinal)
            .Where(g => g.Count() * 2 > objects.Count)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Derive(g.Key, g.Select(l => (l.Manifest.Name!, l.Value)).ToList()))
            .OfType<InferredLabel>()
            .ToList();
    }

    private static InferredLabel? Derive(string key, IReadOnlyList<(string Name, string Value)> carriers)
    {
        var distinctValues = carriers.Select(c => c.Value).Distinct(StringComparer.Ordinal).Count();
        if (InferredConventions.IsClearMajority(carriers.Count(c => IsNameDerived(c.Name, c.Value)), carriers.Count))
        {
            // One value on objects that all share its name (api, api-svc, api-hpa) could be either rule: no signal.
            return distinctValues >= 2 ? new InferredLabel(key, null) : null;
        }

        var commonest = carriers.GroupBy(c => c.Value, StringComparer.Ordinal).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).First();
        return InferredConventions.IsClearMajority(commonest.Count(), carriers.Count) ? new InferredLabel(key, commonest.Key) : null;
    }

    /// <summary>The value is the object's name, or the app part of it (<c>api</c> for <c>api-svc</c>).</summary>
    private static bool IsNameDerived(string name, string value) =>
        value.Length > 0 && (name == value || name.StartsWith(value + "-", StringComparison.Ordinal));
}
