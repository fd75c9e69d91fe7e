using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Schemas;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Tests.Schemas;

/// <summary>
/// A validation borrows its thread's path list and gives it back: the next validation on the thread (with or without a
/// base path) names the fields of its own object only.
/// </summary>
public sealed class SchemaValidatorPathTests
{
    private static readonly YamlMapping Deployment = YamlParser.Parse(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: many\n  selector:\n    matchLabels:\n      app: web\n  template:\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.0\n          ports:\n            - containerPort: http\n").Documents[0].RootMapping!;

    private static List<string> Messages(IEnumerable<string>? basePath = null)
    {
        var schema = SchemaRegistry.Default.Find("apps/v1", "Deployment")!;
        var output = new List<Diagnostic>();
        SchemaValidator.Validate(Deployment, schema.Root, SchemaValidationOptions.Default, output, basePath: basePath);
        return output.Select(d => d.Message).ToList();
    }

    [Test]
    public void Validations_one_after_another_on_a_thread_name_the_fields_of_their_own_object()
    {
        var first = Messages();
        var afterBasePath = Messages(["items", "[3]"]);
        var again = Messages();

        Assert.That(first, Has.Some.Contains("spec.replicas").And.Some.Contains("spec.template.spec.containers[0].ports[0].containerPort"), string.Join("\n", first));
        Assert.That(afterBasePath, Has.Some.Contains("items[3].spec.replicas"), string.Join("\n", afterBasePath));
        Assert.That(again, Is.EqualTo(first));
    }
}
