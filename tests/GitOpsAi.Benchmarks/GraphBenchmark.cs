using System.Diagnostics;
using GitOpsAi.Core.Kustomize;
using GitOpsAi.Core.Rules.Templates;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Benchmarks;

/// <summary>
/// What the cross-file indexes (structure, inclusion graph, placed objects) cost for a new snapshot: built from scratch,
/// carried across an edit to a leaf manifest, and carried across an edit to one overlay's kustomization. The repository
/// is Flux + kustomize: per team a base listing 20 files of 10 objects, prod and dev overlays with a namespace, and a
/// Flux Kustomization applying prod. The edited files are parsed beforehand: this times the indexes, not the parser.
/// </summary>
internal static class GraphBenchmark
{
    private const string Root = "/graph-bench";

    public static void Run(int resources)
    {
        var files = Generate(resources);
        var snapshot = Load(files);
        Touch(snapshot);
        var leaf = files.First(f => f.Path.EndsWith("/base/leaf-0.yaml", StringComparison.Ordinal));
        var overlay = files.First(f => f.Path.EndsWith("/overlays/prod/kustomization.yaml", StringComparison.Ordinal));
        WorkspaceFile[] leafVersions = [WorkspaceFile.FromText(leaf.Path, Root, leaf.Source.Text.Replace("shop/app-0:1.0.0", "shop/app-0:1.0.1", StringComparison.Ordinal)), leaf];
        WorkspaceFile[] overlayVersions = [WorkspaceFile.FromText(overlay.Path, Root, overlay.Source.Text.Replace("namespace: team-0-prod", "namespace: team-0-production", StringComparison.Ordinal)), overlay];
        var flux = files.First(f => f.Path.EndsWith("/clusters/prod/team-0.yaml", StringComparison.Ordinal));
        WorkspaceFile[] fluxNamespaceVersions = [WorkspaceFile.FromText(flux.Path, Root, flux.Source.Text.Replace("  prune: true\n", "  prune: true\n  targetNamespace: team-0-apps\n", StringComparison.Ordinal)), flux];
        WorkspaceFile[] fluxPrefixVersions = [WorkspaceFile.FromText(flux.Path, Root, flux.Source.Text.Replace("  prune: true\n", "  prune: true\n  namePrefix: prod-\n", StringComparison.Ordinal)), flux];

        var objectsBuilt = WorkspaceObjects.Builds;
        Console.WriteLine($"{files.Sum(f => f.Manifests.Count):N0} objects in {files.Count:N0} files, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        Report("from scratch (structure, graph, objects)", Measure(10, _ => Touch(Load(files))));
        var current = snapshot; // held while the next one is derived: the lineage refers to it weakly
        Report("carried across a leaf edit", Measure(40, i => current = Touched(current.WithFile(leaf.Path, leafVersions[i % 2]))));
        Report("carried across an overlay kustomization edit", Measure(20, i => current = Touched(current.WithFile(overlay.Path, overlayVersions[i % 2]))));
        Breakdown(current, leaf.Path, leafVersions);
        KustomizationBreakdown(current, overlay.Path, overlayVersions);
        current = ImpactOfEdit("overlay edit", current, overlay.Path, overlayVersions);
        current = ImpactOfEdit("Flux Kustomization targetNamespace edit", current, flux.Path, fluxNamespaceVersions);
        current = ImpactOfEdit("Flux Kustomization namePrefix edit", current, flux.Path, fluxPrefixVersions);
        Console.WriteLine($"  built from every file during the edits: {WorkspaceObjects.Builds - objectsBuilt - 11} placed-object indexes (the 11 scratch rounds excluded)");
    }

    private static WorkspaceSnapshot Load(IReadOnlyList<WorkspaceFile> files) => WorkspaceLoader.Create(Root, files, new GitOpsAi.Core.IO.PhysicalFileSystem(), new WorkspaceOptions());

    /// <summary>What the cross-object rules ask of a snapshot's indexes.</summary>
    private static void Touch(WorkspaceSnapshot snapshot)
    {
        _ = snapshot.Structure;
        var objects = WorkspaceObjects.For(snapshot);
        _ = objects.OfKind("Deployment").Count + objects.OfKind("Service").Count + objects.OfKind("ConfigMap").Count;
        _ = objects.WorkloadsWithPodLabels(new Dictionary<string, string> { ["app.kubernetes.io/name"] = "t0-leaf-0-app-4" }).Count();
        _ = objects.AutoscalersTargeting("Deployment", "t0-leaf-0-app-4").Count();
        _ = objects.MayHoldGeneratedObjects("team-0-prod");
        _ = InclusionGraph.For(snapshot).ReplicasFor("app-4");
    }

    /// <summary>Where a leaf edit's time goes: deriving the snapshot, the placed objects, then the lookups rules make.</summary>
    private static void Breakdown(WorkspaceSnapshot current, string path, WorkspaceFile[] versions)
    {
        var parts = new double[6];
        for (var i = 0; i < 20; i++)
        {
            var stopwatch = Stopwatch.StartNew();
            var next = current.WithFile(path, versions[i % 2]);
            parts[0] += stopwatch.Elapsed.TotalMilliseconds;
            stopwatch.Restart();
            var objects = WorkspaceObjects.For(next);
            parts[1] += stopwatch.Elapsed.TotalMilliseconds;
            stopwatch.Restart();
            _ = objects.OfKind("Deployment").Count + objects.OfKind("Service").Count + objects.OfKind("ConfigMap").Count;
            parts[2] += stopwatch.Elapsed.TotalMilliseconds;
            stopwatch.Restart();
            _ = objects.Workloads().Count;
            parts[5] += stopwatch.Elapsed.TotalMilliseconds;
            stopwatch.Restart();
            _ = objects.WorkloadsWithPodLabels(new Dictionary<string, string> { ["app.kubernetes.io/name"] = "t0-leaf-0-app-4" }).Count();
            parts[3] += stopwatch.Elapsed.TotalMilliseconds;
            stopwatch.Restart();
            Touch(next);
            parts[4] += stopwatch.Elapsed.TotalMilliseconds;
            current = next;
        }

        Console.WriteLine($"  leaf edit, mean of 20: snapshot {parts[0] / 20:F2} ms, objects {parts[1] / 20:F2} ms, kind lists {parts[2] / 20:F2} ms, workloads {parts[5] / 20:F2} ms, pod-label index {parts[3] / 20:F2} ms, rest {parts[4] / 20:F2} ms");
    }

    /// <summary>Where an overlay kustomization edit's time goes: the structure index, the graph, then the placed objects.</summary>
    private static void KustomizationBreakdown(WorkspaceSnapshot current, string path, WorkspaceFile[] versions)
    {
        var parts = new double[4];
        for (var i = 0; i < 10; i++)
        {
            var stopwatch = Stopwatch.StartNew();
            var next = current.WithFile(path, versions[i % 2]);
            _ = next.Structure;
            parts[0] += stopwatch.Elapsed.TotalMilliseconds;
            stopwatch.Restart();
            _ = InclusionGraph.For(next);
            parts[1] += stopwatch.Elapsed.TotalMilliseconds;
            stopwatch.Restart();
            _ = WorkspaceObjects.For(next);
            parts[2] += stopwatch.Elapsed.TotalMilliseconds;
            stopwatch.Restart();
            Touch(next);
            parts[3] += stopwatch.Elapsed.TotalMilliseconds;
            current = next;
        }

        Console.WriteLine($"  overlay edit, mean of 10: structure {parts[0] / 10:F2} ms, graph {parts[1] / 10:F2} ms, objects {parts[2] / 10:F2} ms, lookups {parts[3] / 10:F2} ms");
    }

    /// <summary>
    /// What the language server works out after an edit of an overlay kustomization or a Flux Kustomization to know which
    /// open documents to re-check (the edit's impact, then asking it about every file), and how many files that is. The
    /// first round renders every root of both snapshots (the analysis of the edited document does that anyway); the later
    /// ones reuse the renders.
    /// </summary>
    private static WorkspaceSnapshot ImpactOfEdit(string what, WorkspaceSnapshot current, string path, WorkspaceFile[] versions)
    {
        var times = new List<double>();
        var (affected, everything) = (0, false);
        for (var i = 0; i < 11; i++)
        {
            var before = current.Files[path];
            var after = versions.First(v => !ReferenceEquals(v, before));
            var next = current.WithFile(path, after);
            _ = InclusionGraph.For(next);
            var stopwatch = Stopwatch.StartNew();
            var impact = ChangeImpact.Of(before, after, Root, next);
            affected = next.Files.Values.Count(impact.Affects);
            everything = impact.AffectsEverything;
            times.Add(stopwatch.Elapsed.TotalMilliseconds);
            current = next;
        }

        Console.WriteLine($"  {what} impact: first {times[0]:F1} ms, median of the next 10 {times.Skip(1).Order().ElementAt(5):F1} ms; affects {affected:N0} of {current.Files.Count:N0} files{(everything ? " (everything)" : string.Empty)}");
        return current;
    }

    private static WorkspaceSnapshot Touched(WorkspaceSnapshot snapshot)
    {
        Touch(snapshot);
        return snapshot;
    }

    private static List<double> Measure(int rounds, Action<int> action)
    {
        action(0); // warm-up
        var times = new List<double>();
        for (var i = 1; i <= rounds; i++)
        {
            var stopwatch = Stopwatch.StartNew();
            action(i);
            times.Add(stopwatch.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        return times;
    }

    private static void Report(string what, List<double> times) =>
        Console.WriteLine($"  {what,-48} median {times[times.Count / 2],8:F2} ms  max {times[^1],8:F2} ms");

    private static List<WorkspaceFile> Generate(int resources)
    {
        var files = new List<(string Path, string Text)>();
        var leafFiles = (resources + 9) / 10;
        var teams = Math.Max(1, leafFiles / 20);
        for (var team = 0; team < teams; team++)
        {
            var leaves = Enumerable.Range(0, 20).Select(i => $"leaf-{i}.yaml").ToList();
            var dir = $"{Root}/teams/team-{team}";
            files.Add(($"{dir}/base/kustomization.yaml", $"apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n{string.Concat(leaves.Select(l => $"  - {l}\n"))}"));
            foreach (var leaf in leaves)
            {
                var objects = SyntheticRepository.Generate(14, resourcesPerFile: 14).Select(f => f.Text).Single();
                files.Add(($"{dir}/base/{leaf}", Renamed(objects, team, leaf)));
            }

            foreach (var overlay in new[] { "prod", "dev" })
            {
                files.Add(($"{dir}/overlays/{overlay}/kustomization.yaml", $"apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: team-{team}-{overlay}\nresources:\n  - ../../base\n"));
            }

            files.Add(($"{Root}/clusters/prod/team-{team}.yaml", $"apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: team-{team}\n  namespace: flux-system\nspec:\n  interval: 10m\n  path: ./teams/team-{team}/overlays/prod\n  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n"));
        }

        var parsed = new WorkspaceFile[files.Count];
        Parallel.For(0, files.Count, i => parsed[i] = WorkspaceFile.FromText(files[i].Path, Root, files[i].Text));
        return [.. parsed];
    }

    /// <summary>The synthetic objects without their Flux Kustomizations (leaves hold ordinary manifests only), named per file.</summary>
    private static string Renamed(string text, int team, string leaf) =>
        string.Join("---\n", text.Split("---\n").Where(d => !d.Contains("kustomize.toolkit.fluxcd.io", StringComparison.Ordinal)).Take(10))
            .Replace("name: app-", $"name: t{team}-{leaf[..^5]}-app-", StringComparison.Ordinal);
}
