namespace GitOpsAi.LanguageServer.Tests;

internal static class Samples
{
    // Line 5 (0-based) holds the typo "replica".
    public const string DeploymentWithTypo = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          replica: 2
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
                  image: nginx:1.27
                  envFrom:
                    - configMapRef:
                        name: web-settings

        """;

    public const string Settings = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web-settings\ndata:\n  mode: fast\n";

    // Line 4 (0-based) lists a file that does not exist.
    public const string Kustomization = "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - deployment.yaml\n  - later.yaml\n";

    public const string FluxSync = """
        apiVersion: source.toolkit.fluxcd.io/v1
        kind: GitRepository
        metadata:
          name: platform
          namespace: flux-system
        spec:
          interval: 1m
          url: https://github.com/example/platform
          ref:
            branch: main
        ---
        apiVersion: kustomize.toolkit.fluxcd.io/v1
        kind: Kustomization
        metadata:
          name: apps
          namespace: flux-system
        spec:
          interval: 10m
          path: ./
          prune: true
          sourceRef:
            kind: GitRepository
            name: platform

        """;

    public static TempWorkspace Repository() => new TempWorkspace()
        .Write("deployment.yaml", DeploymentWithTypo)
        .Write("settings.yaml", Settings)
        .Write("kustomization.yaml", Kustomization)
        .Write("flux.yaml", FluxSync);
}
