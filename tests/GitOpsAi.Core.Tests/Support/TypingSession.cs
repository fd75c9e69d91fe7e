using GitOpsAi.Core.Analysis;
using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Tests.Support;

/// <summary>
/// A repository of two files, policies and objects, in which the objects' file is typed in as an editor does (each
/// snapshot derived from the one before), with its findings after each edit and those of a fresh analysis to compare.
/// </summary>
internal sealed class TypingSession
{
    private const string Root = InMemoryFileSystem.Root;
    private readonly Analyzer _analyzer = new();
    private readonly Dictionary<string, string> _texts = [];
    private readonly string _typedPath;
    private WorkspaceSnapshot _workspace;

    public TypingSession(string policiesPath, string policies, string typedPath, string objects)
    {
        _typedPath = typedPath;
        _texts[policiesPath] = policies;
        _texts[typedPath] = objects;
        _workspace = Load();
        Findings = Analyze();
    }

    public IReadOnlyList<Diagnostic> Findings { get; private set; }

    public void Edit(string objects)
    {
        _texts[_typedPath] = objects;
        _workspace = _workspace.WithFile(_typedPath, WorkspaceFile.FromText(_typedPath, Root, objects, _workspace.GetFile(_typedPath)));
        Findings = Analyze();
    }

    /// <summary>The typed file's findings in a snapshot made from scratch of the same texts, by a new analyzer.</summary>
    public IReadOnlyList<Diagnostic> Fresh()
    {
        var fresh = Load();
        return new Analyzer().Analyze(fresh, fresh.GetFile(_typedPath)!).Diagnostics;
    }

    private IReadOnlyList<Diagnostic> Analyze() => _analyzer.Analyze(_workspace, _workspace.GetFile(_typedPath)!).Diagnostics;

    private WorkspaceSnapshot Load() =>
        WorkspaceLoader.Create(Root, _texts.Select(t => WorkspaceFile.FromText(t.Key, Root, t.Value)).ToList(), new InMemoryFileSystem());
}
