using GitOpsAi.KubeEmulator;

namespace GitOpsAi.Cluster.Tests;

/// <summary>An emulator, a kubeconfig pointing at it and helpers to wait for the cache.</summary>
internal sealed class ClusterTestKit : IAsyncDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "gitops-ai-cluster-" + Guid.NewGuid().ToString("N"));

    public ClusterTestKit()
    {
        Directory.CreateDirectory(_folder);
        Kubeconfig = Emulator.WriteKubeconfig(_folder);
    }

    public KubeApiEmulator Emulator { get; } = new();

    public string Kubeconfig { get; }

    public string Folder => _folder;

    public static ClusterCacheOptions FastOptions(params string[] namespaces) => new()
    {
        Backoff = TimeSpan.FromMilliseconds(50),
        MaxBackoff = TimeSpan.FromMilliseconds(400),
        Namespaces = namespaces,
    };

    public ClusterConnection Connect(TimeSpan? timeout = null) => ClusterConnection.Open(Kubeconfig, null, timeout ?? TimeSpan.FromSeconds(5));

    /// <summary>Polls until <paramref name="condition"/> holds (the cache works in the background), failing after 10 s.</summary>
    public static async Task Eventually(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"timed out waiting until {what}");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>Asserts the emulator never received anything but GET.</summary>
    public void AssertOnlyGets()
    {
        var methods = Emulator.Requests.Select(r => r.Method).Distinct().ToList();
        Assert.That(methods, Is.EqualTo(new[] { "GET" }), "a request other than GET reached the cluster");
    }

    public async ValueTask DisposeAsync()
    {
        await Emulator.DisposeAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    public const string Objects = """
        apiVersion: v1
        kind: List
        items:
          - apiVersion: v1
            kind: Namespace
            metadata: { name: shop, creationTimestamp: "2026-11-01T10:00:00Z" }
            spec: { finalizers: [kubernetes] }
            status: { phase: Active }
          - apiVersion: v1
            kind: Namespace
            metadata: { name: secret-team }
          - apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              namespace: shop
              generation: 4
              creationTimestamp: "2026-11-01T10:00:00Z"
              labels: { app: web, kustomize.toolkit.fluxcd.io/name: apps }
              managedFields:
                - manager: kustomize-controller
                  operation: Apply
                  apiVersion: apps/v1
                  time: "2026-11-20T10:00:00Z"
                  fieldsType: FieldsV1
                  fieldsV1: { "f:spec": { "f:replicas": {}, "f:template": { "f:spec": { "f:containers": { 'k:{"name":"web"}': { "f:image": {} } } } } } }
                - manager: kubectl-set
                  operation: Update
                  apiVersion: apps/v1
                  time: "2026-12-02T10:00:00Z"
                  fieldsType: FieldsV1
                  fieldsV1: { "f:spec": { "f:template": { "f:spec": { "f:containers": { 'k:{"name":"web"}': { "f:image": {} } } } } } }
            spec:
              replicas: 3
              revisionHistoryLimit: 10
              selector: { matchLabels: { app: web } }
              template:
                metadata: { labels: { app: web } }
                spec:
                  containers:
                    - name: web
                      image: ghcr.io/acme/web:1.4.3-hotfix
                      imagePullPolicy: IfNotPresent
                      terminationMessagePath: /dev/termination-log
                  dnsPolicy: ClusterFirst
            status: { replicas: 3, readyReplicas: 3 }
          - apiVersion: v1
            kind: ConfigMap
            metadata: { name: settings, namespace: shop }
            data: { mode: fast }
          - apiVersion: v1
            kind: ConfigMap
            metadata: { name: hidden, namespace: secret-team }
            data: { a: b }
          - apiVersion: v1
            kind: Secret
            metadata: { name: db, namespace: shop }
            type: Opaque
            data: { password: c3VwZXItc2VjcmV0LXZhbHVl }
        """;
}
