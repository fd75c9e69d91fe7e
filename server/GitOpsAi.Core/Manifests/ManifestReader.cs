using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Manifests;

/// <summary>Finds the Kubernetes objects in a parsed YAML file.</summary>
public static class ManifestReader
{
    public static IReadOnlyList<Manifest> Read(YamlFile file, string path)
    {
        // The file name as a span, tested twice without a string: read for each of the 150,000 rendered objects of the
        // 50,000-resource check, the two names made were 1.7 % of its CPU (issue 13).
        var name = Path.GetFileName(path.AsSpan());
        if (file.IsHelmTemplate || IsHelmChartMetadataName(name))
        {
            return [];
        }

        var implied = IsKustomizationName(name);

        // An array at most the documents' size, read by index: a list and a boxed enumerator per file were 9 MB of the 50k
        // check (a file per rendered object).
        var documents = file.Documents;
        var manifests = documents.Count == 0 ? [] : new Manifest[documents.Count];
        var count = 0;
        for (var i = 0; i < documents.Count; i++)
        {
            var document = documents[i];
            if (!document.IsAnalyzable || document.Root is not YamlMapping root)
            {
                continue;
            }

            var hasIdentity = root.GetPair("apiVersion") is not null || root.GetPair("kind") is not null;
            if (implied && root.GetPair("apiVersion") is null)
            {
                // kustomize fills in what a kustomization file leaves out: the apiVersion, and the kind too.
                var kind = root.GetString("kind") ?? "Kustomization";
                manifests[count++] = new Manifest(document, root, kind == "Component" ? "kustomize.config.k8s.io/v1alpha1" : "kustomize.config.k8s.io/v1beta1", kind);
            }
            else if (hasIdentity)
            {
                manifests[count++] = new Manifest(document, root);
            }
        }

        return count == manifests.Length ? manifests : count == 0 ? [] : manifests[..count];
    }

    /// <summary>Helm's Chart.yaml has an apiVersion (v1/v2) but describes a chart, not a Kubernetes object.</summary>
    public static bool IsHelmChartMetadata(string path) => IsHelmChartMetadataName(Path.GetFileName(path.AsSpan()));

    private static bool IsHelmChartMetadataName(ReadOnlySpan<char> name) => name is "Chart.yaml" or "Chart.yml" or "Chart.lock";

    /// <summary>The file names kustomize looks for in a directory, in its order of preference.</summary>
    public static IReadOnlyList<string> KustomizationFileNames { get; } = ["kustomization.yaml", "kustomization.yml", "Kustomization"];

    public static bool IsKustomizationFileName(string path) => IsKustomizationName(Path.GetFileName(path.AsSpan()));

    /// <summary>Whether a file name is one of <see cref="KustomizationFileNames"/>, compared without a string made.</summary>
    private static bool IsKustomizationName(ReadOnlySpan<char> name)
    {
        var names = KustomizationFileNames;
        for (var i = 0; i < names.Count; i++)
        {
            if (name.SequenceEqual(names[i]))
            {
                return true;
            }
        }

        return false;
    }
}
