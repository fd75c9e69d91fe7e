using GitOpsAi.Core.Analysis;
using GitOpsAi.Core.Drift;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Tests.Drift;

/// <summary>Runs drift detection over in-memory repository files and a live state written as YAML (as kubectl prints it).</summary>
internal static class DriftTestKit
{
    public static readonly DateTimeOffset Now = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    /// <summary>An ISO time <paramref name="days"/> days before <see cref="Now"/>, for managedFields entries.</summary>
    public static string DaysAgo(double days) => Now.AddDays(-days).ToString("yyyy-MM-ddTHH:mm:ssZ");

    public static InMemoryLiveState Live(string yaml, string name = "test-cluster")
    {
        var (objects, problems) = LiveSnapshotReader.Read(yaml);
        Assert.That(problems, Is.Empty, "the test's live YAML is broken");
        return new InMemoryLiveState(name, objects);
    }

    public static IReadOnlyList<Diagnostic> DriftOf(InMemoryFileSystem files, string file, ILiveState live, DriftOptions? options = null)
    {
        var workspace = WorkspaceLoader.Load(InMemoryFileSystem.Root, files);
        var analyzer = new Analyzer(AnalyzerFeatures.Core, [new DriftAnalyzer(live, (options ?? new DriftOptions()) with { Clock = () => Now })]);
        var workspaceFile = workspace.GetFile(InMemoryFileSystem.PathOf(file)) ?? throw new InvalidOperationException("no such file " + file);
        return analyzer.Analyze(workspace, workspaceFile).Diagnostics.Where(d => d.Source == DiagnosticSources.Drift).ToList();
    }

    public static IReadOnlyList<Diagnostic> DriftOf(string desired, string live, DriftOptions? options = null, string? config = null)
    {
        var files = new InMemoryFileSystem().Add("app.yaml", desired);
        if (config is not null)
        {
            files.Add(".gitops-ai/rules.yaml", config);
        }

        return DriftOf(files, "app.yaml", Live(live), options);
    }

    public static DriftReport Report(string desired, string live, string? config = null, DriftOptions? options = null)
    {
        var files = new InMemoryFileSystem().Add("app.yaml", desired);
        if (config is not null)
        {
            files.Add(".gitops-ai/rules.yaml", config);
        }

        var workspace = WorkspaceLoader.Load(InMemoryFileSystem.Root, files);
        return DriftDetector.Detect(workspace, Live(live), (options ?? new DriftOptions()) with { Clock = () => Now });
    }

    /// <summary>The Deployment the tests keep in Git.</summary>
    public const string Deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: shop
          labels:
            app: web
        spec:
          replicas: 3
          selector:
            matchLabels:
              app: web
          template:
            metadata:
              labels:
                app: web
            spec:
              containers:
                - name: web
                  image: ghcr.io/acme/web:1.4.2
                  ports:
                    - containerPort: 8080
                      name: http
                  resources:
                    requests:
                      cpu: 0.5
                      memory: 1Gi
        """;

    /// <summary>
    /// The same Deployment as kube-apiserver returns it: defaults filled in, status, server metadata and the
    /// managedFields of kustomize-controller; <paramref name="edits"/> replaces text to model a drift.
    /// </summary>
    public static string LiveDeployment(string image = "ghcr.io/acme/web:1.4.2", int replicas = 3, string extraManagers = "", string extraEnv = "", string annotations = "")
    {
        return $$"""
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              namespace: shop
              uid: 9f1c2d3e-1111-2222-3333-444455556666
              resourceVersion: "482913"
              generation: 7
              creationTimestamp: "2026-11-01T10:00:00Z"
              labels:
                app: web
                kustomize.toolkit.fluxcd.io/name: apps
                kustomize.toolkit.fluxcd.io/namespace: flux-system
              annotations:
                deployment.kubernetes.io/revision: "7"
                kubectl.kubernetes.io/last-applied-configuration: '{"apiVersion":"apps/v1"}'
            {{annotations}}
              managedFields:
                - manager: kustomize-controller
                  operation: Apply
                  apiVersion: apps/v1
                  time: "{{DaysAgo(20)}}"
                  fieldsType: FieldsV1
                  fieldsV1:
                    f:metadata:
                      f:labels:
                        f:app: {}
                        f:kustomize.toolkit.fluxcd.io/name: {}
                        f:kustomize.toolkit.fluxcd.io/namespace: {}
                    f:spec:
                      f:replicas: {}
                      f:selector: {}
                      f:template:
                        f:metadata:
                          f:labels:
                            f:app: {}
                        f:spec:
                          f:containers:
                            k:{"name":"web"}:
                              .: {}
                              f:image: {}
                              f:name: {}
                              f:ports:
                                k:{"containerPort":8080,"protocol":"TCP"}:
                                  .: {}
                                  f:containerPort: {}
                                  f:name: {}
                              f:resources:
                                f:requests:
                                  f:cpu: {}
                                  f:memory: {}
                - manager: kube-controller-manager
                  operation: Update
                  apiVersion: apps/v1
                  time: "{{DaysAgo(1)}}"
                  fieldsType: FieldsV1
                  subresource: status
                  fieldsV1:
                    f:status:
                      f:replicas: {}
            {{extraManagers}}
            spec:
              replicas: {{replicas}}
              revisionHistoryLimit: 10
              progressDeadlineSeconds: 600
              selector:
                matchLabels:
                  app: web
              strategy:
                type: RollingUpdate
                rollingUpdate:
                  maxSurge: 25%
                  maxUnavailable: 25%
              template:
                metadata:
                  creationTimestamp: null
                  labels:
                    app: web
                spec:
                  containers:
                    - name: web
                      image: {{image}}
                      imagePullPolicy: IfNotPresent
                      ports:
                        - containerPort: 8080
                          name: http
                          protocol: TCP
                      resources:
                        requests:
                          cpu: 500m
                          memory: 1024Mi
                      terminationMessagePath: /dev/termination-log
                      terminationMessagePolicy: File
            {{extraEnv}}
                  dnsPolicy: ClusterFirst
                  restartPolicy: Always
                  schedulerName: default-scheduler
                  securityContext: {}
                  terminationGracePeriodSeconds: 30
            status:
              replicas: {{replicas}}
              readyReplicas: {{replicas}}
              observedGeneration: 7
            """;
    }

    /// <summary>A managedFields entry (indented for <see cref="LiveDeployment"/>) of <paramref name="manager"/> owning fields of container web.</summary>
    public static string ManagerOwningContainerField(string manager, string field, double daysAgo, string operation = "Update")
    {
        string[] lines =
        [
            $"- manager: {manager}",
            $"  operation: {operation}",
            "  apiVersion: apps/v1",
            $"  time: \"{DaysAgo(daysAgo)}\"",
            "  fieldsType: FieldsV1",
            "  fieldsV1:",
            "    f:spec:",
            "      f:template:",
            "        f:spec:",
            "          f:containers:",
            "            k:{\"name\":\"web\"}:",
            $"              f:{field}: {{}}",
        ];
        return string.Join("\n", lines.Select(line => "    " + line));
    }

    /// <summary>A managedFields entry of <paramref name="manager"/> owning spec.replicas.</summary>
    public static string ManagerOwningReplicas(string manager, double daysAgo) => string.Join("\n", new[]
    {
        $"- manager: {manager}", "  operation: Update", "  apiVersion: apps/v1", $"  time: \"{DaysAgo(daysAgo)}\"", "  fieldsType: FieldsV1",
        "  fieldsV1:", "    f:spec:", "      f:replicas: {}",
    }.Select(line => "    " + line));
}
