using GitOpsAi.Core.Manifests;
using GitOpsAi.Core.Workspace;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Kustomize;

/// <summary>How a graph is built from a snapshot's kustomizations and the entries the structure walk resolved.</summary>
public sealed partial class InclusionGraph
{
    /// <summary>Fills a graph from a snapshot: the kustomizations, their edges, then namespaces and Flux appliers along them.</summary>
    private sealed class InclusionGraphBuilder(InclusionGraph graph, WorkspaceSnapshot workspace)
    {
        private readonly HashSet<(string, string?)> _visited = [];

        /// <summary>The kustomization of each kustomization file as the one entry walk read it (a file's last one).</summary>
        private readonly Dictionary<string, KustomizationContent> _contents = new(StringComparer.Ordinal);

        public void Build()
        {
            // Nodes and Flux roots come from the structure index's one walk of entries; no file is scanned again here.
            foreach (var content in graph._structure.KustomizationList)
            {
                IndexContent(content);
                graph._kustomizations[content.Path] = content.Kustomization;
                _contents[content.Path] = content;
            }

            var referenced = IndexEdges();
            var fluxRoots = FluxRoots(graph._structure.EntryList.Where(e => e.IsFluxPath));
            foreach (var (flux, directory, targetNamespace) in fluxRoots)
            {
                if (KustomizationIn(directory) is { } root)
                {
                    Assign(root, targetNamespace, opaque: false);
                    MarkApplied(root, flux, []);
                    referenced.Add(root);
                }
                else
                {
                    AddDirectoryRoot(directory, flux, targetNamespace);
                }
            }

            foreach (var path in graph._kustomizations.Keys.Where(p => !referenced.Contains(p)))
            {
                Assign(path, null, opaque: false);
            }

            foreach (var path in graph._opaqueFiles)
            {
                if (graph._fileNamespaces.TryGetValue(path, out var set) && set.Count == 1)
                {
                    graph._opaqueNamespaces.Add(set.First());
                }
            }
        }

        /// <summary>The replicas and generator names a kustomization declares.</summary>
        private void IndexContent(KustomizationContent kustomization)
        {
            foreach (var (name, count, _) in kustomization.Model.Replicas)
            {
                graph._replicas.TryAdd(name, count);
            }

            foreach (var (kind, name) in kustomization.Model.GeneratedNames)
            {
                graph._generatorNames[kind].Add(name);
            }
        }

        /// <summary>The edges resources, bases and components make, from the references the structure analysis resolved; returns the kustomizations something includes.</summary>
        private HashSet<string> IndexEdges()
        {
            var referenced = new HashSet<string>(StringComparer.Ordinal);
            foreach (var reference in graph._structure.References)
            {
                if (reference.TargetIsDirectory)
                {
                    graph._includedDirectories.Add(Path.TrimEndingDirectorySeparator(reference.TargetPath));
                }
                else if (ManifestReader.IsKustomizationFileName(reference.TargetPath))
                {
                    graph._includedDirectories.Add(Path.GetDirectoryName(reference.TargetPath)!);
                }

                if (reference.Field is not ("resources" or "bases" or "components") || reference.TargetIsDirectory
                    || !graph._kustomizations.ContainsKey(reference.FromPath) || !workspace.Files.ContainsKey(reference.TargetPath))
                {
                    continue;
                }

                if (!graph._children.TryGetValue(reference.FromPath, out var children))
                {
                    graph._children[reference.FromPath] = children = [];
                }

                children.Add(reference.TargetPath);
                if (graph._kustomizations.ContainsKey(reference.TargetPath))
                {
                    referenced.Add(reference.TargetPath);
                }
            }

            foreach (var (path, content) in _contents)
            {
                if (graph._structure.IncludesRemote.Contains(path) || content.Model.PullsCharts)
                {
                    graph._opaqueFiles.Add(path);
                }
            }

            return referenced;
        }

        /// <summary>The folder each Flux Kustomization applies (spec.path, then each of spec.components), with its targetNamespace.</summary>
        private List<(string Flux, string Directory, string? TargetNamespace)> FluxRoots(IEnumerable<InclusionEntry> fluxPaths)
        {
            var roots = new List<(string, string, string?)>();
            foreach (var entry in fluxPaths)
            {
                // The entry the structure walk resolved (or, for a path it could not check, the folder it guessed).
                if (entry.TargetPath is not { } directory)
                {
                    continue;
                }

                var flux = entry.Flux!;
                var targetNamespace = flux.PlainTargetNamespace;
                roots.Add((entry.FromPath, directory, targetNamespace));

                // spec.components: kustomize components (relative to spec.path) applied with the same target namespace.
                foreach (var component in flux.Components)
                {
                    if (!component.Value.Contains('$') && KustomizationIn(Path.GetFullPath(Path.Combine(directory, component.Value))) is { } componentRoot)
                    {
                        roots.Add((entry.FromPath, Path.GetDirectoryName(componentRoot)!, targetNamespace));
                    }
                }
            }

            return roots;
        }

        /// <summary>A Flux spec.path folder without a kustomization: Flux applies every file below it.</summary>
        private void AddDirectoryRoot(string directory, string flux, string? targetNamespace)
        {
            var trimmed = Path.TrimEndingDirectorySeparator(directory);
            if (targetNamespace is not null)
            {
                if (!graph._directoryNamespaces.TryGetValue(trimmed, out var namespaces))
                {
                    graph._directoryNamespaces[trimmed] = namespaces = new HashSet<string>(StringComparer.Ordinal);
                }

                namespaces.Add(targetNamespace);
            }

            var prefix = trimmed + "/";
            foreach (var path in workspace.Files.Keys.Where(p => p.StartsWith(prefix, StringComparison.Ordinal)))
            {
                if (targetNamespace is not null)
                {
                    AddNamespace(path, targetNamespace);
                }

                AddApplier(path, flux);
            }
        }

        private void Assign(string kustomizationPath, string? inherited, bool opaque)
        {
            if (!_visited.Add((kustomizationPath, inherited)) || !graph._kustomizations.ContainsKey(kustomizationPath))
            {
                return;
            }

            // kustomize applies the outermost namespace last, so it wins over the inner ones.
            var @namespace = inherited ?? Clean(_contents.GetValueOrDefault(kustomizationPath)?.Model.Namespace?.Value);
            opaque |= graph._opaqueFiles.Contains(kustomizationPath);
            if (@namespace is not null)
            {
                AddNamespace(kustomizationPath, @namespace);
            }

            foreach (var child in graph.IncludedBy(kustomizationPath))
            {
                if (opaque)
                {
                    graph._opaqueFiles.Add(child);
                }

                if (graph._kustomizations.ContainsKey(child))
                {
                    Assign(child, @namespace, opaque);
                }
                else if (@namespace is not null)
                {
                    AddNamespace(child, @namespace);
                }
            }
        }

        private void MarkApplied(string path, string flux, HashSet<string> seen)
        {
            if (!seen.Add(path))
            {
                return;
            }

            AddApplier(path, flux);
            foreach (var child in graph.IncludedBy(path))
            {
                MarkApplied(child, flux, seen);
            }
        }

        private void AddApplier(string path, string flux)
        {
            if (!graph._appliedBy.TryGetValue(path, out var list))
            {
                graph._appliedBy[path] = list = [];
            }

            if (!list.Contains(flux))
            {
                list.Add(flux);
            }
        }

        private void AddNamespace(string path, string @namespace)
        {
            if (!graph._fileNamespaces.TryGetValue(path, out var set))
            {
                graph._fileNamespaces[path] = set = new HashSet<string>(StringComparer.Ordinal);
            }

            set.Add(@namespace);
        }

        private string? KustomizationIn(string directory)
        {
            foreach (var name in ManifestReader.KustomizationFileNames)
            {
                var candidate = Path.Combine(directory, name);
                if (workspace.Files.ContainsKey(candidate))
                {
                    return candidate;
                }
            }

            return null;
        }

        private static string? Clean(string? value) => value is null || value.Contains("${", StringComparison.Ordinal) ? null : value;
    }
}
