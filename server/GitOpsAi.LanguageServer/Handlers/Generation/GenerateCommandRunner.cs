using GitOpsAi.Core.Generation;
using GitOpsAi.LanguageServer.Protocol;
using GitOpsAi.LanguageServer.Services;
using StreamJsonRpc;

namespace GitOpsAi.LanguageServer.Handlers.Generation;

/// <summary>
/// The gitopsAi.generate command of workspace/executeCommand: the request (the comment on the line, or the text the client sends), through the
/// engine and the gate, then asks the client to apply the insert-only edit. Cancelling the request cancels the engine.
/// What did not pass the gate is shown, never inserted.
/// </summary>
internal sealed class GenerateCommandRunner(ServerContext server)
{
    private const int InvalidParams = -32602;

    public async Task<GenerateResult> RunAsync(ExecuteCommandParams request, CancellationToken cancellationToken)
    {
        if (request.Command != GenerationCommand.Name || GenerationCommand.Parse(request.Arguments) is not { } arguments)
        {
            throw new LocalRpcException($"Unknown command or arguments: {request.Command}.") { ErrorCode = InvalidParams };
        }

        // Context comes from the whole repository: wait (cancellably) for the folder's first indexing to finish.
        var (root, _) = server.Workspace.Locate(Services.DocumentStore.PathOf(arguments.Uri));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (server.Workspace.Roots.Contains(root) && !server.Workspace.IsIndexed(root) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }

        var document = server.Resolve(arguments.Uri) ?? throw new LocalRpcException($"No document {arguments.Uri}.") { ErrorCode = InvalidParams };
        if (server.Documents.Get(arguments.Uri) is { } open && open.Text.Text != document.Source.Text)
        {
            // The buffer is newer than its last analysis: generate against (and insert into) what the editor shows.
            var file = Core.Workspace.WorkspaceFile.FromText(document.File.Path, document.Workspace.Root, open.Text.Text);
            document = document with { File = file, Workspace = document.Workspace.WithFile(file.Path, file) };
        }

        var settings = server.Diagnostics.Settings;
        var line = Math.Clamp(arguments.Line ?? document.Source.LineCount - 1, 0, Math.Max(0, document.Source.LineCount - 1));
        var text = arguments.Request ?? GenerationRequest.FromComment(document.Source.GetLineText(line), settings.GenerationPrefix)
            ?? throw new LocalRpcException($"Line {line + 1} holds no '# {settings.GenerationPrefix}' request.") { ErrorCode = InvalidParams };

        var (engine, engineNote) = EngineSelection.Create(settings, server.Log);
        // A model can take seconds: clients that sent a workDoneToken show progress until the answer is gated. Cancelling
        // is by cancelling the request ($/cancelRequest), which cancels the engine.
        Progress(request, new System.Text.Json.Nodes.JsonObject { ["kind"] = "begin", ["title"] = "Generating manifests", ["message"] = $"{engine.Name}: {text}", ["cancellable"] = false });
        GenerationOutcome outcome;
        try
        {
            outcome = await new GenerationService(engine).GenerateAsync(new GenerationRequest(text, document.File.Path), document.Workspace, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            (engine as IDisposable)?.Dispose();
            Progress(request, new System.Text.Json.Nodes.JsonObject { ["kind"] = "end" });
        }

        if (engineNote is not null)
        {
            outcome = outcome with { Notes = [engineNote, .. outcome.Notes] };
        }

        if (!outcome.Succeeded)
        {
            var reasons = string.Join("\n", outcome.Notes.Concat(outcome.DescribeFindings().Take(10)));
            server.Client.Notify("window/showMessage", new ShowMessageParams(MessageType.Error, $"Nothing was generated: {reasons}"));
            return new GenerateResult(false, outcome.Engine, outcome.Notes, outcome.DescribeFindings().ToList());
        }

        var edit = GenerationWorkspaceEdit.Build(server, document, line, outcome);
        var applied = await server.Client.RequestAsync<ApplyWorkspaceEditResult>("workspace/applyEdit", new ApplyWorkspaceEditParams("Generate manifests", edit), cancellationToken).ConfigureAwait(false);
        return new GenerateResult(applied?.Applied == true, outcome.Engine, outcome.Notes, outcome.DescribeFindings().ToList());
    }

    private void Progress(ExecuteCommandParams request, System.Text.Json.Nodes.JsonObject value)
    {
        if (request.WorkDoneToken is { } token)
        {
            server.Client.Notify("$/progress", new ProgressParams(token.DeepClone(), value));
        }
    }
}

/// <summary>What the command reports back: whether the edit was applied, which engine answered, notes and remaining findings.</summary>
internal sealed record GenerateResult(bool Applied, string Engine, IReadOnlyList<string> Notes, IReadOnlyList<string> Findings);
