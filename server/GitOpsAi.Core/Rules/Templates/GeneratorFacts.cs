using System.Runtime.CompilerServices;
using GitOpsAi.Core.Kustomize;
using GitOpsAi.Core.Manifests;
using GitOpsAi.Core.Workspace;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Rules.Templates;

/// <summary>
/// What one file says about objects the repository does not show: the namespaces its HelmReleases, Argo CD
/// Applications, ResourceSets and operator resources fill, and how many of its objects generate into namespaces that
/// cannot be told. Kept per file object (immutable, reused across snapshots) and inclusion graph, so a new snapshot
/// sums the facts of its files instead of reading every object again.
/// </summary>
internal sealed class GeneratorFacts
{
    private static readonly ConditionalWeakTable<WorkspaceFile, Entry> Cache = new();

    private GeneratorFacts(IReadOnlyList<string> namespaces, int anywhere)
    {
        Namespaces = namespaces;
        Anywhere = anywhere;
    }

    public static GeneratorFacts None { get; } = new([], 0);

    /// <summary>The namespaces generated objects land in (a namespace may appear more than once).</summary>
    public IReadOnlyList<string> Namespaces { get; }

    /// <summary>How many objects generate into a namespace that cannot be told (an ApplicationSet, a substituted namespace).</summary>
    public int Anywhere { get; }

    /// <param name="remember">
    /// False for a file no later snapshot will ask about again (a rendered object of a root's siblings view, 150,000 of
    /// them at 50,000 resources): read, not remembered in the table whose lock every thread takes to add (issue 13).
    /// </param>
    public static GeneratorFacts Of(WorkspaceFile file, InclusionGraph graph, bool remember = true)
    {
        if (Cache.TryGetValue(file, out var entry) && entry.Graph.TryGetTarget(out var cachedFor) && ReferenceEquals(cachedFor, graph))
        {
            return entry.Facts;
        }

        // A file that generates nothing (nearly every file) is read again when asked, not remembered: the table's lock and
        // entry per file cost more than that read, for every rendered object of every root's siblings view (issue 13).
        var facts = Read(file, graph);
        if (remember && !ReferenceEquals(facts, None))
        {
            Cache.AddOrUpdate(file, new Entry(new WeakReference<InclusionGraph>(graph), facts));
        }

        return facts;
    }

    private static GeneratorFacts Read(WorkspaceFile file, InclusionGraph graph)
    {
        if (graph.RoleOf(file.Path) != FileRole.Resource)
        {
            return None; // a patch or generator input, not an object of its own
        }

        List<string>? namespaces = null;
        var anywhere = 0;
        // By index: a foreach over the interface boxed an enumerator for each rendered object of every root's view (6 MB at 50k).
        var manifests = file.Manifests;
        for (var i = 0; i < manifests.Count; i++)
        {
            var manifest = manifests[i];
            if (manifest.Group.Length == 0)
            {
                continue; // the core group (ConfigMaps, Services...): none of the kinds below, and built in (no set asked)
            }

            string? target = null;
            if (manifest.Is("helm.toolkit.fluxcd.io", "HelmRelease"))
            {
                target = manifest.Spec?.GetString("targetNamespace") ?? WorkspaceObjects.NamespaceOf(graph, file, manifest);
            }
            else if (manifest.Is("argoproj.io", "Application"))
            {
                target = (manifest.Spec?.At("destination", "namespace") as YamlScalar)?.Value;
            }
            else if (manifest.Is("fluxcd.controlplane.io", "ResourceSet"))
            {
                // The namespaces its resource templates name, else its own (templated names are not known until rendered).
                foreach (var resource in (manifest.Spec?.GetSequence("resources")?.Items ?? []).OfType<YamlMapping>())
                {
                    if (WorkspaceObjects.Clean((resource.At("metadata", "namespace") as YamlScalar)?.Value) is { } literal && !literal.Contains("<<", StringComparison.Ordinal))
                    {
                        (namespaces ??= []).Add(literal);
                    }
                }

                target = WorkspaceObjects.NamespaceOf(graph, file, manifest);
            }
            else if (manifest.Is("argoproj.io", "ApplicationSet"))
            {
                anywhere++; // templates: the namespaces are not known until they are rendered
                continue;
            }
            else if (KindCatalog.IsOperatorResource(manifest))
            {
                // A custom resource an operator turns into pods, Services and Secrets (a CloudNativePG Cluster, a Grafana).
                target = WorkspaceObjects.NamespaceOf(graph, file, manifest);
                if (target is null)
                {
                    continue;
                }
            }
            else
            {
                continue;
            }

            if (WorkspaceObjects.Clean(target) is { } known)
            {
                (namespaces ??= []).Add(known);
            }
            else if (target is null && graph.NamespacesOf(file.Path) is { Count: > 0 } shared)
            {
                (namespaces ??= []).AddRange(shared); // a base or component included into several namespaces
            }
            else if (target is not null)
            {
                anywhere++; // a substituted namespace: could be any
            }

            // No namespace at all: nothing includes the file with one (often a folder no kustomization lists any more).
        }

        return namespaces is null && anywhere == 0 ? None : new GeneratorFacts(namespaces ?? [], anywhere);
    }

    /// <summary>The graph is held weakly: a file reused by many snapshots must not keep an old graph (and its structure index) alive.</summary>
    private sealed record Entry(WeakReference<InclusionGraph> Graph, GeneratorFacts Facts);
}
