using System.CommandLine;

namespace GitOpsAi.Cli;

/// <summary>
/// <c>gitops-ai generate "&lt;request&gt;" [--repo DIR] [--provider offline|openai|azure|ollama] [--out FILE] [--force]</c>:
/// manifests from a request, printed or written only when they pass the gate.
/// </summary>
internal static class GenerateCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var request = new Argument<string>("request") { Description = "What to generate, e.g. \"redis statefulset with 10Gi storage\" (the 'gitops:' prefix is optional)." };
        var repo = new Option<string>("--repo") { Description = "The repository the manifests are for (context: namespaces, workloads, Helm repositories, conventions).", DefaultValueFactory = _ => "." };
        var provider = new Option<string>("--provider") { Description = "offline (default, no network), openai, azure or ollama (settings from GITOPS_AI_* environment variables).", DefaultValueFactory = _ => "offline" };
        provider.AcceptOnlyFromAmong("offline", "openai", "azure", "ollama");
        var output = new Option<string?>("--out", "-o") { Description = "Write the documents to this file instead of stdout (never over an existing file without --force)." };
        var force = new Option<bool>("--force") { Description = "Allow --out to replace an existing file." };
        var command = new Command("generate", "Generate manifests from a natural-language request; only output that passes schema validation and the policy set is printed.")
        {
            request, repo, provider, output, force,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var options = new GenerateOptions(
                parseResult.GetValue(request) ?? string.Empty,
                parseResult.GetValue(repo) ?? ".",
                parseResult.GetValue(provider) ?? "offline",
                parseResult.GetValue(output),
                parseResult.GetValue(force));
            return new GenerateRunner(stdout, stderr).RunAsync(options, cancellationToken);
        });
        return command;
    }
}

internal sealed record GenerateOptions(string Request, string Repository, string Provider, string? Output, bool Force);
