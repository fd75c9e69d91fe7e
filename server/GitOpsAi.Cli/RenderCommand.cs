using System.CommandLine;
using GitOpsAi.Core.IO;
using GitOpsAi.Core.Kustomize;

namespace GitOpsAi.Cli;

/// <summary>
/// <c>gitops-ai render &lt;kustomization folder | Flux Kustomization file&gt; [--provenance]</c>: the objects the cluster
/// gets, in kubectl kustomize's order and naming. Exit 0, 1 when the build has errors (on stderr as
/// <c>path:line:col: error code: message</c>), 2 for usage and I/O errors.
/// </summary>
internal static class RenderCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var target = new Argument<string>("path") { Description = "A folder holding a kustomization.yaml, or a file holding a Flux Kustomization." };
        var provenance = new Option<bool>("--provenance") { Description = "End each line with '# path:line' (relative to the repository root), the source that set it." };
        var repositoryRoot = new Option<string?>("--repository-root") { Description = "The repository root nothing may leave (default: the folder holding .git above the path, else the current folder)." };
        var restrictor = new Option<string>("--load-restrictor") { Description = "LoadRestrictionsRootOnly (kustomize's default) or LoadRestrictionsNone (anything in the repository, as Flux).", DefaultValueFactory = _ => "LoadRestrictionsRootOnly" };
        restrictor.AcceptOnlyFromAmong("LoadRestrictionsRootOnly", "LoadRestrictionsNone");
        var command = new Command("render", "Render a kustomization folder or a Flux Kustomization as kubectl kustomize / kustomize-controller would.") { target, provenance, repositoryRoot, restrictor };
        command.SetAction(parseResult => Run(
            stdout,
            stderr,
            Path.GetFullPath(parseResult.GetValue(target)!),
            parseResult.GetValue(provenance),
            parseResult.GetValue(repositoryRoot),
            parseResult.GetValue(restrictor) == "LoadRestrictionsNone" ? LoadRestriction.RepositoryRoot : LoadRestriction.RootOnly));
        return command;
    }

    private static int Run(TextWriter stdout, TextWriter stderr, string path, bool provenance, string? rootOption, LoadRestriction restriction)
    {
        var isFile = File.Exists(path);
        if (!isFile && !Directory.Exists(path))
        {
            stderr.WriteLine($"gitops-ai: '{path}' does not exist.");
            return CliApplication.ExitUsageOrIo;
        }

        var root = rootOption is not null ? Path.GetFullPath(rootOption) : FindRepositoryRoot(path);
        if (!RepositoryPaths.IsInside(root, path))
        {
            stderr.WriteLine($"gitops-ai: '{path}' is outside the repository root '{root}'.");
            return CliApplication.ExitUsageOrIo;
        }

        var result = RenderService.Render(new KustomizeRenderer(root, PhysicalFileSystem.Instance), path, !isFile, restriction);
        if (result is null)
        {
            stderr.WriteLine($"gitops-ai: '{path}' is neither a kustomization nor a file holding a Flux Kustomization (kustomize.toolkit.fluxcd.io).");
            return CliApplication.ExitUsageOrIo;
        }

        foreach (var problem in result.Diagnostics)
        {
            var shown = (RepositoryPaths.IsInside(Directory.GetCurrentDirectory(), problem.Path) ? Path.GetRelativePath(Directory.GetCurrentDirectory(), problem.Path) : problem.Path).Replace('\\', '/');
            stderr.WriteLine(RenderService.Describe(problem, result.SourceOf, shown));
        }

        stdout.Write(RenderWriter.Write(result.Objects, provenance ? root : null, result.SourceOf));
        return result.HasErrors ? CliApplication.ExitFindings : CliApplication.ExitOk;
    }

    /// <summary>The nearest folder above <paramref name="path"/> holding .git; else the current folder when it holds the path; else the path's own folder.</summary>
    private static string FindRepositoryRoot(string path)
    {
        var start = File.Exists(path) ? Path.GetDirectoryName(path)! : path;
        for (var directory = start; directory is not null; directory = Path.GetDirectoryName(directory))
        {
            if (Directory.Exists(Path.Combine(directory, ".git")) || File.Exists(Path.Combine(directory, ".git")))
            {
                return directory;
            }
        }

        var current = Directory.GetCurrentDirectory();
        return RepositoryPaths.IsInside(current, start) ? current : start;
    }
}
