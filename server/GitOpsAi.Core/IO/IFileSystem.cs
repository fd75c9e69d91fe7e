namespace GitOpsAi.Core.IO;

/// <summary>
/// The file access the core needs. The CLI uses the disk; the language server layers open (unsaved) documents on top;
/// tests use memory. Paths are absolute.
/// </summary>
public interface IFileSystem
{
    bool FileExists(string path);

    bool DirectoryExists(string path);

    /// <summary>Reads a file; throws <see cref="IOException"/> or <see cref="UnauthorizedAccessException"/> when it cannot.</summary>
    byte[] ReadAllBytes(string path);

    IEnumerable<string> EnumerateFiles(string directory);

    IEnumerable<string> EnumerateDirectories(string directory);
}

/// <summary>The real disk. Directory symlinks are not followed, so a link loop cannot trap the walk.</summary>
public sealed class PhysicalFileSystem : IFileSystem
{
    public static PhysicalFileSystem Instance { get; } = new();

    public bool FileExists(string path) => File.Exists(path);

    public bool DirectoryExists(string path) => Directory.Exists(path);

    public byte[] ReadAllBytes(string path) => File.ReadAllBytes(path);

    public IEnumerable<string> EnumerateFiles(string directory)
    {
        try
        {
            return Directory.EnumerateFiles(directory).ToList();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    public IEnumerable<string> EnumerateDirectories(string directory)
    {
        try
        {
            return new DirectoryInfo(directory).EnumerateDirectories()
                .Where(d => !d.Attributes.HasFlag(FileAttributes.ReparsePoint))
                .Select(d => d.FullName)
                .ToList();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
