using System.Text.RegularExpressions;
using GitOpsAi.Core.Rules.Templates;

namespace GitOpsAi.Core.Tests.Rules;

/// <summary>Port names are checked by hand in one pass; the verdicts must be the former regex's (issue 13).</summary>
public sealed class PortNameProblemTests
{
    private static string? RegexProblem(string name)
    {
        if (name.Length is 0 or > 15)
        {
            return "it must be 1 to 15 characters long";
        }

        if (!Regex.IsMatch(name, "^[a-z0-9-]+$"))
        {
            return "it may contain only lower-case letters, digits and '-'";
        }

        if (name.Contains("--", StringComparison.Ordinal) || name.StartsWith('-') || name.EndsWith('-'))
        {
            return "hyphens may not be doubled or at either end";
        }

        return name.Any(char.IsAsciiLetterLower) ? null : "it must contain at least one letter";
    }

    [Test]
    public void A_port_name_gets_the_problem_the_former_regex_check_gave_it_line_feeds_included()
    {
        var random = new Random(13);
        string[] pieces = ["a", "z", "0", "9", "-", "--", "\n", "A", "_", " ", "é", "http", "metrics", ""];
        var names = Enumerable.Range(0, 30_000)
            .Select(_ => string.Concat(Enumerable.Range(0, random.Next(0, 8)).Select(_ => pieces[random.Next(pieces.Length)])))
            .Concat(["http", "http\n", "\n", "a-\n", "-a", "a-b", "a--b", "123", "123\n", "abcdefghijklmno", "abcdefghijklmnop", "abcdefghijklmn\n", ""])
            .ToList();

        foreach (var name in names)
        {
            Assert.That(PortNamesTemplate.Problem(name), Is.EqualTo(RegexProblem(name)), name.Replace("\n", "\\n"));
        }

        Assert.That(names.Count(n => RegexProblem(n) is null), Is.GreaterThan(1000), "valid names are common");
    }
}
