using System.Text.Json.Nodes;
using GitOpsAi.Core.Kustomize;
using GitOpsAi.LanguageServer.Protocol;
using GitOpsAi.LanguageServer.Services;

namespace GitOpsAi.LanguageServer.Handlers.Render;

/// <summary>
/// The <c>gitopsAi.render</c> command of <c>workspace/executeCommand</c> with arguments <c>[uri, provenance?]</c>: the text
/// <c>gitops-ai render</c> prints for a kustomization or Flux Kustomization file, for a read-only view. Problems come
/// first as <c># path:line:col: ...</c> comment lines. Null when the document renders nothing.
/// </summary>
internal sealed class RenderCommandRunner(ServerContext server)
{
    public const string Command = "gitopsAi.render";

    public Task<JsonNode?> RunAsync(ExecuteCommandParams request)
    {
        if (request.Command != Command || request.Arguments is not [{ ValueKind: System.Text.Json.JsonValueKind.String } uriValue, ..])
        {
            return Task.FromResult<JsonNode?>(null);
        }

        var uri = uriValue.GetString()!;
        var provenance = request.Arguments is [_, { ValueKind: System.Text.Json.JsonValueKind.True }, ..];
        var document = server.Resolve(uri);
        var rendered = document is null ? null : RenderService.RenderText(document.Workspace, document.File.Path, provenance);
        if (rendered is null)
        {
            return Task.FromResult<JsonNode?>(null);
        }

        var problems = rendered.Diagnostics.Select(d => "# " + RenderService.Describe(d, rendered.SourceOf, Path.GetRelativePath(document!.Workspace.Root, d.Path).Replace('\\', '/')) + "\n");
        return Task.FromResult<JsonNode?>(JsonValue.Create(string.Concat(problems) + rendered.Text));
    }
}
