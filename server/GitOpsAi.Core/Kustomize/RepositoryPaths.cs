namespace GitOpsAi.Core.Kustomize;

/// <summary>
/// Resolves the paths kustomizations and Flux Kustomizations name, confined to the repository. A path that leaves the
/// repository root is refused before anything touches the host: it is never read, nor even tested for existence, so
/// the output cannot reveal which host paths exist.
/// </summary>
public static class RepositoryPaths
{
    /// <summary>The absolute path <paramref name="relative"/> names from <paramref name="directory"/>, or null when it leaves <paramref name="root"/>.</summary>
    public static string? Resolve(string root, string directory, string relative)
    {
        if (Path.IsPathRooted(relative))
        {
            return null; // kustomize refuses absolute paths outside the root too; we never look at them
        }

        var target = Path.GetFullPath(Path.Combine(directory, relative));
        return IsInside(root, target) ? target : null;
    }

    /// <summary>True when <paramref name="path"/> is <paramref name="root"/> or below it.</summary>
    public static bool IsInside(string root, string path)
    {
        var trimmedRoot = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        var full = Path.TrimEndingDirectorySeparator(path);
        return full == trimmedRoot || full.StartsWith(trimmedRoot + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }
}
