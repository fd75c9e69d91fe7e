namespace GitOpsAi.Core.Manifests;

/// <summary>The halves of an apiVersion: "apps/v1" is group "apps" and version "v1"; the core group's "v1" has no group.</summary>
public static class ApiGroupVersion
{
    public static string GroupOf(string? apiVersion)
    {
        var slash = apiVersion?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        return slash < 0 ? string.Empty : apiVersion![..slash];
    }

    public static string VersionOf(string? apiVersion)
    {
        var slash = apiVersion?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        return slash < 0 ? apiVersion ?? string.Empty : apiVersion![(slash + 1)..];
    }
}
