using GitOpsAi.Core.Rules.Templates;

namespace GitOpsAi.Core.Tests.Rules;

public sealed class PodSpecValuesTests
{
    [Test]
    public void A_dotted_field_is_split_into_its_keys_once_and_every_rule_that_asks_gets_the_same_keys()
    {
        var first = PodSpecValues.FieldPath("windowsOptions..hostProcess");

        Assert.That(first, Is.EqualTo(new[] { "windowsOptions", "hostProcess" }));
        Assert.That(PodSpecValues.FieldPath("windowsOptions..hostProcess"), Is.SameAs(first));
        Assert.That(PodSpecValues.FieldPath("privileged"), Is.EqualTo(new[] { "privileged" }));
    }
}
