using System.Diagnostics.CodeAnalysis;
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

    /// <summary>
    /// Looks a kind up in a table keyed by <see cref="Key"/> without making the key string: every object checked asks
    /// (150,100 rendered ones at 50,000 resources), and the key was a new string for each table asked.
    /// </summary>
    internal static bool TryFind<TValue>(Dictionary<string, TValue> table, string apiVersion, string kind, [MaybeNullWhen(false)] out TValue value)
    {
        var length = apiVersion.Length + 1 + kind.Length;
        if (length > 256 || !table.TryGetAlternateLookup<ReadOnlySpan<char>>(out var lookup))
        {
            return table.TryGetValue(Key(apiVersion, kind), out value);
        }

        Span<char> key = stackalloc char[length];
        apiVersion.CopyTo(key);
        key[apiVersion.Length] = '|';
        kind.CopyTo(key[(apiVersion.Length + 1)..]);
        return lookup.TryGetValue(key, out value);
    }
}
