namespace GitOpsAi.Core.Language;

/// <summary>Snippets for whole resources, offered in an empty document. ${n:...} are placeholders in LSP snippet syntax.</summary>
public static class ResourceSkeletons
{
    public sealed record Skeleton(string Label, string Detail, string Snippet);

    public static IReadOnlyList<Skeleton> All { get; } =
    [
        new("Deployment", "apps/v1 Deployment", """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: ${1:app}
              labels:
                app.kubernetes.io/name: ${1:app}
            spec:
              replicas: ${2:2}
              selector:
                matchLabels:
                  app.kubernetes.io/name: ${1:app}
              template:
                metadata:
                  labels:
                    app.kubernetes.io/name: ${1:app}
                spec:
                  containers:
                    - name: ${1:app}
                      image: ${3:registry.example.com/app:1.0.0}
                      ports:
                        - name: http
                          containerPort: ${4:8080}
                      resources:
                        requests:
                          cpu: 100m
                          memory: 128Mi
                        limits:
                          memory: 256Mi
            """),
        new("Service", "v1 Service", """
            apiVersion: v1
            kind: Service
            metadata:
              name: ${1:app}
            spec:
              selector:
                app.kubernetes.io/name: ${1:app}
              ports:
                - name: http
                  port: ${2:80}
                  targetPort: http
            """),
        new("ConfigMap", "v1 ConfigMap", """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: ${1:settings}
            data:
              ${2:key}: ${3:value}
            """),
        new("Flux Kustomization", "kustomize.toolkit.fluxcd.io/v1 Kustomization", """
            apiVersion: kustomize.toolkit.fluxcd.io/v1
            kind: Kustomization
            metadata:
              name: ${1:apps}
              namespace: flux-system
            spec:
              interval: ${2:10m}
              path: ${3:./apps}
              prune: true
              sourceRef:
                kind: GitRepository
                name: ${4:flux-system}
            """),
        new("Flux HelmRelease", "helm.toolkit.fluxcd.io/v2 HelmRelease", """
            apiVersion: helm.toolkit.fluxcd.io/v2
            kind: HelmRelease
            metadata:
              name: ${1:release}
              namespace: ${2:default}
            spec:
              interval: ${3:30m}
              chart:
                spec:
                  chart: ${4:chart}
                  version: "${5:1.x}"
                  sourceRef:
                    kind: HelmRepository
                    name: ${6:repository}
              values: {}
            """),
        new("Flux GitRepository", "source.toolkit.fluxcd.io/v1 GitRepository", """
            apiVersion: source.toolkit.fluxcd.io/v1
            kind: GitRepository
            metadata:
              name: ${1:repository}
              namespace: flux-system
            spec:
              interval: ${2:1m}
              url: ${3:https://github.com/example/repository}
              ref:
                branch: ${4:main}
            """),
        new("Flux HelmRepository", "source.toolkit.fluxcd.io/v1 HelmRepository", """
            apiVersion: source.toolkit.fluxcd.io/v1
            kind: HelmRepository
            metadata:
              name: ${1:charts}
              namespace: flux-system
            spec:
              interval: ${2:24h}
              url: ${3:https://charts.example.com}
            """),
        new("kustomization.yaml", "kustomize.config.k8s.io/v1beta1 Kustomization", """
            apiVersion: kustomize.config.k8s.io/v1beta1
            kind: Kustomization
            resources:
              - ${1:deployment.yaml}
            """),
    ];
}
