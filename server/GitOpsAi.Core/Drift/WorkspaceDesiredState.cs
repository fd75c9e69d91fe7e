using GitOpsAi.Core.Kustomize;
using GitOpsAi.Core.Manifests;
using GitOpsAi.Core.Rules.Templates;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Drift;

/// <summary>
/// Desired state read from the repository's plain manifests, without rendering: every object a file declares as a
/// resource (not patches, kustomizations or generator inputs), in the namespace the manifest or the kustomization/Flux
/// chain that includes it sets. Objects whose namespace cannot be told (a substituted one) are matched by name.
/// </summary>
public sealed class WorkspaceDesiredState : IDesiredStateSource
{
    public static WorkspaceDesiredState Instance { get; } = new();

    // Once per snapshot: drift asks for the objects and for the namespaces they make up.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<WorkspaceSnapshot, IReadOnlyList<DesiredObject>> Cache = new();

    public IReadOnlyList<DesiredObject> Objects(WorkspaceSnapshot workspace, CancellationToken cancellationToken = default) =>
        Cache.GetValue(workspace, w => Read(w, cancellationToken));

    public IReadOnlyList<DesiredObject> ObjectsIn(WorkspaceSnapshot workspace, WorkspaceFile file, CancellationToken cancellationToken = default)
    {
        var objects = new List<DesiredObject>();
        AddObjects(workspace, WorkspaceObjects.For(workspace), file, objects);
        return objects;
    }

    private static IReadOnlyList<DesiredObject> Read(WorkspaceSnapshot workspace, CancellationToken cancellationToken)
    {
        var placed = WorkspaceObjects.For(workspace);
        var objects = new List<DesiredObject>();
        foreach (var file in workspace.Files.Values.OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            AddObjects(workspace, placed, file, objects);
        }

        return objects;
    }

    private static void AddObjects(WorkspaceSnapshot workspace, WorkspaceObjects placed, WorkspaceFile file, List<DesiredObject> objects)
    {
        if (file.IsSkipped || workspace.Structure.RoleOf(file.Path) != FileRole.Resource)
        {
            return;
        }

        foreach (var manifest in file.Manifests)
        {
            if (IsDeployable(manifest))
            {
                var @namespace = placed.NamespaceOf(file, manifest);
                objects.Add(new DesiredObject(ObjectKey.Of(manifest.ApiVersion, manifest.Kind!, @namespace, manifest.Name!), manifest.ApiVersion, manifest.Root, file, manifest));
            }
        }
    }

    public IReadOnlyDictionary<string, DesiredObject> ManagedNamespaces(WorkspaceSnapshot workspace, CancellationToken cancellationToken = default) =>
        NamespacesOf(Objects(workspace, cancellationToken));

    /// <summary>The namespaces some objects make up, each with the object a finding about the namespace is reported at.</summary>
    internal static IReadOnlyDictionary<string, DesiredObject> NamespacesOf(IReadOnlyList<DesiredObject> objects)
    {
        // The Flux Kustomization that targets the namespace, else the Namespace object, else the first object placed there.
        var result = new Dictionary<string, DesiredObject>(StringComparer.Ordinal);
        foreach (var flux in objects.Where(o => o.Manifest.IsFluxKustomization))
        {
            if (FluxKustomizationModel.Of(flux.Manifest, flux.File.Path).PlainTargetNamespace is { } target)
            {
                result.TryAdd(target, flux);
            }
        }

        foreach (var desired in objects.Where(o => o.Key.Kind == "Namespace" && o.Key.Group.Length == 0))
        {
            result.TryAdd(desired.Key.Name, desired);
        }

        foreach (var desired in objects.Where(o => o.Key.Namespace is not null))
        {
            result.TryAdd(desired.Key.Namespace!, desired);
        }

        return result;
    }

    private static bool IsDeployable(Manifest manifest) =>
        manifest.Kind is not null && manifest.Name is not null && manifest.ApiVersion is not null
        && !manifest.IsKustomizeConfig && !manifest.IsImpliedKustomization && !manifest.Name.Contains("${", StringComparison.Ordinal)
        && !manifest.Group.StartsWith("kustomize.config.k8s.io", StringComparison.Ordinal);
}
