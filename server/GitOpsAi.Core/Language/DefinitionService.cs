using GitOpsAi.Core.Manifests;
using GitOpsAi.Core.Rules.Templates;
using GitOpsAi.Core.Text;
using GitOpsAi.Core.Workspace;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Language;

public sealed record DefinitionTarget(string Path, TextSpan Span);

/// <summary>
/// Go to definition: kustomization entries and Flux spec.path to the files they name; Flux sourceRef and dependsOn,
/// configMapRef/secretRef/serviceAccountName/claimName and friends to the object in the repository, when it is there.
/// </summary>
public static class DefinitionService
{
    /// <summary>Reference fields that name an object of a fixed kind by a "name" (or other) key.</summary>
    private static readonly Dictionary<string, string> NamedReferences = new(StringComparer.Ordinal)
    {
        ["configMapRef"] = "ConfigMap",
        ["configMapKeyRef"] = "ConfigMap",
        ["configMap"] = "ConfigMap",
        ["secretRef"] = "Secret",
        ["secretKeyRef"] = "Secret",
        ["imagePullSecrets"] = "Secret",
        ["certSecretRef"] = "Secret",
    };

    private static readonly Dictionary<string, string> ScalarReferences = new(StringComparer.Ordinal)
    {
        ["serviceAccountName"] = "ServiceAccount",
        ["claimName"] = "PersistentVolumeClaim",
        ["secretName"] = "Secret",
        ["priorityClassName"] = "PriorityClass",
        ["storageClassName"] = "StorageClass",
    };

    public static IReadOnlyList<DefinitionTarget> Find(WorkspaceSnapshot workspace, WorkspaceFile file, int offset)
    {
        foreach (var reference in workspace.Structure.References)
        {
            if (reference.FromPath == file.Path && reference.Span.ContainsOrTouches(offset))
            {
                return PathTarget(workspace, reference) is { } target ? [target] : [];
            }
        }

        var manifest = file.Manifests.FirstOrDefault(m => m.Root.Span.ContainsOrTouches(offset));
        if (manifest is null || YamlNodeLocator.Find(manifest.Root, offset) is not { Pair: { } pair } located)
        {
            return [];
        }

        var path = located.Path;
        var owner = located.Owner;
        if (owner is null)
        {
            return [];
        }

        var parentKey = path.Count >= 2 ? path[^2] : null;
        var grandparentKey = path.Count >= 3 ? path[^3] : null;
        var key = pair.KeyText;

        // sourceRef / scaleTargetRef / roleRef: { kind, name, namespace? }
        if (parentKey is "sourceRef" or "scaleTargetRef" or "roleRef" or "targetRef" && owner.GetString("kind") is { } refKind && owner.GetString("name") is { } refName)
        {
            return Objects(workspace, refKind, refName, owner.GetString("namespace") ?? manifest.Namespace);
        }

        // dependsOn: [{ name, namespace? }] names objects of the same kind.
        if (grandparentKey == "dependsOn" && key is "name" or "namespace" && owner.GetString("name") is { } dependency && manifest.Kind is { } ownKind)
        {
            return Objects(workspace, ownKind, dependency, owner.GetString("namespace") ?? manifest.Namespace);
        }

        if (key == "name" && owner.GetString("name") is { } referenced)
        {
            var referenceKey = parentKey == "[]" ? grandparentKey : parentKey;
            if (referenceKey is not null && NamedReferences.TryGetValue(referenceKey, out var kind))
            {
                return Objects(workspace, kind, referenced, manifest.Namespace);
            }

            if (referenceKey == "valuesFrom" && owner.GetString("kind") is { } valuesKind)
            {
                return Objects(workspace, valuesKind, referenced, manifest.Namespace);
            }
        }

        if (key is not null && ScalarReferences.TryGetValue(key, out var scalarKind) && pair.Value is YamlScalar { IsNull: false } scalar)
        {
            return Objects(workspace, scalarKind, scalar.Value, manifest.Namespace);
        }

        return [];
    }

    /// <summary>Objects of a kind and name; a Secret may also come from a SealedSecret, ExternalSecret or Certificate (see <see cref="ObjectLookup"/>).</summary>
    private static IReadOnlyList<DefinitionTarget> Objects(WorkspaceSnapshot workspace, string kind, string name, string? @namespace)
    {
        var candidates = ObjectLookup.Find(workspace, kind, name);
        if (candidates.Count == 0)
        {
            // Not written anywhere as an object: a configMapGenerator/secretGenerator entry, or a rendered name (with
            // prefix or content hash), leads to the line that made it.
            return Kustomize.RenderedDefinitions.Find(workspace, kind, name);
        }

        var sameNamespace = candidates.Where(o => WorkspaceObjects.SameNamespace(o.Manifest.Namespace, @namespace)).ToList();
        return (sameNamespace.Count > 0 ? sameNamespace : candidates)
            .Select(o => new DefinitionTarget(o.File.Path, o.Manifest.Metadata?["name"]?.Span ?? o.Manifest.Root.Span))
            .ToList();
    }

    private static DefinitionTarget? PathTarget(WorkspaceSnapshot workspace, PathReference reference)
    {
        if (!reference.TargetIsDirectory)
        {
            return new DefinitionTarget(reference.TargetPath, new TextSpan(0, 0));
        }

        // A directory: its kustomization if it has one, else its first YAML file.
        var prefix = reference.TargetPath.TrimEnd('/') + "/";
        var inside = workspace.Files.Keys.Where(p => p.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        var target = inside.FirstOrDefault(p => ManifestReader.IsKustomizationFileName(p) && Path.GetDirectoryName(p) == reference.TargetPath) ?? inside.FirstOrDefault();
        return target is null ? null : new DefinitionTarget(target, new TextSpan(0, 0));
    }
}
