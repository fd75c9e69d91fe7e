namespace GitOpsAi.Core.IO;

/// <summary>
/// Looks at a path before anything opens it, and reads only regular files, at most <see cref="FileLimits.MaxFileBytes"/>:
/// a committed symlink to /dev/zero, a FIFO named x.yaml or a socket would otherwise exhaust memory or hang the reader.
/// </summary>
public static class FileInspector
{
    public static FileFacts Inspect(string path)
    {
        string? linkTarget = null;
        var info = new FileInfo(path);
        if (info.LinkTarget is not null)
        {
            try
            {
                linkTarget = PathConfinement.RealPath(path);
            }
            catch (IOException)
            {
                return new FileFacts(FileKind.Missing, 0, path); // a loop of links
            }
        }

        if (NativeFileStatus.Get(path, followLinks: true) is { } status)
        {
            return new FileFacts(status.Kind, status.Size, linkTarget);
        }

        // No native stat (Windows): Windows has no FIFOs or devices among files a repository checks out.
        info.Refresh();
        return info.Exists ? new FileFacts(FileKind.Regular, info.Length, linkTarget)
            : Directory.Exists(path) ? new FileFacts(FileKind.Directory, 0, linkTarget)
            : new FileFacts(FileKind.Missing, 0, linkTarget);
    }

    /// <summary>The bytes of a regular file; throws <see cref="NotRegularFileException"/>, <see cref="FileTooLargeException"/> or another <see cref="IOException"/>.</summary>
    public static byte[] ReadRegularFile(string path, long maxBytes = FileLimits.MaxFileBytes)
    {
        var facts = Inspect(path);
        switch (facts.Kind)
        {
            case FileKind.Missing:
                throw new FileNotFoundException($"{path} does not exist", path);
            case FileKind.Directory:
                throw new UnauthorizedAccessException($"{path} is a directory");
            case not FileKind.Regular:
                throw new NotRegularFileException(path, facts);
        }

        if (facts.Length > maxBytes)
        {
            throw new FileTooLargeException(path, maxBytes);
        }

        // The size is read again while reading: the file may grow between the look and the read.
        // Read straight into an array of the size looked at, returned as it is when the file did not change: a stream, an
        // 80 KB chunk and a copy per file were 0.2 GB of a 50,000-resource check (issue 13).
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1);
        var buffer = new byte[facts.Length];
        var length = 0;
        Span<byte> probe = stackalloc byte[1];
        while (true)
        {
            if (length == buffer.Length)
            {
                if (stream.Read(probe) == 0)
                {
                    return buffer;
                }

                if (length + 1L > maxBytes)
                {
                    throw new FileTooLargeException(path, maxBytes);
                }

                Array.Resize(ref buffer, (int)Math.Min(Math.Max(buffer.Length * 2L, 4096), maxBytes));
                buffer[length++] = probe[0];
                continue;
            }

            var read = stream.Read(buffer, length, buffer.Length - length);
            if (read == 0)
            {
                return length == buffer.Length ? buffer : buffer[..length]; // the file shrank since it was looked at
            }

            length += read;
        }
    }
}
