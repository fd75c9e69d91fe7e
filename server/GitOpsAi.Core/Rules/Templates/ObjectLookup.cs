using System.Runtime.CompilerServices;
using GitOpsAi.Core.Manifests;
using GitOpsAi.Core.Workspace;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Rules.Templates;

/// <summary>Finding objects by kind and name, including objects that other objects generate (a Secret from a SealedSecret).</summary>
public static class ObjectLookup
{
    /// <summary>Kinds that produce a Secret, and where each keeps the produced Secret's name (falling back to metadata.name).</summary>
    public static IReadOnlyList<(string Kind, string[] NamePath, bool FallBackToName)> SecretProducers { get; } =
    [
        ("SealedSecret", ["spec", "template", "metadata", "name"], true),
        ("ExternalSecret", ["spec", "target", "name"], true),
        ("ClusterExternalSecret", ["spec", "externalSecretSpec", "target", "name"], true),
        ("Certificate", ["spec", "secretName"], false),
    ];

    /// <summary>The name of the Secret an object produces, or null when it produces none.</summary>
    public static string? ProducedSecretName(Manifest manifest)
    {
        foreach (var (kind, path, fallBack) in SecretProducers)
        {
            if (manifest.Kind == kind)
            {
                return (manifest.Root.At(path) as YamlScalar)?.Value ?? (fallBack ? manifest.Name : null);
            }
        }

        return null;
    }

    /// <summary>Objects of a kind and name in the workspace; a Secret may also come from a SealedSecret, ExternalSecret or Certificate.</summary>
    public static List<(WorkspaceFile File, Manifest Manifest)> Find(WorkspaceSnapshot workspace, string kind, string name)
    {
        var candidates = workspace.ObjectsNamed(kind, name).ToList();
        if (kind == "Secret")
        {
            candidates.AddRange(ProducedSecretsNamed(workspace, name));
        }

        return candidates;
    }

    /// <summary>The objects that produce a Secret of the name (what <see cref="Find"/> adds for a Secret).</summary>
    internal static IEnumerable<(WorkspaceFile File, Manifest Manifest)> ProducedSecretsNamed(WorkspaceSnapshot workspace, string name) =>
        ProducedSecrets.GetValue(workspace, IndexProducedSecrets)[name];

    private static readonly ConditionalWeakTable<WorkspaceSnapshot, ILookup<string, (WorkspaceFile File, Manifest Manifest)>> ProducedSecrets = new();

    private static ILookup<string, (WorkspaceFile File, Manifest Manifest)> IndexProducedSecrets(WorkspaceSnapshot workspace) =>
        SecretProducers.SelectMany(p => workspace.ObjectsOfKind(p.Kind))
            .Select(o => (Name: ProducedSecretName(o.Manifest), o.File, o.Manifest))
            .Where(o => o.Name is not null)
            .ToLookup(o => o.Name!, o => (o.File, o.Manifest), StringComparer.Ordinal);

    /// <summary>
    /// Whether the workspace defines any object of the kind (for a Secret: or anything that produces one). A rendered
    /// root's view asks the repository too: an overlay that deletes its only ConfigMap still manages ConfigMaps.
    /// </summary>
    public static bool DefinesAny(WorkspaceSnapshot workspace, string kind) =>
        workspace.HasObjectsOfKind(kind) || (kind == "Secret" && DefinesSecretProducer(workspace))
        || workspace.RenderedFrom is { } repository && DefinesAny(repository, kind);

    // A loop apart from DefinesAny: its lambda made a closure, a delegate and an enumerator for every pod's reference
    // rules, Secret or not (10 MB of the 50k check).
    private static bool DefinesSecretProducer(WorkspaceSnapshot workspace)
    {
        for (var i = 0; i < SecretProducers.Count; i++)
        {
            if (workspace.HasObjectsOfKind(SecretProducers[i].Kind))
            {
                return true;
            }
        }

        return false;
    }
}
