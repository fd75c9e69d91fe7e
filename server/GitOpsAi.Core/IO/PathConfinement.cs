namespace GitOpsAi.Core.IO;

/// <summary>
/// Real paths (every symlink in every component resolved) and whether one lies inside a root. Paths taken from the
/// repository (a symlinked file, a certificate named in the configuration) must lead inside it: reading outside would
/// let a committed link show host files in a finding, and even testing for existence reveals which host paths exist.
/// </summary>
public static class PathConfinement
{
    private const int MaxLinkHops = 40;

    private static StringComparison PathComparison =>
        OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;

    /// <summary>The path with every symlink resolved, like realpath(3) but for paths that may not exist (their missing tail is kept).</summary>
    public static string RealPath(string path)
    {
        var full = Path.GetFullPath(path);
        var current = Path.GetPathRoot(full)!;
        var pending = new List<string>(Components(full));
        var hops = 0;
        for (var i = 0; i < pending.Count; i++)
        {
            var part = pending[i];
            if (part == "..")
            {
                current = Path.GetDirectoryName(current) ?? current;
                continue;
            }

            var next = Path.Combine(current, part);
            var target = new FileInfo(next).LinkTarget;
            if (target is null)
            {
                current = next;
                continue;
            }

            if (++hops > MaxLinkHops)
            {
                throw new IOException($"too many levels of symbolic links in {path}");
            }

            // Continue with the link's target followed by what was left after the link.
            var resolved = Path.GetFullPath(target, current);
            var rest = pending.Skip(i + 1).ToList();
            pending = [.. Components(resolved), .. rest];
            current = Path.GetPathRoot(resolved)!;
            i = -1;
        }

        return current;
    }

    /// <summary>Whether <paramref name="realPath"/> (already resolved) is <paramref name="realRoot"/> or lies under it.</summary>
    public static bool IsUnder(string realPath, string realRoot)
    {
        var root = Path.TrimEndingDirectorySeparator(realRoot);
        return realPath.Equals(root, PathComparison)
            || (realPath.StartsWith(root, PathComparison) && realPath.Length > root.Length
                && (realPath[root.Length] == Path.DirectorySeparatorChar || realPath[root.Length] == Path.AltDirectorySeparatorChar || root.EndsWith(Path.DirectorySeparatorChar)));
    }

    /// <summary>
    /// Resolves <paramref name="relativeOrAbsolute"/> (a path written in the repository) against the root and returns
    /// its real path when it lies inside the root, or null when it leads outside (through "..", an absolute path or a symlink).
    /// </summary>
    public static string? ResolveInside(string root, string relativeOrAbsolute)
    {
        var realRoot = RealPath(root);
        var candidate = Path.GetFullPath(relativeOrAbsolute, root);
        if (!IsUnder(candidate, root) && !IsUnder(candidate, realRoot))
        {
            return null; // refused before touching the disk: not even a readlink outside the root
        }

        var real = RealPath(candidate);
        return IsUnder(real, realRoot) ? real : null;
    }

    private static string[] Components(string fullPath) =>
        fullPath[Path.GetPathRoot(fullPath)!.Length..].Split(['/', Path.DirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries)
            .Where(c => c != ".").ToArray();
}
