using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Schemas;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Tests.Schemas;

/// <summary>
/// Each thread validates with one validator, taken by a validation and given back when it ends: a valid object then costs
/// no allocation at all, and what one validation saw (anchors already visited) never hides a finding of the next.
/// </summary>
public sealed class SchemaValidatorReuseTests
{
    private const string Valid =
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  labels:\n    app: web\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.0\n          ports:\n            - containerPort: 8080\n          resources:\n            requests:\n              cpu: 50m\n              memory: 64Mi\n";

    private static readonly SchemaNode DeploymentSchema = SchemaRegistry.Default.Find("apps/v1", "Deployment")!.Root;

    private static YamlMapping Parse(string text) => YamlParser.Parse(text).Documents[0].RootMapping!;

    [Test]
    public void Validating_a_valid_object_on_a_thread_that_validated_before_allocates_nothing()
    {
        var root = Parse(Valid);
        var output = new List<Diagnostic>();
        SchemaValidator.Validate(root, DeploymentSchema, SchemaValidationOptions.Default, output);

        const int Count = 1_000;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Count; i++)
        {
            SchemaValidator.Validate(root, DeploymentSchema, SchemaValidationOptions.Default, output);
        }

        Assert.That(output, Is.Empty);
        Assert.That((GC.GetAllocatedBytesForCurrentThread() - before) / Count, Is.Zero); // whole bytes: a one-off allocation of the runtime is not a validation's
    }

    [Test]
    public void An_anchored_value_visited_by_one_validation_is_checked_again_by_the_next()
    {
        // The anchored mapping is checked once per validation (its findings are at its own text): the second validation of
        // the same tree must report it again, not take it for visited.
        var root = Parse("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: &labels\n      app: web\n  template:\n    metadata:\n      labels: *labels\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.0\n          resources: &resources\n            requests:\n              cpu: lots\n");
        var first = new List<Diagnostic>();
        var second = new List<Diagnostic>();

        SchemaValidator.Validate(root, DeploymentSchema, SchemaValidationOptions.Default, first);
        SchemaValidator.Validate(root, DeploymentSchema, SchemaValidationOptions.Default, second);

        Assert.That(first.Select(d => d.Message), Has.Some.Contains("'lots'"), string.Join("\n", first.Select(d => d.Message)));
        Assert.That(second.Select(d => d.Message), Is.EqualTo(first.Select(d => d.Message)));
    }
}
