using System.Text.RegularExpressions;

namespace GitOpsAi.Core.Tests.Hostile;

/// <summary>
/// The linear wildcard matcher (Kyverno patterns, rules.yaml globs) agrees with the obvious regular expression. Its
/// speed on the quadratic case is measured by tests/bench/hostile-cpu.sh, not here.
/// </summary>
public class WildcardTests
{
    [TestCase("*", "", true)]
    [TestCase("*", "anything", true)]
    [TestCase("web-*", "web-1", true)]
    [TestCase("web-*", "api-1", false)]
    [TestCase("*-prod", "db-prod", true)]
    [TestCase("a*b*c", "abc", true)]
    [TestCase("a*b*c", "aXbYc", true)]
    [TestCase("a*b*c", "acb", false)]
    [TestCase("?", "", false)]
    [TestCase("??", "ab", true)]
    [TestCase("a?c", "abc", true)]
    [TestCase("a*?", "a", false)]
    [TestCase("*ab", "aab", true)]
    [TestCase("**", "x", true)]
    [TestCase("ab*ab", "ab", false)]
    [TestCase("ab*ab", "abab", true)]
    public void Stars_and_question_marks_match_as_in_kyverno(string pattern, string text, bool expected)
    {
        Assert.That(WildcardPattern.IsMatch(pattern, text), Is.EqualTo(expected));
    }

    [Test]
    public void Ten_thousand_random_patterns_agree_with_the_equivalent_regular_expression()
    {
        var random = new Random(10);
        for (var i = 0; i < 10_000; i++)
        {
            var pattern = RandomText(random, "ab*?", random.Next(0, 8));
            var text = RandomText(random, "ab", random.Next(0, 10));
            var regex = "^" + Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$";

            Assert.That(WildcardPattern.IsMatch(pattern, text), Is.EqualTo(Regex.IsMatch(text, regex, RegexOptions.Singleline)), $"'{pattern}' on '{text}'");
        }
    }

    [Test]
    public void Pieces_longer_than_one_machine_word_are_found()
    {
        var piece = new string('a', 150) + "?" + new string('b', 70);
        var text = "xx" + new string('a', 400) + "Z" + new string('b', 70) + "yy";

        Assert.That(WildcardPattern.IsMatch("*" + piece + "*", text), Is.True);
        Assert.That(WildcardPattern.IsMatch("*" + piece + "c*", text), Is.False);
    }

    private static string RandomText(Random random, string alphabet, int length) =>
        new(Enumerable.Range(0, length).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
}
