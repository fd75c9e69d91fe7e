using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Generation;

/// <summary>The answer to a request: YAML that passed the gate (or nothing), and why.</summary>
public sealed record GenerationOutcome(bool Succeeded, string Yaml, string Engine, IReadOnlyList<string> Notes, IReadOnlyList<Diagnostic> Findings)
{
    /// <summary>The absolute path of the file the request names ("in apps/api/hpa.yaml"), if any.</summary>
    public string? TargetFile { get; init; }

    /// <summary>The text the findings' spans refer to (the last attempt, passed or not).</summary>
    public string CheckedYaml { get; init; } = string.Empty;

    /// <summary>"line:col: severity code: message" for every finding, in the checked text.</summary>
    public IEnumerable<string> DescribeFindings() =>
        Findings.Select(f => GenerationGate.Describe(new GenerationGate.Verdict(Succeeded, CheckedYaml, Findings), f));
}

/// <summary>
/// Runs one request end to end: asks the engine (the offline generator unless another is given), gates the reply,
/// feeds the gate's findings back for at most <c>maxRepairRounds</c> repairs, and falls back to the offline engine
/// when the engine is unavailable. Only text that passed the gate is ever returned as a success.
/// </summary>
public sealed class GenerationService(IManifestEngine? engine = null, int maxRepairRounds = 2)
{
    private readonly IManifestEngine _engine = engine ?? new OfflineGenerator();

    public async Task<GenerationOutcome> GenerateAsync(GenerationRequest request, WorkspaceSnapshot workspace, CancellationToken cancellationToken = default)
    {
        var facts = RequestParser.Parse(request.Text);
        var conventions = GenerationConventionsLoader.Load(workspace);
        var context = RepositoryContext.For(workspace, request.DocumentPath, conventions.Conventions);
        var target = TargetPath(workspace, context.Directory, facts.TargetFile);
        var gatePath = target ?? Path.Combine(context.Directory, ".gitops-ai-generated.yaml");
        var notes = new List<string>();
        if (conventions.Path is { } conventionsPath && conventions.Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error) is var problems and > 0)
        {
            notes.Add($"{WorkspaceFile.RelativeTo(workspace.Root, conventionsPath)} has {problems} problem(s) (shown in that file); the rest of it applies.");
        }

        if (facts.TargetFile is not null && target is null)
        {
            notes.Add($"'{facts.TargetFile}' is outside the repository; the documents go below the request instead.");
        }

        var engine = _engine;
        var input = new EngineInput(request with { Text = GenerationRequest.StripPrefix(request.Text) }, context);
        for (var round = 0; ; round++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            EngineReply reply;
            try
            {
                reply = await engine.GenerateAsync(input, cancellationToken).ConfigureAwait(false);
            }
            catch (EngineUnavailableException unavailable) when (engine is not OfflineGenerator)
            {
                notes.Add($"The {engine.Name} engine is unavailable ({unavailable.Message}); the offline generator answered instead.");
                engine = new OfflineGenerator();
                input = input with { PreviousYaml = null, PreviousFindings = [] };
                round = -1;
                continue;
            }

            notes.AddRange(reply.Notes);
            if (reply.Unsupported)
            {
                return new GenerationOutcome(false, string.Empty, engine.Name, notes, []) { TargetFile = target };
            }

            var verdict = GenerationGate.Check(workspace, gatePath, reply.Yaml, cancellationToken);
            if (verdict.Passed)
            {
                return new GenerationOutcome(true, verdict.Yaml, engine.Name, notes, verdict.Findings) { TargetFile = target, CheckedYaml = verdict.Yaml };
            }

            var reasons = verdict.Errors.Select(e => GenerationGate.Describe(verdict, e)).ToList();
            if (reasons.Count == 0)
            {
                reasons.Add("The reply holds no Kubernetes object.");
            }

            if (engine is OfflineGenerator || round >= maxRepairRounds)
            {
                notes.Add($"The {engine.Name} engine's output did not pass the gate after {round + 1} attempt(s); nothing was written.");
                return new GenerationOutcome(false, string.Empty, engine.Name, notes, verdict.Findings) { TargetFile = target, CheckedYaml = verdict.Yaml };
            }

            input = input with { PreviousYaml = reply.Yaml, PreviousFindings = reasons };
        }
    }

    /// <summary>The absolute path of a file the request names, relative to the repository root or else the document's folder; null outside the root.</summary>
    public static string? TargetPath(WorkspaceSnapshot workspace, string directory, string? relative)
    {
        if (relative is null)
        {
            return null;
        }

        var fromRoot = Path.GetFullPath(Path.Combine(workspace.Root, relative));
        var firstSegment = relative.Replace('\\', '/').TrimStart('.', '/').Split('/')[0];
        var candidate = relative.Contains('/') && workspace.FileSystem.DirectoryExists(Path.Combine(workspace.Root, firstSegment))
            ? fromRoot
            : Path.GetFullPath(Path.Combine(directory, relative));
        var root = workspace.Root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        return candidate.StartsWith(root, StringComparison.Ordinal) ? candidate : null;
    }
}
