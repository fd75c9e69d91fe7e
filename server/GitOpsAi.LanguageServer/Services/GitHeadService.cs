using GitOpsAi.Cluster;
using GitOpsAi.LanguageServer.Framework;

namespace GitOpsAi.LanguageServer.Services;

/// <summary>
/// Keeps the immutable-field check against Git HEAD current without polling: when HEAD or a ref of a repository moves
/// (a commit, a checkout, a pull; <see cref="GitHeadReader"/> watches for it), the open documents in that repository are
/// re-checked when typing pauses, and published only if their findings changed.
/// </summary>
internal sealed class GitHeadService
{
    private static readonly StringComparison PathComparison = OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;

    private readonly DocumentStore _documents;
    private readonly DiagnosticsService _diagnostics;
    private readonly ServerLog _log;

    public GitHeadService(GitHeadReader head, DocumentStore documents, DiagnosticsService diagnostics, ServerLog log)
    {
        _documents = documents;
        _diagnostics = diagnostics;
        _log = log;
        head.HeadChanged += OnHeadChanged;
    }

    private void OnHeadChanged(string root)
    {
        var prefix = root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar;
        var affected = _documents.All.Where(d => d.Path.StartsWith(prefix, PathComparison)).ToList();
        if (affected.Count == 0)
        {
            return;
        }

        _log.Trace($"Git HEAD moved in {root}: re-checking {affected.Count} open document(s)");
        foreach (var document in affected)
        {
            _diagnostics.ScheduleDependant(document.Uri, quiet: true);
        }
    }
}
