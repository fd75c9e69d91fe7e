using GitOpsAi.Core.IO;
using GitOpsAi.Core.Kustomize;

namespace GitOpsAi.Core.Tests.Kustomize;

/// <summary>
/// Hand-made overlays under <c>Kustomize/Fixtures</c>, one per group of kustomize features. Each is rendered and
/// compared with kubectl kustomize (skipped without kubectl), and its <c>--provenance</c> output is kept as a baseline
/// in <c>Fixtures/_baselines</c> (GITOPSAI_UPDATE_BASELINES=1 rewrites them).
/// </summary>
public sealed class KustomizeFixtureTests
{
    private static string FixtureRoot => Path.Combine(SharedData.RepositoryRoot, "tests", "GitOpsAi.Core.Tests", "Kustomize", "Fixtures");

    private static readonly string[] Targets =
    [
        "names/overlay", "labels/overlay", "images/overlay", "patches/overlay", "generators/overlay", "components/overlay", "crds/app",
        "references/overlay", "selectors/overlay", "ordering/base", "ordering/fifo", "ordering/custom",
        "lists/overlay", "component-order/overlay", "scope", "list-kinds", "label-selectors", "image-forms",
    ];

    public static IEnumerable<TestCaseData> Cases() =>
        Targets.Select(t => new TestCaseData(t).SetArgDisplayNames(t));

    [TestCaseSource(nameof(Cases))]
    public void The_fixture_renders_the_same_objects_in_the_same_order_as_kubectl_kustomize(string target)
    {
        KustomizeOracle.RequireKubectl();
        var folder = Path.Combine(FixtureRoot, target);
        var expected = KustomizeOracle.Build(folder);
        Assert.That(expected.Succeeded, Is.True, expected.Error);

        var result = Render(target);
        var ours = RenderWriter.Write(result.Objects);

        Assert.That(KustomizeOracle.Differences(expected.Output, ours), Is.Empty);
        Assert.That(KustomizeOracle.Objects(ours).Keys, Is.EqualTo(KustomizeOracle.Objects(expected.Output).Keys), "kubectl's order");
        Assert.That(result.HasErrors, Is.False);
    }

    [TestCaseSource(nameof(Cases))]
    public void The_fixture_provenance_baseline_matches(string target)
    {
        var result = Render(target);
        var actual = RenderWriter.Write(result.Objects, FixtureRoot, result.SourceOf);
        var baseline = Path.Combine(FixtureRoot, "_baselines", target.Replace('/', '.') + ".provenance.yaml");
        if (Environment.GetEnvironmentVariable("GITOPSAI_UPDATE_BASELINES") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(baseline)!);
            File.WriteAllText(baseline, actual);
        }

        Assert.That(File.Exists(baseline), Is.True, $"No baseline for {target}; run with GITOPSAI_UPDATE_BASELINES=1 to create it.");
        Assert.That(actual, Is.EqualTo(File.ReadAllText(baseline)), "Run with GITOPSAI_UPDATE_BASELINES=1 to accept the new output.");
    }

    private static RenderResult Render(string target) =>
        new KustomizeRenderer(FixtureRoot, PhysicalFileSystem.Instance).Render(Path.Combine(FixtureRoot, target), LoadRestriction.RepositoryRoot);
}
