using GitOpsAi.Core.Manifests;
using GitOpsAi.Core.Text;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Language;

public enum SymbolKindHint
{
    Resource,
    Container,
}

public sealed record SymbolInfo(string Name, string? Detail, SymbolKindHint Kind, TextSpan Span, TextSpan SelectionSpan, IReadOnlyList<SymbolInfo> Children);

/// <summary>One symbol per object ("Deployment web"), with its containers as children.</summary>
public static class DocumentSymbolService
{
    public static IReadOnlyList<SymbolInfo> Symbols(WorkspaceFile file)
    {
        var symbols = new List<SymbolInfo>();
        foreach (var manifest in file.Manifests)
        {
            var span = manifest.Document.Root?.Span ?? manifest.Document.Span;
            var selection = (manifest.Metadata?["name"] ?? manifest.Root["kind"] ?? manifest.Root)?.Span ?? span;
            var children = new List<SymbolInfo>();
            if (manifest.PodTemplate is { } pod)
            {
                foreach (var container in pod.AllContainers)
                {
                    var containerSelection = container.Node["name"]?.Span ?? container.Node.Span;
                    var label = container.Kind switch
                    {
                        ContainerKind.InitContainer => "init container",
                        ContainerKind.EphemeralContainer => "ephemeral container",
                        _ => "container",
                    };
                    children.Add(new SymbolInfo($"{label} {container.Name ?? "(unnamed)"}", container.Image, SymbolKindHint.Container, container.Node.Span, containerSelection, []));
                }
            }

            var name = manifest.Name is null ? manifest.Kind ?? "(object)" : $"{manifest.Kind} {manifest.Name}";
            var detail = manifest.Namespace is null ? manifest.ApiVersion : $"{manifest.ApiVersion} · {manifest.Namespace}";
            symbols.Add(new SymbolInfo(name, detail, SymbolKindHint.Resource, span, Contains(span, selection) ? selection : span, children));
        }

        return symbols;
    }

    private static bool Contains(TextSpan outer, TextSpan inner) => inner.Start >= outer.Start && inner.End <= outer.End;
}
