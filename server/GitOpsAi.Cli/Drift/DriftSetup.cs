using GitOpsAi.Core.Analysis;
using GitOpsAi.Core.Drift;

namespace GitOpsAi.Cli.Drift;

/// <summary>
/// The drift part of <c>gitops-ai check</c>: immutable-field changes against Git HEAD always, and field drift against
/// a snapshot file when one is given. The baseline history is read from and written back to the user's cache folder.
/// </summary>
internal sealed class DriftSetup
{
    private readonly DriftHistory? _history;
    private readonly string? _historyPath;

    private DriftSetup(IReadOnlyList<IFileAnalyzer> analyzers, DriftHistory? history, string? historyPath)
    {
        Analyzers = analyzers;
        _history = history;
        _historyPath = historyPath;
    }

    public IReadOnlyList<IFileAnalyzer> Analyzers { get; }

    public static bool TryCreate(CheckRequest request, TextWriter stderr, out DriftSetup setup)
    {
        var analyzers = new List<IFileAnalyzer>();
        DriftHistory? history = null;
        string? historyPath = null;
        if (request.Snapshot is { } snapshotPath)
        {
            if (!File.Exists(snapshotPath))
            {
                stderr.WriteLine($"gitops-ai: no such snapshot file: {snapshotPath}");
                setup = new DriftSetup([], null, null);
                return false;
            }

            string text;
            try
            {
                text = File.ReadAllText(snapshotPath);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"gitops-ai: cannot read the snapshot {snapshotPath}: {exception.Message}");
                setup = new DriftSetup([], null, null);
                return false;
            }

            var (objects, problems) = LiveSnapshotReader.Read(text);
            foreach (var problem in problems)
            {
                stderr.WriteLine($"gitops-ai: {snapshotPath}:{problem.Line}: {problem.Message}");
            }

            historyPath = DriftStateFile.PathFor(request.Paths.Count > 0 ? Path.GetFullPath(request.Paths[0]) : Environment.CurrentDirectory);
            history = DriftStateFile.Load(historyPath);
            var live = new InMemoryLiveState($"the snapshot {Path.GetFileName(snapshotPath)}", objects);
            analyzers.Add(new DriftAnalyzer(live, new DriftOptions { History = history }));
        }

        analyzers.Add(new ImmutableHeadAnalyzer(new GitCliHead()));
        setup = new DriftSetup(analyzers, history, historyPath);
        return true;
    }

    public void SaveHistory(TextWriter stderr)
    {
        if (_history is not null && _historyPath is not null)
        {
            DriftStateFile.Save(_historyPath, _history, stderr);
        }
    }
}
