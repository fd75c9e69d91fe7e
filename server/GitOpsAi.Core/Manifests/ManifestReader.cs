using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Manifests;

/// <summary>Finds the Kubernetes objects in a parsed YAML file.</summary>
public static class ManifestReader
{
    public static IReadOnlyList<Manifest> Read(YamlFile file, string path)
    {
        if (file.IsHelmTemplate || IsHelmChartMetadata(path))
        {
            return [];
        }

        var implied = IsKustomizationFileName(path);
        var manifests = new List<Manifest>();
        foreach (var document in file.Documents)
        {
            if (!document.IsAnalyzable || document.Root is not YamlMapping root)
            {
                continue;
            }

            var hasIdentity = root.GetPair("apiVersion") is not null || root.GetPair("kind") is not null;
            if (implied && root.GetPair("apiVersion") is null)
            {
                // kustomize fills in what a kustomization file leaves out: the apiVersion, and the kind too.
                var kind = root.GetString("kind") ?? "Kustomization";
                manifests.Add(new Manifest(document, root, kind == "Component" ? "kustomize.config.k8s.io/v1alpha1" : "kustomize.config.k8s.io/v1beta1", kind));
            }
            else if (hasIdentity)
            {
                manifests.Add(new Manifest(document, root));
            }
        }

        return manifests;
    }

    /// <summary>Helm's Chart.yaml has an apiVersion (v1/v2) but describes a chart, not a Kubernetes object.</summary>
    public static bool IsHelmChartMetadata(string path) => Path.GetFileName(path) is "Chart.yaml" or "Chart.yml" or "Chart.lock";

    /// <summary>The file names kustomize looks for in a directory, in its order of preference.</summary>
    public static IReadOnlyList<string> KustomizationFileNames { get; } = ["kustomization.yaml", "kustomization.yml", "Kustomization"];

    public static bool IsKustomizationFileName(string path) => KustomizationFileNames.Contains(Path.GetFileName(path), StringComparer.Ordinal);
}
