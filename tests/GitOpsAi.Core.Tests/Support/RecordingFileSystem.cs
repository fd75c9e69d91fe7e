using GitOpsAi.Core.IO;

namespace GitOpsAi.Core.Tests.Support;

/// <summary>Wraps a file system and records every path asked about, to prove which host paths were never touched.</summary>
public sealed class RecordingFileSystem(IFileSystem inner) : IFileSystem
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _asked = new();

    public IReadOnlyCollection<string> Asked => _asked;

    public bool FileExists(string path) => Record(path, inner.FileExists);

    public bool DirectoryExists(string path) => Record(path, inner.DirectoryExists);

    public byte[] ReadAllBytes(string path) => Record(path, inner.ReadAllBytes);

    public IEnumerable<string> EnumerateFiles(string directory) => Record(directory, inner.EnumerateFiles);

    public IEnumerable<string> EnumerateDirectories(string directory) => Record(directory, inner.EnumerateDirectories);

    private T Record<T>(string path, Func<string, T> call)
    {
        _asked.Enqueue(path);
        return call(path);
    }
}
