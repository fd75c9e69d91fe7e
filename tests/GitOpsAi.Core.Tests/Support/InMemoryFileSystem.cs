using System.Text;
using GitOpsAi.Core.IO;

namespace GitOpsAi.Core.Tests.Support;

/// <summary>A file system held in memory: paths are absolute, under a fake root.</summary>
public sealed class InMemoryFileSystem : IFileSystem
{
    private readonly Dictionary<string, byte[]> _files = new(StringComparer.Ordinal);
    private readonly HashSet<string> _unreadable = new(StringComparer.Ordinal);

    public const string Root = "/repo";

    public InMemoryFileSystem Add(string relativePath, string text) => Add(relativePath, Encoding.UTF8.GetBytes(text));

    public InMemoryFileSystem Add(string relativePath, byte[] bytes)
    {
        _files[PathOf(relativePath)] = bytes;
        return this;
    }

    public InMemoryFileSystem AddUnreadable(string relativePath)
    {
        _files[PathOf(relativePath)] = [];
        _unreadable.Add(PathOf(relativePath));
        return this;
    }

    public static string PathOf(string relativePath) => Path.GetFullPath(Path.Combine(Root, relativePath));

    public bool FileExists(string path) => _files.ContainsKey(path);

    public bool DirectoryExists(string path) => path == Root || _files.Keys.Any(f => f.StartsWith(path.TrimEnd('/') + "/", StringComparison.Ordinal));

    public byte[] ReadAllBytes(string path)
    {
        if (_unreadable.Contains(path))
        {
            throw new UnauthorizedAccessException($"Access to the path '{path}' is denied.");
        }

        return _files.TryGetValue(path, out var bytes) ? bytes : throw new FileNotFoundException("Could not find file.", path);
    }

    public IEnumerable<string> EnumerateFiles(string directory) =>
        _files.Keys.Where(f => Path.GetDirectoryName(f) == directory).ToList();

    public IEnumerable<string> EnumerateDirectories(string directory)
    {
        var prefix = directory.TrimEnd('/') + "/";
        return _files.Keys
            .Where(f => f.StartsWith(prefix, StringComparison.Ordinal))
            .Select(f => f[prefix.Length..].Split('/'))
            .Where(parts => parts.Length > 1)
            .Select(parts => prefix + parts[0])
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }
}
