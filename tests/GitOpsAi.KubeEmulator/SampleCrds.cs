namespace GitOpsAi.KubeEmulator;

/// <summary>CRDs a cluster may serve that differ from the bundled schemas, for the tests of every client (CLI, language server).</summary>
public static class SampleCrds
{
    /// <summary>Flux's Kustomization CRD as a vendor patched it: <c>deletionPolicy</c> also allows <c>Keep</c>, which the bundled schema refuses.</summary>
    public const string FluxKustomizationAllowingKeep = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: { name: kustomizations.kustomize.toolkit.fluxcd.io }
        spec:
          group: kustomize.toolkit.fluxcd.io
          scope: Namespaced
          names: { kind: Kustomization, plural: kustomizations, singular: kustomization, listKind: KustomizationList }
          versions:
            - name: v1
              served: true
              storage: true
              schema:
                openAPIV3Schema:
                  type: object
                  properties:
                    spec:
                      type: object
                      x-kubernetes-preserve-unknown-fields: true
                      properties:
                        deletionPolicy: { type: string, enum: [MirrorPrune, Delete, WaitForTermination, Orphan, Keep] }
        """;
}
