using GitOpsAi.Core.Rules.Templates;
using GitOpsAi.Core.Secrets;

namespace GitOpsAi.Core.Tests.Secrets;

/// <summary>The shortcuts of the secret checks (issue 13) give the verdicts the full checks give.</summary>
public sealed class SecretPrefilterTests
{
    private const string Backtracking = "^(a+)+$";

    /// <summary>Values of the secret-value rule's fixtures, and the edges of the reference pattern.</summary>
    private static readonly string[] Fixtures =
    [
        "{DB_PASSWORD}", "{db.password}", "{1abc}", "{abc}\n", "{abc} ", " {abc}", "%(password)s", "x%(pw)s", "%(pw)", "%()s",
        "{abc", "abc}", "{}", "${DB_PASSWORD}", "$(TOKEN)", "{{ .Values.pw }}", "{% raw %}", "$DB", "vault:secret/data/x",
        "ref+vault://x", "op://vault/item", "awssm:x", "secretref+x", "hunter2", "Xq7-kL2m", "postgres://app:Xq7-kL2m@db:5432/app",
        "AKIAZ7Q3LKXW2MB4PR5T", "", " ", "%", "(", "{",
    ];

    [Test]
    public void A_value_looks_like_a_reference_exactly_when_the_unfiltered_check_says_so()
    {
        var random = new Random(13);
        const string alphabet = "{}%()s_aZ9.$ :/\n";
        var values = Fixtures.Concat(Enumerable.Range(0, 50_000).Select(_ => new string(Enumerable.Range(0, random.Next(0, 10)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray())));

        var disagreements = values.Where(v => SecretDetector.LooksLikeReference(v) != Unfiltered(v)).Distinct().ToList();

        Assert.That(disagreements, Is.Empty);
        Assert.That(Fixtures.Count(SecretDetector.LooksLikeReference), Is.GreaterThan(10), "the fixtures exercise both answers");
    }

    [Test]
    public void A_name_gets_the_same_verdict_from_the_remembered_answers_as_from_the_patterns()
    {
        var random = new Random(7);
        string[] pieces = ["PASSWORD", "password", "_FILE", "TOKEN", "_TTL", "SECRET", "_NAME", "API", "_KEY", "-key", "AWS_SECRET_ACCESS_KEY", "AZURE_", "CREDENTIALS", "LOG", "_LEVEL", "x", "."];
        var names = new[] { "AWS_SECRET_ACCESS_KEY", "PASSWORD_FILE", "DB_PASSWORD", "TOKEN_TTL", "api-key", "LOG_LEVEL", "AZURE_STORAGE_KEY", "credentials", "SECRET_NAME" }
            .Concat(Enumerable.Range(0, 3_000).Select(_ => string.Concat(Enumerable.Range(0, random.Next(1, 4)).Select(_ => pieces[random.Next(pieces.Length)]))))
            .ToList();
        SecretValueParameters[] settings = [new(), new() { ReportAnyLiteral = true }, new() { SensitiveNames = ["level"], IgnoreNames = ["^LOG"] }];

        var remembered = new RegexBudget(); // one configuration, several rules' parameters
        foreach (var parameters in settings)
        {
            var plain = new RegexBudget();
            foreach (var name in names.Concat(names))
            {
                Assert.That(SecretValueTemplate.IsSensitiveName(remembered, parameters, name), Is.EqualTo(SecretValueTemplate.MatchesSensitiveName(plain, parameters, name)), name);
            }
        }
    }

    [Test]
    public void Once_a_name_pattern_ran_out_of_time_names_are_matched_again_instead_of_remembered()
    {
        var budget = new RegexBudget();
        var parameters = new SecretValueParameters { SensitiveNames = [Backtracking], IgnoreNames = [] };
        Assert.That(SecretValueTemplate.IsSensitiveName(budget, parameters, "aaa"), Is.True);
        Assert.That(budget.AnyExceeded, Is.False);

        Assert.That(SecretValueTemplate.IsSensitiveName(budget, parameters, new string('a', 28) + "!"), Is.False);

        Assert.That(budget.AnyExceeded, Is.True);
        Assert.That(SecretValueTemplate.IsSensitiveName(budget, parameters, "aaa"), Is.False, "an exhausted pattern matches nothing, remembered or not");
    }

    [Test]
    public void A_text_holds_the_same_assignments_with_the_shortcut_as_without_it()
    {
        // Pieces of assignments, of words that are not, and non-ASCII letters (the pattern's case-insensitive k matches the Kelvin sign).
        string[] pieces = ["password", "PASSWD", "Secret", "token", "api_key", "API-KEY", "access-key", "client_secret", "key", "pass", "secre", "tok",
            "=", ":", " ", "\"", "'", "x", "hunter2hunter2", "Xq7kL2m9", "\n", "\u017Fecret", "to\u212Aen", "\u212Aey", "\u00E9", ".", "-D", "${X}", "db"];
        var random = new Random(17);
        var texts = new[] { "password=hunter2hunter2", "DB_PASSWORD: Xq7kL2m9", "api-key = 'Xq7kL2m9'", "no assignment here", "key=value", "\u017Fecret=Xq7kL2m9hunter" }
            .Concat(Enumerable.Range(0, 20_000).Select(_ => string.Concat(Enumerable.Range(0, random.Next(1, 9)).Select(_ => pieces[random.Next(pieces.Length)]))))
            .ToList();

        var disagreements = texts.Where(t => !SecretDetector.Assignments(t).SequenceEqual(SecretDetector.AssignmentsIn(t))).Distinct().ToList();

        Assert.That(disagreements, Is.Empty);
        Assert.That(texts.Count(t => SecretDetector.AssignmentsIn(t).Any()), Is.GreaterThan(500), "texts with assignments");
        Assert.That(texts.Count(t => !SecretDetector.MayHoldAssignment(t)), Is.GreaterThan(1_000), "texts the shortcut answers");
        Assert.That(texts.Count(t => t.Contains('\u212A') && SecretDetector.AssignmentsIn(t).Any()), Is.GreaterThan(0), "the pattern takes the Kelvin sign for k");
    }

    [Test]
    public void A_text_holds_a_url_with_a_password_with_the_shortcut_exactly_when_the_pattern_finds_one()
    {
        // URLs built slot by slot (scheme, separator, user, password, host), each slot mostly right, sometimes broken or
        // left out, at the edges of what the pattern takes (a scheme of 21 letters, a user or password of 256 characters);
        // texts of one to three of them, apart or close together.
        var longest = new string('p', 256);
        string[][] slots =
        [
            ["", " ", "x", "\"", "\n", "\u00E9"], ["https", "postgres", "s3+http", "a", "9x", "", "A" + new string('b', 20), "A" + new string('b', 21)],
            ["://", "://", "://", ":/", "//", ""], ["app", "app", "app", "x y", "a@b", "a\u00A0b", "a'b", "", longest, longest + "u"],
            [":", ":", ":", "::", ""], ["Xq7-kL2m", "hunter22", "${PW}", "ab", "p w", "p\tw", "pa:ss:wd", "pw\u2028x", "p`w", longest, longest + "w"],
            ["@", "@", "@", "/", ""], ["db:5432/app", "h", "db", "", " ", "\u00A0db"],
        ];
        string[] between = ["", " ", "\n", "x", new string(' ', 40), new string('y', 600)];
        var random = new Random(19);
        string Url() => string.Concat(slots.Select(slot => slot[random.Next(slot.Length)]));
        var pattern = new System.Text.RegularExpressions.Regex(SecretDetector.UrlCredentialsText, System.Text.RegularExpressions.RegexOptions.CultureInvariant);
        var texts = new[] { "postgres://app:Xq7-kL2m@db:5432/app", "https://example.com/path", "redis://:hunter22@cache:6379", "no url here" }
            .Concat(Enumerable.Range(0, 20_000).Select(_ => string.Join(between[random.Next(between.Length)], Enumerable.Range(0, random.Next(1, 4)).Select(_ => Url()))))
            .ToList();

        var disagreements = texts.Where(t => SecretDetector.HasUrlCredentials(t) != pattern.IsMatch(t)).Distinct().ToList();

        Assert.That(disagreements, Is.Empty);
        Assert.That(texts.Count(pattern.IsMatch), Is.GreaterThan(300), "texts with a password in a URL");
        Assert.That(texts.Count(t => !t.Contains("://", StringComparison.Ordinal)), Is.GreaterThan(1_000), "texts the shortcut answers");
    }

    [Test]
    public void A_value_holds_the_same_known_formats_with_the_shortcut_as_without_it()
    {
        // An example of each format (each prefix of those with several), pieces of them, and words that are none, strung
        // together with and without separators.
        string[] aws = ["AKIA", "ASIA", "ABIA", "ACCA", "AGPA", "AIDA", "AROA", "ANPA", "ANVA", "AIPA"];
        string[] gitLab = ["glpat", "gldt", "glrt", "glptt", "glft", "glsoat", "glcbt", "gloas"];
        string[] examples =
        [
            .. aws.Select(p => p + "Z7Q3LKXW2MB4PR5T"), .. gitLab.Select(p => p + "-x7Kq2Lm9Zr4Tn8Wc1Hy3"), "ghp_4fKq9Zr2Lm8Xv1Tn6Wc3Hy7Bd0Js5Pa2Ue9R",
            "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ab", "xoxb-2048123456-4096123456789-q7Kx2Lm9Zr4Tn8Wc1Hy3Bd5J",
            "https://hooks.slack.com/services/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", "AIzaSyD4fKq9Zr2Lm8Xv1Tn6Wc3Hy7Bd0Js5Pa2", "sk_live_4fKq9Zr2Lm8Xv1Tn6Wc3Hy7B",
            "rk_test_4fKq9Zr2Lm8Xv1Tn6Wc3Hy7B", "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
            "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZWQyNTUxOQAAACDh\n-----END OPENSSH PRIVATE KEY-----",
        ];
        string[] pieces = [.. examples, "AKI", "Z7Q3LKXW2MB4PR5T", "gh", "gl", "pat-", "xo", "xb-", "hooks.slack.com", "AIz", "sk", "_live_", "eyJ", "ey", ".", "-----BEGIN", "PRIVATE KEY-----", "app", "x", " ", "\n", "_", "-", "\u00E9"];
        var random = new Random(23);
        var texts = examples.Concat(Enumerable.Range(0, 20_000).Select(_ => string.Join(random.Next(2) == 0 ? "" : " ", Enumerable.Range(0, random.Next(1, 5)).Select(_ => pieces[random.Next(pieces.Length)])))).ToList();

        var disagreements = texts.Where(t => !(SecretDetector.MayHoldFormat(t) ? SecretDetector.FormatsIn(t) : []).SequenceEqual(SecretDetector.FormatsIn(t))).Distinct().ToList();

        Assert.That(disagreements, Is.Empty);
        Assert.That(examples.Where(e => !SecretDetector.FormatsIn(e).Any()), Is.Empty, "every example is a format");
        Assert.That(texts.Count(t => SecretDetector.FormatsIn(t).Any()), Is.GreaterThan(5_000), "texts with a format");
        Assert.That(texts.Count(t => !SecretDetector.MayHoldFormat(t)), Is.GreaterThan(1_000), "texts the shortcut answers");
    }

    [Test]
    public void Every_pattern_of_the_secret_detector_is_compiled_none_is_left_to_the_interpreter()
    {
        // The source generator falls back to an interpreted Regex for what it cannot compile (a case-insensitive
        // backreference), silently: the assignment pattern ran interpreted on every value classified.
        var patterns = typeof(SecretDetector).GetFields(System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)
            .Where(f => f.FieldType == typeof(System.Text.RegularExpressions.Regex))
            .Select(f => (f.Name, Type: f.GetValue(null)!.GetType()))
            .ToList();

        Assert.That(patterns, Has.Count.GreaterThan(5));
        Assert.That(patterns.Where(p => p.Type == typeof(System.Text.RegularExpressions.Regex)).Select(p => p.Name), Is.Empty);
    }

    [Test]
    public void The_compiled_assignment_pattern_finds_what_the_interpreted_case_insensitive_one_found()
    {
        // The pattern as it was, case-insensitive as a whole (its backreference kept it from being compiled), against the
        // one that is case-insensitive but for the quote: texts of assignment pieces, quotes of both kinds, and the letters
        // whose case-insensitive matches are not ASCII (the Kelvin sign for k, the long s, the dotted and dotless i).
        var interpreted = new System.Text.RegularExpressions.Regex(
            @"(?<![A-Za-z0-9])(?<name>[A-Za-z0-9_.-]*(password|passwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|client[_-]?secret)[A-Za-z0-9_.-]*)[""']?[ \t]*(=|:)[ \t]*(?<quote>[""']?)(?<value>[^\s""'`,;&|(){}\[\]<>]{4,})\k<quote>",
            System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.IgnoreCase);
        var compiled = new System.Text.RegularExpressions.Regex(SecretDetector.AssignmentText, System.Text.RegularExpressions.RegexOptions.CultureInvariant);
        string[] pieces = ["password", "PASSWD", "Secret", "token", "api_key", "API-KEY", "access-key", "Client_Secret", "private.key", "key", "=", ":", " ", "\t",
            "\"", "'", "\"'", "`", "x", "X9", "hunter2hunter2", "Xq7kL2m9", "\"hunter2hunter2\"", "'Xq7\u212AL2m9'", "\"Xq7kL2m9'", "\n", ",", "\u017Fecret", "to\u212Aen", "\u212Aey", "S\u0130", "\u0131", "\u00E9", ".", "-D", "${X}", "db", "<", "{"];
        var random = new Random(31);
        string[] names = pieces[..10];
        string Piece() => pieces[random.Next(pieces.Length)];
        string Assignment() => Piece() + names[random.Next(names.Length)] + Piece() + Piece() + Piece() + Piece() + Piece();
        var texts = Enumerable.Range(0, 20_000).Select(_ => string.Concat(Enumerable.Range(0, random.Next(1, 4)).Select(_ => Assignment()))).ToList();

        static IEnumerable<string> Found(System.Text.RegularExpressions.Regex pattern, string text) =>
            pattern.Matches(text).Select(m => $"{m.Index}+{m.Length} {m.Groups["name"].Value}|{m.Groups["quote"].Value}|{m.Groups["value"].Value}");

        var disagreements = texts.Where(t => !Found(compiled, t).SequenceEqual(Found(interpreted, t))).Distinct().ToList();

        Assert.That(disagreements, Is.Empty);
        Assert.That(texts.Count(interpreted.IsMatch), Is.GreaterThan(2_000), "texts with an assignment");
        Assert.That(texts.Count(t => interpreted.Matches(t).Any(m => m.Groups["quote"].Length > 0)), Is.GreaterThan(200), "quoted values");
        Assert.That(texts.Count(t => interpreted.IsMatch(t) && !System.Text.Ascii.IsValid(t)), Is.GreaterThan(100), "matches in non-ASCII texts");
    }

    [Test]
    public void A_value_has_the_same_first_known_format_and_random_looking_string_from_the_shortcuts_as_from_the_full_lists()
    {
        // Formats, URLs with and without a password, random base64 runs of about the entropy check's length (with padding),
        // public material (whose runs are blanked before that check), references, and words, strung together.
        string[] pieces =
        [
            "AKIAZ7Q3LKXW2MB4PR5T", "ghp_4fKq9Zr2Lm8Xv1Tn6Wc3Hy7Bd0Js5Pa2Ue9R", "postgres://app:Xq7-kL2m@db:5432/app", "https://example.com/a/b",
            "http://app-240-worker-1", "q7Kx2Lm9Zr4Tn8Wc1Hy3", "q7Kx2Lm9Zr4Tn8Wc1Hy", "Zr4Tn8Wc1Hy3Bd5J==", "dGhpcyBpcyBqdXN0IHRleHQ=",
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOq7Kx2Lm9Zr4Tn8Wc1Hy3Bd5J", "-----BEGIN CERTIFICATE-----\nMIIBq7Kx2Lm9Zr4Tn8Wc1Hy3Bd5JMIIB\n-----END CERTIFICATE-----",
            "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "${TOKEN}", "info", "x", " ", "\n", "=", "/", "-", "_",
        ];
        var random = new Random(29);
        var values = pieces.Concat(Enumerable.Range(0, 20_000).Select(_ => string.Join(random.Next(2) == 0 ? "" : " ", Enumerable.Range(0, random.Next(1, 4)).Select(_ => pieces[random.Next(pieces.Length)])))).ToList();

        var formats = values.Where(v => SecretDetector.FirstKnownFormat(v) != SecretDetector.KnownFormats(v).FirstOrDefault()).Distinct().ToList();
        var random20 = values.Where(v => SecretDetector.FirstHighEntropy(v, 20, 3.5) != SecretDetector.HighEntropy(v, 20, 3.5).FirstOrDefault()).Distinct().ToList();

        Assert.That(formats, Is.Empty);
        Assert.That(random20, Is.Empty);
        Assert.That(values.Count(v => SecretDetector.KnownFormats(v).Any()), Is.GreaterThan(3_000), "values with a format");
        Assert.That(values.Count(v => SecretDetector.HighEntropy(v, 20, 3.5).Any()), Is.GreaterThan(1_000), "values with a random-looking string");
        Assert.That(values.Count(v => !SecretDetector.HighEntropy(v, 20, 3.5).Any() && v.Length >= 20), Is.GreaterThan(1_000), "long values without one");
    }

    private static bool Unfiltered(string value) =>
        value.Contains("${", StringComparison.Ordinal)
        || value.Contains("$(", StringComparison.Ordinal)
        || value.Contains("{{", StringComparison.Ordinal)
        || value.Contains("{%", StringComparison.Ordinal)
        || value.StartsWith('$') && value.Length > 1 && (char.IsLetter(value[1]) || value[1] == '_')
        || System.Text.RegularExpressions.Regex.IsMatch(value, SecretDetector.ReferencePattern)
        || value.StartsWith("vault:", StringComparison.Ordinal)
        || value.StartsWith("ref+", StringComparison.Ordinal)
        || value.StartsWith("op://", StringComparison.Ordinal)
        || value.StartsWith("awssm:", StringComparison.Ordinal)
        || value.StartsWith("secretref+", StringComparison.Ordinal);
}
