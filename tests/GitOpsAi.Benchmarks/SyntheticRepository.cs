using System.Text;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Benchmarks;

/// <summary>
/// A generated repository of N resources (Deployment, Service, ConfigMap, Flux Kustomization in turn, as in
/// ../shared/lspbench), spread over files of 10 resources each, held in memory.
/// </summary>
public static class SyntheticRepository
{
    public const string Root = "/synthetic";

    public static IReadOnlyList<(string Path, string Text)> Generate(int resources, int resourcesPerFile = 10)
    {
        var files = new List<(string, string)>();
        var text = new StringBuilder();
        for (var i = 0; i < resources; i++)
        {
            if (text.Length > 0)
            {
                text.Append("---\n");
            }

            text.Append((i % 4) switch
            {
                0 => Deployment(i),
                1 => Service(i),
                2 => ConfigMap(i),
                _ => FluxKustomization(i),
            });

            if ((i + 1) % resourcesPerFile == 0 || i == resources - 1)
            {
                files.Add(($"{Root}/apps/team-{files.Count % 50}/app-{files.Count}.yaml", text.ToString()));
                text.Clear();
            }
        }

        return files;
    }

    public static WorkspaceSnapshot Parse(IReadOnlyList<(string Path, string Text)> files)
    {
        var parsed = new WorkspaceFile[files.Count];
        Parallel.For(0, files.Count, i => parsed[i] = WorkspaceFile.FromText(files[i].Path, Root, files[i].Text));
        return WorkspaceLoader.Create(Root, parsed, new GitOpsAi.Core.IO.PhysicalFileSystem());
    }

    private static string Deployment(int i) => $"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: app-{i}
          namespace: team-{i % 7}
          labels:
            app.kubernetes.io/name: app-{i}
            app.kubernetes.io/part-of: shop
        spec:
          replicas: {i % 5 + 1}
          selector:
            matchLabels:
              app.kubernetes.io/name: app-{i}
          template:
            metadata:
              labels:
                app.kubernetes.io/name: app-{i}
            spec:
              containers:
                - name: main
                  image: registry.example.com/shop/app-{i}:1.{i % 10}.0
                  ports:
                    - containerPort: 8080
                      name: http
                  env:
                    - name: LOG_LEVEL
                      value: info
                  resources:
                    requests:
                      cpu: 100m
                      memory: 128Mi
                    limits:
                      memory: 256Mi

        """;

    private static string Service(int i) => $"""
        apiVersion: v1
        kind: Service
        metadata:
          name: app-{i}
          namespace: team-{i % 7}
        spec:
          selector:
            app.kubernetes.io/name: app-{i}
          ports:
            - name: http
              port: 80
              targetPort: http

        """;

    private static string ConfigMap(int i) => $"""
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: app-{i}-config
          namespace: team-{i % 7}
        data:
          feature.flags: "a,b,c"
          timeout: "30s"

        """;

    private static string FluxKustomization(int i) => $"""
        apiVersion: kustomize.toolkit.fluxcd.io/v1
        kind: Kustomization
        metadata:
          name: app-{i}
          namespace: flux-system
        spec:
          interval: 10m
          path: ./apps/app-{i}
          prune: true
          sourceRef:
            kind: GitRepository
            name: team-source

        """;
}
