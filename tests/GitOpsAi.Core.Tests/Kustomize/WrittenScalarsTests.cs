using GitOpsAi.Core.Kustomize;

namespace GitOpsAi.Core.Tests.Kustomize;

public sealed class WrittenScalarsTests
{
    [Test]
    public void The_same_string_instance_is_answered_from_the_table_and_an_equal_other_instance_is_decided_anew()
    {
        var table = new WrittenScalars();
        var decided = 0;
        WrittenScalars.Written Decide(string value)
        {
            decided++;
            return new WrittenScalars.Written(value, $"\"{value}\"", true, value);
        }

        var value = new string('x', 3);
        var first = table.Get(value, Decide);
        var again = table.Get(value, Decide);
        var equalOther = table.Get(new string('x', 3), Decide);

        Assert.That(again, Is.EqualTo(first));
        Assert.That(equalOther.Text, Is.EqualTo("\"xxx\""));
        Assert.That((decided, table.Hits), Is.EqualTo((2, 1)));
    }
}
