using System.Text;
using GitOpsAi.Cluster;
using GitOpsAi.KubeEmulator;

namespace GitOpsAi.Benchmarks;

/// <summary>
/// What a cluster's copy (the drift cache) costs to keep, in a process of its own so the emulator's memory is not
/// counted (<c>tests/bench/drift-memory.sh</c>). <c>drift-memory serve N FOLDER</c> serves N objects as kube-apiserver
/// returns objects applied with kubectl (status with conditions, managedFields of the client and of the controller
/// manager's status writes, the last-applied annotation), writes a kubeconfig into FOLDER and prints its path;
/// <c>drift-memory KUBECONFIG</c> lists them into a cache and prints the managed heap it holds and the process's memory.
/// </summary>
public static class DriftMemory
{
    public static async Task<int> ServeAsync(int objects, string folder)
    {
        await using var emulator = new KubeApiEmulator();
        var live = new StringBuilder();
        for (var i = 0; i < objects; i++)
        {
            live.Append("---\n").Append((i % 3) switch { 0 => Deployment(i), 1 => Service(i), _ => ConfigMap(i) });
        }

        emulator.Apply(live.ToString());
        Directory.CreateDirectory(folder);
        Console.WriteLine(emulator.WriteKubeconfig(folder));
        var stopped = new TaskCompletionSource();
        using var termination = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stopped.TrySetResult();
        });
        await stopped.Task.ConfigureAwait(false);
        return 0;
    }

    public static async Task<int> MeasureAsync(string kubeconfig)
    {
        var before = Settled();
        using var connection = ClusterConnection.Open(kubeconfig, null, TimeSpan.FromSeconds(120));
        await using var cache = new ClusterCache(connection);
        var started = System.Diagnostics.Stopwatch.StartNew();
        await cache.StartAsync(watch: false);
        var fill = started.Elapsed;
        var state = cache.Snapshot();
        var held = Settled() - before;
        Console.WriteLine($"drift-memory: {state.Count:N0} objects cached in {fill.TotalSeconds:N1} s ({cache.Status.State}); the cache holds {held / 1048576.0:N1} MiB of managed heap "
            + $"({held / Math.Max(state.Count, 1):N0} bytes per object); process {Proc("VmRSS")} after a full GC, peak {Proc("VmHWM")}");
        GC.KeepAlive(state);
        return 0;
    }

    private static long Settled()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static string Proc(string field) =>
        File.Exists("/proc/self/status") && File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith(field + ":", StringComparison.Ordinal)) is { } line
            ? $"{long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) / 1024.0:N0} MiB {field}"
            : $"{field} n/a";

    private static string Deployment(int i) => $$$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: app-{{{i}}}
          namespace: team-{{{i % 50}}}
          uid: 6f1c2b7e-0000-4000-8000-{{{i:D12}}}
          resourceVersion: "{{1000 + i}}"
          generation: 3
          creationTimestamp: "2026-11-01T10:00:00Z"
          labels: { app: app-{{{i}}}, team: team-{{{i % 50}}} }
          annotations:
            deployment.kubernetes.io/revision: "3"
            kubectl.kubernetes.io/last-applied-configuration: |
              {{{LastApplied(i)}}}
          managedFields:
            - manager: kubectl-client-side-apply
              operation: Update
              apiVersion: apps/v1
              time: "2026-11-20T10:00:00Z"
              fieldsType: FieldsV1
              fieldsV1: { "f:metadata": { "f:annotations": { ".": {}, "f:kubectl.kubernetes.io/last-applied-configuration": {} }, "f:labels": { ".": {}, "f:app": {}, "f:team": {} } }, "f:spec": { "f:progressDeadlineSeconds": {}, "f:replicas": {}, "f:revisionHistoryLimit": {}, "f:selector": {}, "f:strategy": { "f:rollingUpdate": { ".": {}, "f:maxSurge": {}, "f:maxUnavailable": {} }, "f:type": {} }, "f:template": { "f:metadata": { "f:labels": { ".": {}, "f:app": {} } }, "f:spec": { "f:containers": { 'k:{"name":"app"}': { ".": {}, "f:image": {}, "f:imagePullPolicy": {}, "f:name": {}, "f:ports": { ".": {}, 'k:{"containerPort":8080,"protocol":"TCP"}': { ".": {}, "f:containerPort": {}, "f:name": {}, "f:protocol": {} } }, "f:resources": { ".": {}, "f:limits": { ".": {}, "f:memory": {} }, "f:requests": { ".": {}, "f:cpu": {}, "f:memory": {} } }, "f:terminationMessagePath": {}, "f:terminationMessagePolicy": {} } }, "f:dnsPolicy": {}, "f:restartPolicy": {}, "f:schedulerName": {}, "f:securityContext": {}, "f:terminationGracePeriodSeconds": {} } } } }
            - manager: kube-controller-manager
              operation: Update
              apiVersion: apps/v1
              time: "2026-12-01T10:00:00Z"
              fieldsType: FieldsV1
              subresource: status
              fieldsV1: { "f:metadata": { "f:annotations": { "f:deployment.kubernetes.io/revision": {} } }, "f:status": { "f:availableReplicas": {}, "f:conditions": { ".": {}, 'k:{"type":"Available"}': { ".": {}, "f:lastTransitionTime": {}, "f:lastUpdateTime": {}, "f:message": {}, "f:reason": {}, "f:status": {}, "f:type": {} }, 'k:{"type":"Progressing"}': { ".": {}, "f:lastTransitionTime": {}, "f:lastUpdateTime": {}, "f:message": {}, "f:reason": {}, "f:status": {}, "f:type": {} } }, "f:observedGeneration": {}, "f:readyReplicas": {}, "f:replicas": {}, "f:updatedReplicas": {} } }
        spec:
          replicas: 2
          revisionHistoryLimit: 10
          progressDeadlineSeconds: 600
          selector: { matchLabels: { app: app-{{{i}}} } }
          strategy: { type: RollingUpdate, rollingUpdate: { maxSurge: 25%, maxUnavailable: 25% } }
          template:
            metadata: { creationTimestamp: null, labels: { app: app-{{{i}}} } }
            spec:
              containers:
                - name: app
                  image: ghcr.io/acme/app:1.{{{i % 7}}}.0
                  imagePullPolicy: IfNotPresent
                  ports: [ { containerPort: 8080, name: http, protocol: TCP } ]
                  resources: { limits: { memory: 256Mi }, requests: { cpu: 100m, memory: 128Mi } }
                  terminationMessagePath: /dev/termination-log
                  terminationMessagePolicy: File
              dnsPolicy: ClusterFirst
              restartPolicy: Always
              schedulerName: default-scheduler
              securityContext: {}
              terminationGracePeriodSeconds: 30
        status:
          availableReplicas: 2
          observedGeneration: 3
          readyReplicas: 2
          replicas: 2
          updatedReplicas: 2
          conditions:
            - { type: Available, status: "True", reason: MinimumReplicasAvailable, message: Deployment has minimum availability., lastTransitionTime: "2026-11-20T10:01:00Z", lastUpdateTime: "2026-11-20T10:01:00Z" }
            - { type: Progressing, status: "True", reason: NewReplicaSetAvailable, message: ReplicaSet "app-{{{i}}}-5d8f7c9b4" has successfully progressed., lastTransitionTime: "2026-11-20T10:00:00Z", lastUpdateTime: "2026-11-20T10:01:00Z" }

        """;

    /// <summary>kubectl's copy of what it applied: a second copy of the object, as one long string.</summary>
    private static string LastApplied(int i) =>
        "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"annotations\":{},\"labels\":{\"app\":\"app-" + i + "\",\"team\":\"team-" + (i % 50) + "\"},\"name\":\"app-" + i
        + "\",\"namespace\":\"team-" + (i % 50) + "\"},\"spec\":{\"replicas\":2,\"selector\":{\"matchLabels\":{\"app\":\"app-" + i + "\"}},\"template\":{\"metadata\":{\"labels\":{\"app\":\"app-" + i
        + "\"}},\"spec\":{\"containers\":[{\"image\":\"ghcr.io/acme/app:1." + (i % 7) + ".0\",\"name\":\"app\",\"ports\":[{\"containerPort\":8080,\"name\":\"http\"}],"
        + "\"resources\":{\"limits\":{\"memory\":\"256Mi\"},\"requests\":{\"cpu\":\"100m\",\"memory\":\"128Mi\"}}}]}}}}";

    private static string Service(int i) =>
        $"apiVersion: v1\nkind: Service\nmetadata:\n  name: svc-{i}\n  namespace: team-{i % 50}\n  uid: u{i}\n  resourceVersion: \"{2000 + i}\"\nspec:\n  clusterIP: 10.96.{i / 250 % 250}.{i % 250}\n  clusterIPs: [10.96.{i / 250 % 250}.{i % 250}]\n  ipFamilies: [IPv4]\n  ipFamilyPolicy: SingleStack\n  internalTrafficPolicy: Cluster\n  sessionAffinity: None\n  type: ClusterIP\n  selector:\n    app: app-{i - 1}\n  ports:\n    - port: 80\n      protocol: TCP\n      targetPort: http\nstatus:\n  loadBalancer: {{}}\n";

    private static string ConfigMap(int i) =>
        $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-{i}\n  namespace: team-{i % 50}\n  uid: u{i}\n  resourceVersion: \"{3000 + i}\"\ndata:\n  mode: fast\n  level: \"{i}\"\n";
}
