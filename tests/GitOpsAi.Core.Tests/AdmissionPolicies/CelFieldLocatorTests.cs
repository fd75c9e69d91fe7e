using GitOpsAi.Core.AdmissionPolicies;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Tests.AdmissionPolicies;

/// <summary>
/// A finding underlines the deepest field the expression reads from the object; the paths of an expression are parsed
/// once and then walked for every object, which must find the same field as reading the expression afresh.
/// </summary>
public sealed class CelFieldLocatorTests
{
    private const string Deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          labels:
            [|app|]: web
        spec:
          template:
            spec:
              containers:
                - name: web
                  [|image|]: nginx
        """;

    private static readonly CelVariable[] Variables =
        [new("containers", new CelExpressionText("object.spec.template.spec.containers", default))];

    [TestCase("object.metadata.?labels['app'] == 'web'", 0)]
    [TestCase("object.spec.template.spec.containers[0].image.startsWith('corp/')", 1)]
    [TestCase("variables.containers.all(c, c.image != '') && object.metadata.name != ''", -1)]
    [TestCase("variables.containers[0].image != '' || object.metadata.labels.app == 'x'", -1)]
    public void The_deepest_field_read_is_found_the_same_on_every_object(string expression, int marked)
    {
        var markup = Markup.Parse(Deployment);
        var root = YamlParser.Parse(markup.Text).Documents[0].RootMapping!;
        var other = YamlParser.Parse(markup.Text.Replace("name: web\n  labels", "name: api\n  labels", StringComparison.Ordinal)).Documents[0].RootMapping!;

        var first = CelFieldLocator.Locate(expression, root, Variables);
        var again = CelFieldLocator.Locate(expression, root, Variables);
        var onOther = CelFieldLocator.Locate(expression, other, Variables);

        if (marked >= 0)
        {
            Assert.That(first, Is.EqualTo(markup.Spans[marked]));
        }
        else
        {
            // The variable reads containers (depth 4), deeper than what the expression reads itself: its key is underlined.
            Assert.That(markup.Text.Substring(first!.Value.Start, first.Value.Length), Is.EqualTo("containers"));
        }

        Assert.That(again, Is.EqualTo(first));
        Assert.That(onOther, Is.EqualTo(first));
    }
}
