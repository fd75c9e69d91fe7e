using GitOpsAi.Core.Drift;
using GitOpsAi.LanguageServer.Conversion;
using GitOpsAi.LanguageServer.Protocol;
using GitOpsAi.LanguageServer.Services;

namespace GitOpsAi.LanguageServer.Handlers.Drift;

/// <summary>One lens per object while a cluster is connected: "in sync", "3 fields drifted, score 82", "not in cluster".</summary>
internal static class DriftLenses
{
    public static IEnumerable<Protocol.CodeLens> For(ServerContext server, string uri, CancellationToken cancellationToken)
    {
        if (server.Resolve(uri) is not { } document || server.Cluster.DriftFor(document.Workspace, document.File) is not { } drift)
        {
            return [];
        }

        var report = drift.ReportFor(document.Workspace, cancellationToken);
        return DriftPresentation.CodeLenses(report, document.File.Path)
            .Select(l => new Protocol.CodeLens(document.Source.ToRange(l.Span), new Command(l.Title, string.Empty, null)))
            .ToList();
    }
}
