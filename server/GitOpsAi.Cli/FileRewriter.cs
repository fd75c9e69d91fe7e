using System.Text;

namespace GitOpsAi.Cli;

/// <summary>
/// Writes fixed text back into a file the way an editor saving it would: into the same file (the same inode), so its
/// mode, owner and hard links stay as they were, and through a symlink into its target, so the link stays a link.
/// A rewrite through a temporary file and a rename would create a new file (a 600 file becoming 644, a link becoming a
/// regular file, a hard link splitting in two). Nothing the user wrote is lost if the write fails: the original bytes
/// are kept beside the file until the new text is on disk, and written back if the write fails.
/// </summary>
internal static class FileRewriter
{
    public const string BackupSuffix = ".gitops-ai-fix.bak";

    public static void Rewrite(string path, string text)
    {
        var target = File.ResolveLinkTarget(path, returnFinalTarget: true)?.FullName ?? path;
        var original = File.ReadAllBytes(target);
        var hadBom = original.AsSpan().StartsWith(new byte[] { 0xEF, 0xBB, 0xBF });
        var encoding = new UTF8Encoding(hadBom);
        var bytes = encoding.GetPreamble().Concat(encoding.GetBytes(text)).ToArray();

        var backup = target + BackupSuffix;
        File.WriteAllBytes(backup, original);
        try
        {
            WriteInPlace(target, bytes);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            try
            {
                WriteInPlace(target, original);
            }
            catch (Exception restoreFailure) when (restoreFailure is IOException or UnauthorizedAccessException)
            {
                throw new IOException($"could not write {path} ({exception.Message}) nor restore it ({restoreFailure.Message}); its original text is in {backup}", exception);
            }

            File.Delete(backup);
            throw;
        }

        File.Delete(backup);
    }

    private static void WriteInPlace(string path, byte[] bytes)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.Read);
        stream.Write(bytes);
        stream.SetLength(bytes.Length);
        stream.Flush(flushToDisk: true);
    }
}
