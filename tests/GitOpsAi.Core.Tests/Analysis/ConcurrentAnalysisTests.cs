using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Analysis;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Tests.Analysis;

/// <summary>
/// Per-snapshot memos (Kyverno admissions and verdicts, renders, rendered findings, object indexes) are filled from
/// many threads at once: however the threads interleave, every analysis of a snapshot must give the findings one
/// thread gives, file by file.
/// </summary>
public class ConcurrentAnalysisTests
{
    private const string Policies = """
        apiVersion: kyverno.io/v1
        kind: ClusterPolicy
        metadata:
          name: add-team
        spec:
          rules:
            - name: add-team
              match:
                any:
                  - resources:
                      kinds: [Deployment]
              mutate:
                patchStrategicMerge:
                  metadata:
                    labels:
                      team: platform
        ---
        apiVersion: kyverno.io/v1
        kind: ClusterPolicy
        metadata:
          name: rules
        spec:
          validationFailureAction: Enforce
          rules:
            - name: team-label
              match:
                any:
                  - resources:
                      kinds: [Deployment, Service]
              validate:
                message: "A team label is required."
                pattern:
                  metadata:
                    labels:
                      team: "?*"
            - name: few-replicas
              match:
                any:
                  - resources:
                      kinds: [Deployment]
              validate:
                cel:
                  expressions:
                    - expression: "!has(object.spec.replicas) || object.spec.replicas <= 1"
                      message: "At most one replica."
                    - expression: "object.spec.template.spec.containers.all(c, c.image.matches('^[a-z./-]+:[0-9.]+$'))"
                      message: "Images must be pinned to a numeric tag."
        """;

    [Test]
    public void A_snapshot_analysed_on_many_threads_at_once_gives_each_the_findings_of_one_thread()
    {
        var reference = Findings(Snapshot(), threads: 1);
        Assert.That(reference, Does.Contain("kyverno:rules/few-replicas"), "the fixture exercises Kyverno CEL");
        Assert.That(reference, Does.Contain("kyverno:rules/team-label").Or.Contain("kyverno:add-team"), "and pattern or mutate rules");

        for (var round = 0; round < 3; round++)
        {
            var snapshot = Snapshot();
            var results = new string[6];
            Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = results.Length }, i => results[i] = Findings(snapshot, threads: 4));

            Assert.That(results, Is.All.EqualTo(reference), $"round {round}");
        }
    }

    [Test]
    public void A_whole_repository_run_that_checks_roots_and_files_side_by_side_gives_each_file_its_own_analysis()
    {
        var reference = Snapshot();
        var expected = reference.Files.Values.OrderBy(f => f.Path, StringComparer.Ordinal).Select(f => new Analyzer().Analyze(reference, f)).ToList();
        Assert.That(expected.Sum(a => a.Rendered.Count), Is.GreaterThan(0), "the fixture has rendered-output findings");

        for (var round = 0; round < 3; round++)
        {
            var filesDone = new List<int>();
            var actual = new Analyzer().AnalyzeAll(Snapshot(), new SynchronousProgress(filesDone));

            Assert.That(actual.Select(a => a.Path), Is.EqualTo(expected.Select(a => a.Path)));
            for (var i = 0; i < expected.Count; i++)
            {
                Assert.That(actual[i].Diagnostics.Select(Describe), Is.EqualTo(expected[i].Diagnostics.Select(Describe)), expected[i].Path);
                Assert.That(actual[i].Rendered.Select(Describe), Is.EqualTo(expected[i].Rendered.Select(Describe)), expected[i].Path);
                Assert.That(actual[i].IsComplete, Is.True);
            }

            Assert.That(filesDone.Order(), Is.EqualTo(Enumerable.Range(1, expected.Count)), "progress counts every file once");
        }

        static string Describe(Diagnostic d) => $"{d.Span.Start}-{d.Span.End} {d.Severity} {d.Code}: {d.Message}";
    }

    private sealed class SynchronousProgress(List<int> seen) : IProgress<int>
    {
        public void Report(int value)
        {
            lock (seen)
            {
                seen.Add(value);
            }
        }
    }

    private static WorkspaceSnapshot Snapshot()
    {
        var example = Path.Combine(SharedData.RepositoryRoot, "examples", "flux-repo");
        var fileSystem = new InMemoryFileSystem().Add("policies/kyverno.yaml", Policies);
        foreach (var path in Directory.EnumerateFiles(example, "*.yaml", SearchOption.AllDirectories))
        {
            fileSystem.Add(Path.GetRelativePath(example, path).Replace('\\', '/'), File.ReadAllText(path));
        }

        return WorkspaceLoader.Load(InMemoryFileSystem.Root, fileSystem);
    }

    private static string Findings(WorkspaceSnapshot snapshot, int threads)
    {
        var analyzer = new Analyzer();
        var files = snapshot.Files.Values.OrderBy(f => f.Path, StringComparer.Ordinal).ToArray();
        var analyses = new FileAnalysis[files.Length];
        Parallel.For(0, files.Length, new ParallelOptions { MaxDegreeOfParallelism = threads }, i => analyses[i] = analyzer.Analyze(snapshot, files[i]));
        return string.Join("\n", analyses.SelectMany(a => a.Diagnostics
            .Select(d => $"{a.Path}:{d.Span.Start}-{d.Span.End} {d.Severity} {d.Code}: {d.Message}")
            .Order(StringComparer.Ordinal)));
    }
}
