using GitOpsAi.Core.Kustomize;

namespace GitOpsAi.Core.Tests.Kustomize;

public sealed class WrittenScalarsTests
{
    [Test]
    public void An_equal_string_is_answered_from_the_table_and_another_string_is_decided_anew()
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
        var other = table.Get("xxy", Decide);

        Assert.That(again, Is.EqualTo(first));
        Assert.That(equalOther, Is.EqualTo(first));
        Assert.That(other.Text, Is.EqualTo("\"xxy\""));
        Assert.That((decided, table.Hits), Is.EqualTo((2, 2)));
    }
}
