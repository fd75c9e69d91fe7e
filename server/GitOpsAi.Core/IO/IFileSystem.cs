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

    /// <summary>What the path is (regular file, FIFO, device...) and where a symlink leads, without opening it.</summary>
    FileFacts Inspect(string path) => FileExists(path) ? new FileFacts(FileKind.Regular, 0) : FileFacts.Missing;

    /// <summary>The files and subfolders of a folder in one listing, or why it cannot be listed.</summary>
    DirectoryListing List(string directory) => new(EnumerateFiles(directory).ToList(), EnumerateDirectories(directory).ToList(), null);
}

/// <summary>A folder's files (anything not a folder: regular files, links, FIFOs...) and real subfolders; <paramref name="Problem"/> says why it could not be listed.</summary>
public sealed record DirectoryListing(IReadOnlyList<string> Files, IReadOnlyList<string> Directories, string? Problem);

/// <summary>The real disk. Directory symlinks are not followed, so a link loop cannot trap the walk.</summary>
public sealed class PhysicalFileSystem : IFileSystem
{
    public static PhysicalFileSystem Instance { get; } = new();

    public bool FileExists(string path) => File.Exists(path);

    public bool DirectoryExists(string path) => Directory.Exists(path);

    /// <summary>Regular files only, size-capped (see <see cref="FileInspector"/>).</summary>
    public byte[] ReadAllBytes(string path) => FileInspector.ReadRegularFile(path);

    public FileFacts Inspect(string path) => FileInspector.Inspect(path);

    public DirectoryListing List(string directory)
    {
        try
        {
            var files = new List<string>();
            var directories = new List<string>();
            foreach (var entry in new DirectoryInfo(directory).EnumerateFileSystemInfos())
            {
                if (entry is not DirectoryInfo)
                {
                    files.Add(entry.FullName);
                }
                else if (!entry.Attributes.HasFlag(FileAttributes.ReparsePoint))
                {
                    directories.Add(entry.FullName);
                }
            }

            return new DirectoryListing(files, directories, null);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            return new DirectoryListing([], [], exception is UnauthorizedAccessException ? "permission denied" : exception.Message);
        }
    }

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
