using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.IO;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Config;

/// <summary>
/// Where a file named in the repository's configuration (the sealed-secrets certificate) really is: resolved with its
/// symlinks and confined to the repository, a regular file under the size limit. <see cref="Refusal"/> is set when the
/// path must not be read at all (outside the repository, a FIFO or device, too large); <see cref="Problem"/> says why
/// in words for any failure, a missing file included.
/// </summary>
internal sealed record ConfiguredFile(string? Path, DiagnosticDescriptor? Refusal, string? Problem)
{
    public static ConfiguredFile Resolve(WorkspaceSnapshot workspace, string written)
    {
        string? real;
        try
        {
            real = PathConfinement.ResolveInside(workspace.Root, written);
        }
        catch (IOException exception)
        {
            return new ConfiguredFile(null, CoreDiagnostics.NotRegularFile, $"{written} cannot be resolved ({exception.Message})");
        }

        if (real is null)
        {
            return new ConfiguredFile(null, CoreDiagnostics.OutsideRoot, $"{written} is outside the repository, so it is not read");
        }

        var facts = workspace.FileSystem.Inspect(real);
        return facts.Kind switch
        {
            FileKind.Missing => new ConfiguredFile(null, null, $"{written} does not exist"),
            FileKind.Directory => new ConfiguredFile(null, null, $"{written} is a folder, not a file"),
            FileKind.Regular when facts.Length > FileLimits.MaxFileBytes =>
                new ConfiguredFile(null, CoreDiagnostics.FileOverLimit, $"{written} is larger than {FileLimits.MaxFileBytes / (1024 * 1024)} MB, so it is not read"),
            FileKind.Regular => new ConfiguredFile(real, null, null),
            _ => new ConfiguredFile(null, CoreDiagnostics.NotRegularFile, $"{written} is {facts.KindDescription}, not a regular file, so it is not opened"),
        };
    }
}
