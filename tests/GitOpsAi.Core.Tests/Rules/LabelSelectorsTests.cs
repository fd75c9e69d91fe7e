using GitOpsAi.Core.Manifests;
using GitOpsAi.Core.Rules.Templates;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Tests.Rules;

/// <summary>
/// Selectors matched against labels read in place (a workload's pod labels, a selector's matchLabels) answer as the
/// labels' map does, without making one (issue 13: the maps were 30 MB of the 50k check's sibling-aware rules).
/// </summary>
public sealed class LabelSelectorsTests
{
    // Label maps written as YAML flow mappings: duplicate keys (the last scalar counts), null and empty values,
    // values that are not scalars, substituted values.
    private static readonly string[] Labels =
    [
        "{}",
        "{app: web}",
        "{app: web, tier: front}",
        "{app: web, app: api}",
        "{app: web, app: [api]}",
        "{app: [api], app: web}",
        "{app: ~, tier: ''}",
        "{app: {nested: web}}",
        "{app: '${APP}'}",
        "{app: web-primary, tier: back}",
    ];

    private static readonly string[] Selectors =
    [
        "{}",
        "{matchLabels: {}}",
        "{matchLabels: {app: web}}",
        "{matchLabels: {app: api}}",
        "{matchLabels: {app: web, app: api}}",
        "{matchLabels: {app: api, app: web}}",
        "{matchLabels: {app: web, app: [api]}}",
        "{matchLabels: {app: ~}}",
        "{matchLabels: {tier: ''}}",
        "{matchLabels: {app: '${APP}'}}",
        "{matchLabels: {app: web}, matchExpressions: [{key: tier, operator: In, values: [front, back]}]}",
        "{matchExpressions: [{key: tier, operator: NotIn, values: [front]}]}",
        "{matchExpressions: [{key: app, operator: Exists}]}",
        "{matchExpressions: [{key: app, operator: DoesNotExist}]}",
        "{matchExpressions: [{key: app, operator: In, values: ['${APP}']}]}",
        "{matchExpressions: [{key: app, operator: In, values: [{not: scalar}, web]}]}",
        "{matchExpressions: [{key: app, operator: Unknown}], matchLabels: {tier: front}}",
        "{matchExpressions: [not-a-mapping, {key: app, operator: In, values: [api]}]}",
    ];

    private static YamlMapping Mapping(string flow) => (YamlMapping)((YamlMapping)YamlParser.Parse($"m: {flow}\n").Documents[0].Root!)["m"]!;

    private static Manifest Workload(string labels) =>
        WorkspaceFile.FromText("/repo/web.yaml", "/repo", $"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    metadata:\n      labels: {labels}\n    spec:\n      containers: []\n").Manifests[0];

    [Test]
    public void A_selector_matches_pod_labels_read_in_place_as_it_matches_their_map()
    {
        var answers = new HashSet<bool>();
        foreach (var labels in Labels)
        {
            var workload = Workload(labels);
            Assert.That(workload.PodTemplate?.Metadata?["labels"], Is.Not.Null, labels);
            foreach (var selector in Selectors)
            {
                var mapping = Mapping(selector);
                var matches = LabelSelectors.Matches(mapping, LabelSelectors.PodLabels(workload));
                answers.Add(matches);
                Assert.That(LabelSelectors.Matches(mapping, LabelSelectors.PodLabelsInPlace(workload)), Is.EqualTo(matches), $"{selector} on {labels}");
                Assert.That(LabelSelectors.MapMatches(mapping, LabelSelectors.PodLabelsInPlace(workload)), Is.EqualTo(LabelSelectors.MapMatches(LabelSelectors.Map(mapping), LabelSelectors.PodLabels(workload))), $"{selector} as a map on {labels}");
            }
        }

        Assert.That(answers, Is.EquivalentTo(new[] { true, false }));
    }

    [Test]
    public void A_selector_with_labels_is_not_empty_whatever_the_form_of_its_match_labels()
    {
        foreach (var selector in Selectors)
        {
            var mapping = Mapping(selector);
            var expected = LabelSelectors.Map(mapping["matchLabels"]).Count == 0 && (mapping.GetSequence("matchExpressions")?.Items.Count ?? 0) == 0;
            Assert.That(LabelSelectors.IsEmpty(mapping), Is.EqualTo(expected), selector);
        }
    }

    [Test]
    public void Matching_a_selector_against_pod_labels_read_in_place_allocates_nothing()
    {
        var workload = Workload("{app: web, tier: front}");
        var selector = Mapping("{matchLabels: {app: web}, matchExpressions: [{key: tier, operator: In, values: [front, back]}]}");
        Assert.That(LabelSelectors.Matches(selector, LabelSelectors.PodLabelsInPlace(workload)), Is.True); // and compiled

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            _ = LabelSelectors.Matches(selector, LabelSelectors.PodLabelsInPlace(workload));
            _ = LabelSelectors.MapMatches(selector["matchLabels"], LabelSelectors.PodLabelsInPlace(workload));
            _ = LabelSelectors.IsEmpty(selector);
        }

        // A dictionary of the labels, one of the selector's and three delegates per match before.
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
    }
}
