namespace GitOpsAi.Core.IO;

/// <summary>What a path is on disk. Only <see cref="Regular"/> files are ever opened.</summary>
public enum FileKind
{
    Missing,
    Regular,
    Directory,
    Fifo,
    CharacterDevice,
    BlockDevice,
    Socket,
    Other,
}

/// <summary>A path's kind and size, after following symlinks; <paramref name="LinkTarget"/> is where a symlink finally leads.</summary>
public sealed record FileFacts(FileKind Kind, long Length, string? LinkTarget = null)
{
    public static FileFacts Missing { get; } = new(FileKind.Missing, 0);

    /// <summary>"a FIFO (named pipe)", for messages.</summary>
    public string KindDescription => Kind switch
    {
        FileKind.Fifo => "a FIFO (named pipe)",
        FileKind.CharacterDevice => "a character device",
        FileKind.BlockDevice => "a block device",
        FileKind.Socket => "a socket",
        FileKind.Directory => "a directory",
        FileKind.Missing => "missing",
        FileKind.Regular => "a regular file",
        _ => "not a regular file",
    };
}

/// <summary>The sizes GitOpsAi reads at most; documented in the README's "Limits".</summary>
public static class FileLimits
{
    /// <summary>A YAML file, configuration, certificate or schema larger than this is reported, not read.</summary>
    public const long MaxFileBytes = 64L * 1024 * 1024;
}

/// <summary>A file that is not a regular file (a FIFO, a device, a socket): opening it could hang or never end.</summary>
public sealed class NotRegularFileException(string path, FileFacts facts)
    : IOException($"{path} is {facts.KindDescription}, not a regular file; it was not opened")
{
    public FileFacts Facts { get; } = facts;
}

/// <summary>A file larger than <see cref="FileLimits.MaxFileBytes"/>.</summary>
public sealed class FileTooLargeException(string path, long limit)
    : IOException($"{path} is larger than {limit / (1024 * 1024)} MB; it was not read")
{
    public long Limit { get; } = limit;
}
