namespace GitOpsAi.Core.Manifests;

/// <summary>The halves of an apiVersion: "apps/v1" is group "apps" and version "v1"; the core group's "v1" has no group.</summary>
public static class ApiGroupVersion
{
    public static string GroupOf(string? apiVersion)
    {
        var slash = apiVersion?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        return slash < 0 ? string.Empty : apiVersion![..slash];
    }

    /// <summary><see cref="GroupOf"/> without making a string (an id compared for every object kustomize accumulates).</summary>
    public static ReadOnlySpan<char> GroupSpanOf(string? apiVersion)
    {
        var slash = apiVersion?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        return slash < 0 ? [] : apiVersion.AsSpan(0, slash);
    }

    public static string VersionOf(string? apiVersion)
    {
        var slash = apiVersion?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        return slash < 0 ? apiVersion ?? string.Empty : apiVersion![(slash + 1)..];
    }
}
