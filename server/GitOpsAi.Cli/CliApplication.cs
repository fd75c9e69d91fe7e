using System.CommandLine;

namespace GitOpsAi.Cli;

/// <summary>The <c>gitops-ai</c> command line: parses arguments and dispatches to a command.</summary>
public static class CliApplication
{
    public const int ExitOk = 0;
    public const int ExitFindings = 1;
    public const int ExitUsageOrIo = 2;

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default)
    {
        var root = new RootCommand("GitOpsAi: schema, structure and policy checks for GitOps repositories (Flux, Argo CD, Kustomize).");
        root.Subcommands.Add(CheckCommand.Create(stdout, stderr));
        root.Subcommands.Add(RulesCommand.Create(stdout));
        root.Subcommands.Add(GenerateCommand.Create(stdout, stderr));
        root.Subcommands.Add(RenderCommand.Create(stdout, stderr));

        var parseResult = root.Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            foreach (var error in parseResult.Errors)
            {
                await stderr.WriteLineAsync($"gitops-ai: {Reporting.TerminalText.Escape(error.Message)}");
            }

            await stderr.WriteLineAsync("Run 'gitops-ai --help' for usage.");
            return ExitUsageOrIo;
        }

        var configuration = new InvocationConfiguration { Output = stdout, Error = stderr };
        return await parseResult.InvokeAsync(configuration, cancellationToken);
    }
}
