using System.Diagnostics;
using System.Text;
using GitOpsAi.Cluster;
using GitOpsAi.Core.Analysis;
using GitOpsAi.Core.Drift;
using GitOpsAi.Core.IO;
using GitOpsAi.Core.Workspace;
using GitOpsAi.KubeEmulator;

namespace GitOpsAi.Benchmarks;

/// <summary>
/// <c>drift [objects]</c>: a cluster of N objects served by the loopback API emulator (Deployments with defaults,
/// status and managedFields; Services; ConfigMaps; over 50 namespaces), a repository holding the same objects (one in
/// 100 drifted by hand), then: the cache's initial fill (time, managed memory, process memory), a full drift report,
/// and the drift recompute after a one-character edit of one file (what a keystroke costs).
/// </summary>
public static class DriftBenchmark
{
    public static async Task<int> RunAsync(int objects)
    {
        await using var emulator = new KubeApiEmulator();
        var repository = new List<(string Path, string Text)>();
        var file = new StringBuilder();
        var live = new StringBuilder();
        for (var i = 0; i < objects; i++)
        {
            var ns = $"team-{i % 50}";
            var (desired, actual) = (i % 3) switch
            {
                0 => (DesiredDeployment(i, ns), LiveDeployment(i, ns, drifted: i % 100 == 0)),
                1 => ($"apiVersion: v1\nkind: Service\nmetadata:\n  name: svc-{i}\n  namespace: {ns}\nspec:\n  selector:\n    app: app-{i - 1}\n  ports:\n    - port: 80\n      targetPort: http\n",
                      $"apiVersion: v1\nkind: Service\nmetadata:\n  name: svc-{i}\n  namespace: {ns}\n  uid: u{i}\nspec:\n  clusterIP: 10.96.{i / 250 % 250}.{i % 250}\n  clusterIPs: [10.96.{i / 250 % 250}.{i % 250}]\n  ipFamilies: [IPv4]\n  ipFamilyPolicy: SingleStack\n  internalTrafficPolicy: Cluster\n  sessionAffinity: None\n  type: ClusterIP\n  selector:\n    app: app-{i - 1}\n  ports:\n    - port: 80\n      protocol: TCP\n      targetPort: http\nstatus:\n  loadBalancer: {{}}\n"),
                _ => ($"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-{i}\n  namespace: {ns}\ndata:\n  mode: fast\n  level: \"{i}\"\n",
                      $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-{i}\n  namespace: {ns}\n  uid: u{i}\ndata:\n  mode: {(i % 100 == 2 ? "slow" : "fast")}\n  level: \"{i}\"\n"),
            };
            file.Append(file.Length > 0 ? "---\n" : string.Empty).Append(desired);
            live.Append("---\n").Append(actual);
            if ((i + 1) % 10 == 0 || i == objects - 1)
            {
                repository.Add(($"{SyntheticRepository.Root}/apps/{ns}/app-{repository.Count}.yaml", file.ToString()));
                file.Clear();
            }
        }

        emulator.Apply(live.ToString());
        var folder = Path.Combine(Path.GetTempPath(), "gitops-ai-drift-bench");
        Directory.CreateDirectory(folder);
        var kubeconfig = emulator.WriteKubeconfig(folder);

        // 1. The cache's initial fill: discovery, then one list per kind, over loopback HTTP.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var managedBefore = GC.GetTotalMemory(forceFullCollection: true);
        var stopwatch = Stopwatch.StartNew();
        using var connection = ClusterConnection.Open(kubeconfig, null, TimeSpan.FromSeconds(60));
        await using var cache = new ClusterCache(connection);
        await cache.StartAsync(watch: false);
        var fill = stopwatch.Elapsed;
        var state = cache.Snapshot();
        var managedAfter = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine($"cache fill: {state.Count:N0} objects in {fill.TotalMilliseconds:N0} ms; managed memory +{(managedAfter - managedBefore) / 1048576.0:N1} MiB; process working set {Process.GetCurrentProcess().WorkingSet64 / 1048576.0:N0} MiB; status {cache.Status.State}");

        // 2. A full report over the repository (what a new cache copy costs once).
        var workspace = SyntheticRepository.Parse(repository);
        var options = new DriftOptions();
        var analyzer = new DriftAnalyzer(state, options);
        stopwatch.Restart();
        var report = analyzer.ReportFor(workspace);
        Console.WriteLine($"full report: {report.Objects.Count:N0} objects compared, {report.Objects.Sum(o => o.Fields.Count)} drifted fields, in {stopwatch.Elapsed.TotalMilliseconds:N0} ms");
        stopwatch.Restart();
        _ = new DriftAnalyzer(state, options).ReportFor(workspace);
        Console.WriteLine($"full report again, warm (a new analyzer, nothing reused): {stopwatch.Elapsed.TotalMilliseconds:N0} ms");

        // 3. Per keystroke: one file edited (a value changed), a new snapshot, drift for that file (as the editor runs it:
        //    the file's objects; unmanaged objects from the last full report).
        var target = repository[repository.Count / 2];
        var (timings, cpu, edited) = Keystrokes(analyzer, workspace, target);
        workspace = edited;

        // 4. A new copy of the cache after one watch event: only the changed object is compared again.
        var objectsNow = state.Objects.ToList();
        var changed = objectsNow.FindIndex(o => o.Key.Kind == "ConfigMap");
        var json = (System.Text.Json.Nodes.JsonObject)objectsNow[changed].Root.DeepClone();
        json["data"]!["mode"] = "changed-by-hand";
        objectsNow[changed] = LiveObject.From(json)!;
        var next = new DriftAnalyzer(new InMemoryLiveState(state.Name, objectsNow), options, analyzer);
        stopwatch.Restart();
        var afterEvent = next.ReportFor(workspace);
        Console.WriteLine($"full report after one watch event (new cache copy, unchanged objects reused): {stopwatch.Elapsed.TotalMilliseconds:N0} ms ({afterEvent.Objects.Sum(o => o.Fields.Count)} drifted fields)");

        Console.WriteLine($"drift recompute per keystroke, plain manifests ({timings.Count} edits after 10 warm-up): {Summary(timings)}; thread CPU {Summary(cpu)}");

        // 5. The same objects reached through 50 overlays of 200 objects (each with a patch): drift compares the rendered
        //    objects, and a keystroke re-renders the edited file's kustomization before comparing.
        var rendered = SyntheticRepository.Parse(WithKustomizations(repository));
        var renderedAnalyzer = new DriftAnalyzer(state, options);
        stopwatch.Restart();
        var renderedReport = renderedAnalyzer.ReportFor(rendered);
        Console.WriteLine($"full report, rendered: {renderedReport.Objects.Count:N0} objects compared, {renderedReport.Objects.Sum(o => o.Fields.Count)} drifted fields, in {stopwatch.Elapsed.TotalMilliseconds:N0} ms");
        var (renderedTimings, renderedCpu, _) = Keystrokes(renderedAnalyzer, rendered, target);
        Console.WriteLine($"drift recompute per keystroke, rendered ({renderedTimings.Count} edits after 10 warm-up; the overlay that reads the edited file, 200 objects, re-rendered): {Summary(renderedTimings)}; thread CPU {Summary(renderedCpu)}");
        return 0;
    }

    private static string Summary(List<double> timings)
    {
        if (timings.Count == 0)
        {
            return "n/a";
        }

        timings.Sort();
        return $"median {timings[timings.Count / 2]:N2} ms, p95 {timings[(int)(timings.Count * 0.95)]:N2} ms, max {timings[^1]:N2} ms";
    }

    /// <summary>
    /// 60 one-value edits of one file, each a new snapshot analysed as the editor does; the last 50 timed, by the wall
    /// clock and by the thread's CPU time (what the edit costs, whatever else the machine runs).
    /// </summary>
    private static (List<double> Timings, List<double> Cpu, WorkspaceSnapshot Workspace) Keystrokes(DriftAnalyzer analyzer, WorkspaceSnapshot workspace, (string Path, string Text) target)
    {
        var stopwatch = new Stopwatch();
        var editedFile = workspace.GetFile(target.Path)!;
        var timings = new List<double>();
        var cpu = new List<double>();
        for (var round = 0; round < 60; round++)
        {
            var text = target.Text.Replace("mode: fast", round % 2 == 0 ? "mode: fasu" : "mode: fast", StringComparison.Ordinal);
            var edited = WorkspaceFile.FromText(target.Path, SyntheticRepository.Root, text, editedFile);
            var snapshot = workspace.WithFile(target.Path, edited);
            _ = Core.Rules.Templates.WorkspaceObjects.For(snapshot); // built for the rules anyway on every edit; not drift's cost
            var cpuBefore = ThreadCpuClock.NowMilliseconds();
            stopwatch.Restart();
            var context = new FileAnalysisContext(snapshot, edited, [], CancellationToken.None);
            analyzer.Analyze(context);
            stopwatch.Stop();
            var cpuAfter = ThreadCpuClock.NowMilliseconds();
            editedFile = edited;
            workspace = snapshot;
            if (round >= 10)
            {
                timings.Add(stopwatch.Elapsed.TotalMilliseconds);
                if (cpuAfter - cpuBefore is { } used)
                {
                    cpu.Add(used);
                }
            }

            GC.KeepAlive(context);
        }

        return (timings, cpu, workspace);
    }

    /// <summary>
    /// The repository with 50 overlays of 20 files (200 objects) each, every overlay with a patch that sets the
    /// replicas of its first Deployment (to the value the cluster has).
    /// </summary>
    private static List<(string Path, string Text)> WithKustomizations(IReadOnlyList<(string Path, string Text)> repository)
    {
        var result = repository.ToList();
        var overlays = repository.Select((file, index) => (file, index)).GroupBy(f => f.index / Math.Max(1, repository.Count / 50));
        foreach (var overlay in overlays)
        {
            var folder = $"{SyntheticRepository.Root}/overlays/overlay-{overlay.Key}";
            var resources = string.Concat(overlay.Select(f => $"  - {Path.GetRelativePath(folder, f.file.Path)}\n"));
            var firstDeployment = overlay.SelectMany(f => f.file.Text.Split("---\n")).First(d => d.Contains("kind: Deployment", StringComparison.Ordinal));
            var name = firstDeployment.Split('\n').First(l => l.StartsWith("  name: ", StringComparison.Ordinal))[8..];
            result.Add(($"{folder}/replicas.yaml", $"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\nspec:\n  replicas: 2\n"));
            result.Add(($"{folder}/kustomization.yaml", $"resources:\n{resources}patches:\n  - path: replicas.yaml\n"));
        }

        return result;
    }

    private static string DesiredDeployment(int i, string ns) =>
        $"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-{i}\n  namespace: {ns}\n  labels:\n    app: app-{i}\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: app-{i}\n  template:\n    metadata:\n      labels:\n        app: app-{i}\n    spec:\n      containers:\n        - name: app\n          image: ghcr.io/acme/app:1.{i % 7}.0\n          ports:\n            - name: http\n              containerPort: 8080\n          resources:\n            requests:\n              cpu: 0.1\n              memory: 128Mi\n";

    private static string LiveDeployment(int i, string ns, bool drifted) => $$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: app-{{i}}
          namespace: {{ns}}
          uid: u{{i}}
          generation: 3
          creationTimestamp: "2026-11-01T10:00:00Z"
          labels: { app: app-{{i}}, kustomize.toolkit.fluxcd.io/name: apps }
          annotations: { deployment.kubernetes.io/revision: "3" }
          managedFields:
            - manager: kustomize-controller
              operation: Apply
              time: "2026-11-20T10:00:00Z"
              fieldsV1: { "f:spec": { "f:replicas": {}, "f:template": { "f:spec": { "f:containers": { 'k:{"name":"app"}': { "f:image": {}, "f:resources": {} } } } } } }
            - manager: kubectl-set
              operation: Update
              time: "2026-12-01T10:00:00Z"
              fieldsV1: { "f:spec": { "f:template": { "f:spec": { "f:containers": { 'k:{"name":"app"}': { "f:image": {} } } } } } }
        spec:
          replicas: 2
          revisionHistoryLimit: 10
          progressDeadlineSeconds: 600
          selector: { matchLabels: { app: app-{{i}} } }
          strategy: { type: RollingUpdate, rollingUpdate: { maxSurge: 25%, maxUnavailable: 25% } }
          template:
            metadata: { creationTimestamp: null, labels: { app: app-{{i}} } }
            spec:
              containers:
                - name: app
                  image: ghcr.io/acme/app:1.{{i % 7}}.{{(drifted ? 1 : 0)}}
                  imagePullPolicy: IfNotPresent
                  ports: [{ name: http, containerPort: 8080, protocol: TCP }]
                  resources: { requests: { cpu: 100m, memory: 128Mi } }
                  terminationMessagePath: /dev/termination-log
                  terminationMessagePolicy: File
              dnsPolicy: ClusterFirst
              restartPolicy: Always
              schedulerName: default-scheduler
              securityContext: {}
              terminationGracePeriodSeconds: 30
        status: { replicas: 2, readyReplicas: 2, observedGeneration: 3 }

        """;
}
