using GitOpsAi.Core.Manifests;
using GitOpsAi.Core.Workspace;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Generation;

/// <summary>
/// Name patterns of companions, read from existing pairs related by reference: a Service or PodDisruptionBudget or
/// NetworkPolicy selecting exactly one workload's pods, an HPA's scaleTargetRef, a ConfigMap or ServiceAccount a pod
/// template uses. When a clear majority of a kind's pairs share one pattern (<c>{name}-svc</c>), that is the kind's
/// pattern; names that share nothing with their workload count against it.
/// </summary>
internal static class NamingPatternInference
{
    private static readonly string[] WorkloadKinds = ["Deployment", "StatefulSet", "DaemonSet"];

    /// <summary>Companion kinds that point at a workload by selecting its pod labels, with where the selector is.</summary>
    private static readonly (string Kind, string[] Path)[] Selectors =
    [
        ("Service", ["spec", "selector"]),
        ("PodDisruptionBudget", ["spec", "selector", "matchLabels"]),
        ("NetworkPolicy", ["spec", "podSelector", "matchLabels"]),
    ];

    public static IReadOnlyDictionary<string, string> Infer(WorkspaceSnapshot workspace)
    {
        var workloads = WorkloadKinds.SelectMany(workspace.ObjectsOfKind).Select(o => o.Manifest).Where(m => m.Name is not null).ToList();
        var byPodLabel = PodLabelIndex(workloads);
        var pairs = new List<(string Kind, string Workload, string Companion)>();
        foreach (var (kind, path) in Selectors)
        {
            foreach (var (_, companion) in workspace.ObjectsOfKind(kind))
            {
                if (companion.Name is not null && SelectedWorkload(companion.Root.At(path) as YamlMapping, byPodLabel) is { } workload)
                {
                    pairs.Add((kind, workload, companion.Name));
                }
            }
        }

        foreach (var (_, hpa) in workspace.ObjectsOfKind("HorizontalPodAutoscaler"))
        {
            if (hpa.Name is not null && hpa.Spec?.GetMapping("scaleTargetRef") is { } target
                && target.GetString("kind") is { } targetKind && WorkloadKinds.Contains(targetKind) && target.GetString("name") is { } targetName)
            {
                pairs.Add(("HorizontalPodAutoscaler", targetName, hpa.Name));
            }
        }

        foreach (var workload in workloads)
        {
            pairs.AddRange(ConfigMapsUsedBy(workload).Distinct(StringComparer.Ordinal).Select(name => ("ConfigMap", workload.Name!, name)));
            if (workload.PodTemplate?.Spec.GetString("serviceAccountName") is { Length: > 0 } account && account != "default")
            {
                pairs.Add(("ServiceAccount", workload.Name!, account));
            }
        }

        var patterns = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var kind in pairs.GroupBy(p => p.Kind, StringComparer.Ordinal))
        {
            var commonest = kind.GroupBy(p => PatternOf(p.Workload, p.Companion)).OrderByDescending(g => g.Count()).First();
            if (commonest.Key is { } pattern && pattern != "{name}" && InferredConventions.IsClearMajority(commonest.Count(), kind.Count()))
            {
                patterns[kind.Key] = pattern;
            }
        }

        return patterns;
    }

    /// <summary><c>{name}-svc</c> for (api, api-svc), <c>svc-{name}</c> for (api, svc-api), null when the names share nothing.</summary>
    internal static string? PatternOf(string workload, string companion)
    {
        if (companion == workload)
        {
            return "{name}";
        }

        if (companion.StartsWith(workload + "-", StringComparison.Ordinal))
        {
            return "{name}" + companion[workload.Length..];
        }

        return companion.EndsWith("-" + workload, StringComparison.Ordinal) ? companion[..^workload.Length] + "{name}" : null;
    }

    /// <summary>Workloads by each pod label they carry, so a selector is matched without scanning every workload.</summary>
    private static Dictionary<(string Key, string Value), List<(string Name, YamlMapping Labels)>> PodLabelIndex(IEnumerable<Manifest> workloads)
    {
        var index = new Dictionary<(string Key, string Value), List<(string Name, YamlMapping Labels)>>();
        foreach (var workload in workloads)
        {
            if (workload.PodTemplate?.Metadata?.GetMapping("labels") is not { } labels)
            {
                continue;
            }

            foreach (var pair in labels.Pairs)
            {
                if (pair.KeyText is { } key && pair.Value is YamlScalar value)
                {
                    var entry = (key, value.Value);
                    if (!index.TryGetValue(entry, out var list))
                    {
                        index[entry] = list = [];
                    }

                    list.Add((workload.Name!, labels));
                }
            }
        }

        return index;
    }

    /// <summary>The one workload whose pod labels hold every pair of the selector; none when several or none do.</summary>
    private static string? SelectedWorkload(YamlMapping? selector, Dictionary<(string Key, string Value), List<(string Name, YamlMapping Labels)>> byPodLabel)
    {
        var wanted = selector?.Pairs.Where(p => p.KeyText is not null && p.Value is YamlScalar)
            .Select(p => (Key: p.KeyText!, Value: ((YamlScalar)p.Value).Value)).ToList();
        if (wanted is null || wanted.Count == 0 || !byPodLabel.TryGetValue(wanted[0], out var candidates))
        {
            return null;
        }

        var matches = candidates.Where(c => wanted.All(p => c.Labels.GetString(p.Key) == p.Value)).Take(2).ToList();
        return matches.Count == 1 ? matches[0].Name : null;
    }

    private static IEnumerable<string> ConfigMapsUsedBy(Manifest workload)
    {
        var spec = workload.PodTemplate?.Spec;
        if (spec is null)
        {
            yield break;
        }

        foreach (var volume in spec.GetSequence("volumes")?.Items.OfType<YamlMapping>() ?? [])
        {
            if (volume.GetMapping("configMap")?.GetString("name") is { } name)
            {
                yield return name;
            }
        }

        var containers = (spec.GetSequence("containers")?.Items ?? []).Concat(spec.GetSequence("initContainers")?.Items ?? []).OfType<YamlMapping>();
        foreach (var container in containers)
        {
            foreach (var source in container.GetSequence("envFrom")?.Items.OfType<YamlMapping>() ?? [])
            {
                if (source.GetMapping("configMapRef")?.GetString("name") is { } name)
                {
                    yield return name;
                }
            }

            foreach (var variable in container.GetSequence("env")?.Items.OfType<YamlMapping>() ?? [])
            {
                if (variable.At("valueFrom", "configMapKeyRef", "name") is YamlScalar { IsNull: false } reference)
                {
                    yield return reference.Value;
                }
            }
        }
    }
}
