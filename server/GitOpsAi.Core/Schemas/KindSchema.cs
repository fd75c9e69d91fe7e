using GitOpsAi.Core.Manifests;
using GitOpsAi.Core.Text;

namespace GitOpsAi.Core.Schemas;

public enum SchemaOrigin
{
    /// <summary>Derived at build time from KubernetesClient's models.</summary>
    Kubernetes,

    /// <summary>One of the GitOps CRD schemas bundled in <c>schemas/crds</c>.</summary>
    Bundled,

    /// <summary>A CustomResourceDefinition found in the workspace.</summary>
    WorkspaceCrd,

    /// <summary>A file in a configured folder of extra schemas.</summary>
    ExtraFolder,

    /// <summary>A CustomResourceDefinition served by the connected cluster (it wins over the bundled schema).</summary>
    ClusterCrd,
}

/// <summary>The schema of one apiVersion/kind pair and where it came from.</summary>
public sealed record KindSchema(string ApiVersion, string Kind, SchemaNode Root, SchemaOrigin Origin)
{
    /// <summary>The file the schema came from, for workspace CRDs and extra folders (go-to-definition on a kind).</summary>
    public string? SourcePath { get; init; }

    public TextSpan? SourceSpan { get; init; }

    public string Group => ApiGroupVersion.GroupOf(ApiVersion);

    public string Version => ApiGroupVersion.VersionOf(ApiVersion);

    public static string Key(string apiVersion, string kind) => apiVersion + "|" + kind;
}
