using GitOpsAi.Core.Generation;
using GitOpsAi.Core.IO;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Cli;

/// <summary>Runs one generation request over a repository and reports it: YAML on stdout (or a file), reasons on stderr.</summary>
internal sealed class GenerateRunner(TextWriter stdout, TextWriter stderr)
{
    public async Task<int> RunAsync(GenerateOptions options, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(GenerationRequest.StripPrefix(options.Request)))
        {
            await stderr.WriteLineAsync("gitops-ai: the request is empty; say what to generate, e.g. \"deployment api image ghcr.io/acme/api:1.0.0\".");
            return CliApplication.ExitUsageOrIo;
        }

        var root = Path.GetFullPath(options.Repository);
        if (!Directory.Exists(root))
        {
            await stderr.WriteLineAsync($"gitops-ai: no such directory: {options.Repository}");
            return CliApplication.ExitUsageOrIo;
        }

        var outPath = options.Output is null ? null : Path.GetFullPath(options.Output);
        if (outPath is not null && File.Exists(outPath) && !options.Force)
        {
            await stderr.WriteLineAsync($"gitops-ai: {options.Output} exists; nothing was written (use --force to replace it).");
            return CliApplication.ExitUsageOrIo;
        }

        var (engine, problem) = Generation.Llm.EngineFactory.Create(options.Provider);
        if (engine is null)
        {
            await stderr.WriteLineAsync($"gitops-ai: {problem}");
            return CliApplication.ExitUsageOrIo;
        }

        var workspace = WorkspaceLoader.Load(root, PhysicalFileSystem.Instance, cancellationToken: cancellationToken);
        var document = outPath ?? root;
        var outcome = await new GenerationService(engine).GenerateAsync(new GenerationRequest(options.Request, document), workspace, cancellationToken);
        foreach (var note in outcome.Notes)
        {
            await stderr.WriteLineAsync($"note: {note}");
        }

        if (!outcome.Succeeded)
        {
            foreach (var finding in outcome.DescribeFindings())
            {
                await stderr.WriteLineAsync($"generated:{finding}");
            }

            await stderr.WriteLineAsync("gitops-ai: no generated output passed the gate; nothing was written.");
            return CliApplication.ExitFindings;
        }

        foreach (var finding in outcome.DescribeFindings())
        {
            await stderr.WriteLineAsync($"{(outPath is null ? "stdout" : options.Output)}:{finding}");
        }

        if (outPath is null)
        {
            if (outcome.TargetFile is { } target)
            {
                await stderr.WriteLineAsync($"note: the request names {Path.GetRelativePath(root, target)}; pass --out to write it there.");
            }

            await stdout.WriteAsync(outcome.Yaml);
            return CliApplication.ExitOk;
        }

        return await WriteAsync(workspace, outPath, outcome.Yaml, cancellationToken);
    }

    private async Task<int> WriteAsync(WorkspaceSnapshot workspace, string outPath, string yaml, CancellationToken cancellationToken)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(outPath)!);
            var existed = File.Exists(outPath);
            var temporary = outPath + ".gitops-ai.tmp";
            await File.WriteAllTextAsync(temporary, yaml, cancellationToken);
            File.Move(temporary, outPath, overwrite: true);
            await stderr.WriteLineAsync($"wrote {outPath}");
            if (!existed && GenerationEdits.AddToKustomization(workspace, outPath) is { } listing)
            {
                var text = await File.ReadAllTextAsync(listing.KustomizationPath, cancellationToken);
                await File.WriteAllTextAsync(listing.KustomizationPath, Core.Editing.YamlEdits.Apply(text, [listing.Edit]), cancellationToken);
                await stderr.WriteLineAsync($"listed {Path.GetFileName(outPath)} in {listing.KustomizationPath}");
            }

            return CliApplication.ExitOk;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            await stderr.WriteLineAsync($"gitops-ai: cannot write {outPath}: {exception.Message}");
            return CliApplication.ExitUsageOrIo;
        }
    }
}
