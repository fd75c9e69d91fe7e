using System.Text.RegularExpressions;
using GitOpsAi.Core.Kustomize;

namespace GitOpsAi.Core.Tests.Kustomize;

/// <summary>
/// A patch target's plain names are compared as strings, not matched as patterns; both must agree with kustomize's
/// anchored pattern on every value, a final newline and another case included.
/// </summary>
public sealed class TargetPatternTests
{
    private static readonly string[] Patterns = ["Deployment", "app-1", "my_app", "v1", "Deploy.*", "Deployment|StatefulSet", "apps", "x", "a.b", "web-[0-9]+"];
    private static readonly string[] Values = ["Deployment", "Deployment\n", "Deployment\n\n", "deployment", "Deploymentx", "xDeployment", "", "\n", "app-1", "app-1\n", "app_1", "my_app", "StatefulSet", "v1", "v1beta1", "apps", "a.b", "axb", "web-12", "x"];

    [Test]
    public void Every_pattern_judges_every_value_as_the_anchored_regular_expression_does()
    {
        var disagreements = new List<string>();
        foreach (var pattern in Patterns)
        {
            var regex = new Regex("^(?:" + pattern + ")$", RegexOptions.CultureInvariant);
            var target = TargetPattern.Create(pattern);
            foreach (var value in Values)
            {
                if (target.IsMatch(value) != regex.IsMatch(value))
                {
                    disagreements.Add($"{pattern} on {value.Replace("\n", "\\n")}");
                }
            }
        }

        Assert.That(disagreements, Is.Empty);
    }

    [Test]
    public void A_pattern_that_is_not_a_valid_regular_expression_is_refused()
    {
        Assert.That(() => TargetPattern.Create("Deploy(ment"), Throws.InstanceOf<ArgumentException>());
    }
}
