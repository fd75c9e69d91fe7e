using GitOpsAi.Core.Text;
using System.Text;
using System.Text.RegularExpressions;

namespace GitOpsAi.Core.Secrets;

/// <summary>Why a value looks like a secret.</summary>
public enum SecretEvidence
{
    /// <summary>A literal value under a name such as *password*, *token* or *secret*.</summary>
    SensitiveName,

    /// <summary>A well-known credential format (AWS access key id, GitHub token, private key, JWT...).</summary>
    KnownFormat,

    /// <summary>A <c>password=...</c> style assignment inside a larger text (a configuration file).</summary>
    Assignment,

    /// <summary>A long random-looking string.</summary>
    HighEntropy,
}

/// <summary>One secret-looking piece of a value: what it is, and where it is inside the value.</summary>
public sealed record SecretMatch(SecretEvidence Evidence, string What, int Start, int Length)
{
    /// <summary>How a message may show the match: a short prefix and the length, never the whole value.</summary>
    public string Redacted(string value) => SecretDetector.Redact(value.Substring(Start, Length));
}

/// <summary>
/// Recognises secret-looking values: well-known credential formats, credentials in URLs and assignments, and
/// high-entropy strings, while leaving alone what only looks random (image digests, checksums, UUIDs, substitutions,
/// SOPS ciphertext, template expressions, URLs without credentials, base64 of plain words).
/// </summary>
public static partial class SecretDetector
{
    // These are our own linear patterns (no nested quantifiers), so they cannot backtrack catastrophically: they have no
    // timeout, which would only fire during a GC pause on a busy machine and turn into a crash. User-supplied patterns go
    // through SafeRegex. The patterns are made by the source generator at the end of this class.
    private static readonly (string What, Regex Pattern)[] Formats =
    [
        ("a private key", PrivateKeyFormat()),
        ("an AWS access key id", AwsAccessKeyFormat()),
        ("a GitHub token", GitHubTokenFormat()),
        ("a GitLab token", GitLabTokenFormat()),
        ("a Slack token", SlackTokenFormat()),
        ("a Slack webhook URL", SlackWebhookFormat()),
        ("a Google API key", GoogleApiKeyFormat()),
        ("a Stripe secret key", StripeKeyFormat()),
        ("a JSON Web Token", JwtFormat()),
    ];

    /// <summary>scheme://user:password@host, where the password is not a substitution or placeholder.</summary>
    private static readonly Regex UrlCredentials = UrlCredentialsPattern();

    /// <summary>password=..., "token": "...", api_key: ... inside a configuration text.</summary>
    private static readonly Regex Assignment = AssignmentPattern();

    private static readonly Regex Uuid = UuidPattern();

    private static readonly Regex Url = UrlPattern();

    private static readonly Regex Duration = DurationPattern();

    /// <summary>Names of settings that hold references, sizes or switches rather than the secret itself.</summary>
    private static readonly Regex NonSecretNames = NonSecretNamesPattern();

    private static readonly Regex LowerCaseRun = LowerCaseRunPattern();

    /// <summary>Subresource-integrity hashes (sha384-...).</summary>
    private static readonly Regex IntegrityHash = IntegrityHashPattern();

    /// <summary>Candidate tokens for the entropy check: runs of base64/base64url characters.</summary>
    private static readonly Regex EntropyToken = EntropyTokenPattern();

    /// <summary>Public material: certificates and public keys in PEM, SSH public keys (known_hosts, authorized_keys).</summary>
    private static readonly Regex PublicMaterial = PublicMaterialPattern();

    /// <summary>
    /// The first of <see cref="KnownFormats"/>, or null. Nearly every value holds no format's literal and no "://" that
    /// credentials follow: those are answered without an iterator, where the iterator asked <see cref="IsNotSecret"/>
    /// again for every value classified.
    /// </summary>
    public static SecretMatch? FirstKnownFormat(string value) =>
        MayHoldFormat(value) || HasUrlCredentials(value) ? KnownFormats(value).FirstOrDefault() : null;

    /// <summary>The well-known credential formats in <paramref name="value"/> (and credentials in URLs).</summary>
    public static IEnumerable<SecretMatch> KnownFormats(string value)
    {
        if (IsNotSecret(value))
        {
            yield break;
        }

        if (MayHoldFormat(value))
        {
            foreach (var match in FormatsIn(value))
            {
                yield return match;
            }
        }

        if (!HasUrlCredentials(value))
        {
            yield break;
        }

        foreach (Match match in UrlCredentials.Matches(value))
        {
            var password = match.Groups["password"];
            if (!IsPlaceholder(password.Value) && !LooksLikeReference(password.Value))
            {
                yield return new SecretMatch(SecretEvidence.KnownFormat, "a URL with a password", password.Index, password.Length);
            }
        }
    }

    /// <summary>
    /// False only when no format can match: every match of each holds one of <see cref="FormatLiterals"/>. Nearly every
    /// value holds none, and asking the nine patterns anyway (a runner set up per pattern and value) kept KnownFormats at
    /// 0.9 % of the 50,000-resource check's CPU samples (0.3 % without it).
    /// </summary>
    internal static bool MayHoldFormat(string value) => value.AsSpan().ContainsAny(FormatLiterals);

    /// <summary>The literal each <see cref="Formats"/> pattern starts with (its alternatives for AWS, GitLab and Stripe), case-sensitive as they are.</summary>
    private static readonly System.Buffers.SearchValues<string> FormatLiterals = System.Buffers.SearchValues.Create(
        ["-----BEGIN", "AKIA", "ASIA", "ABIA", "ACCA", "AGPA", "AIDA", "AROA", "ANPA", "ANVA", "AIPA", "gh", "gl", "xox", "https://hooks.slack.com/", "AIza", "sk_", "rk_", "eyJ"],
        StringComparison.Ordinal);

    /// <summary>The well-known formats' matches in <paramref name="value"/>, without <see cref="MayHoldFormat"/>' shortcut (tests compare the two).</summary>
    internal static IEnumerable<SecretMatch> FormatsIn(string value)
    {
        foreach (var (what, pattern) in Formats)
        {
            // IsMatch allocates nothing, and nearly every value matches no format: Matches made a collection, a list and
            // an enumerator for each of the nine formats of every value checked. Matches is empty exactly when IsMatch is false.
            if (!pattern.IsMatch(value))
            {
                continue;
            }

            foreach (Match match in pattern.Matches(value))
            {
                if (!IsDocumentationExample(match.Value) && !IsPrivateKeyPlaceholder(value, match))
                {
                    yield return new SecretMatch(SecretEvidence.KnownFormat, what, match.Index, match.Length);
                }
            }
        }
    }

    /// <summary>
    /// Whether <see cref="UrlCredentials"/> matches. The pattern may start at any letter, so it tried every letter of every
    /// value classified, long configuration texts included (1.5 % of the 50,000-resource check's CPU, issue 13). Every
    /// match holds "://", with its scheme at most <see cref="UrlSchemeLength"/> characters before and its end at most
    /// <see cref="UrlCredentialsAfterSeparator"/> after: only the text around a "://" that user:password@ can follow
    /// (<see cref="CredentialsMayFollow"/>) is matched, one character more before it for the pattern's \b. Matching the
    /// text around every "://" was still 0.8 % of the 50k check's CPU, nearly all for URLs without a password.
    /// </summary>
    internal static bool HasUrlCredentials(string value)
    {
        for (var separator = value.IndexOf("://", StringComparison.Ordinal); separator >= 0; separator = value.IndexOf("://", separator + 1, StringComparison.Ordinal))
        {
            if (!CredentialsMayFollow(value.AsSpan(separator + 3)))
            {
                continue;
            }

            var start = Math.Max(0, separator - UrlSchemeLength - 1);
            var end = Math.Min(value.Length, separator + UrlCredentialsAfterSeparator);

            // Started one character in (when there is one before), which the \b looks at.
            if (UrlCredentials.IsMatch(value.AsSpan(start, end - start), start == 0 ? 0 : 1))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether the text after a "://" can be what <see cref="UrlCredentialsText"/> takes there, read off the characters: the
    /// user runs to the first space, quote, ':', '/' or '@', which must be a ':' 1 to 256 characters on; the password then
    /// runs to the first space, quote, '/' or '@', which must be an '@' 3 to 256 characters on, followed by a non-space.
    /// Neither run can end anywhere else, so the pattern matches nothing here when this is false.
    /// </summary>
    private static bool CredentialsMayFollow(ReadOnlySpan<char> text)
    {
        var user = EndOfRun(text, colonEnds: true);
        if (user is < 1 or > MaxCredentialLength || text[user] != ':')
        {
            return false;
        }

        var password = text[(user + 1)..];
        var length = EndOfRun(password, colonEnds: false);
        return length is >= 3 and <= MaxCredentialLength && password[length] == '@' && length + 1 < password.Length && !char.IsWhiteSpace(password[length + 1]);
    }

    /// <summary>The longest user or password <see cref="UrlCredentialsText"/> takes.</summary>
    private const int MaxCredentialLength = 256;

    /// <summary>
    /// Where the user (<paramref name="colonEnds"/>) or the password that starts the text ends: its first space (\s is
    /// <see cref="char.IsWhiteSpace(char)"/>), quote, '/', '@' (or ':'), looked for no further than a run can be long; -1 when there is none.
    /// </summary>
    private static int EndOfRun(ReadOnlySpan<char> text, bool colonEnds)
    {
        var limit = Math.Min(text.Length, MaxCredentialLength + 1);
        for (var i = 0; i < limit; i++)
        {
            var c = text[i];
            if (c is '/' or '@' or '"' or '\'' or '`' || (c == ':' && colonEnds) || char.IsWhiteSpace(c))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The longest scheme <see cref="UrlCredentialsText"/> takes: a letter and up to 20 more.</summary>
    private const int UrlSchemeLength = 21;

    /// <summary>From the start of "://" to the end of the longest match: "://", a user of up to 256, ":", a password of up to 256, "@" and one more.</summary>
    private const int UrlCredentialsAfterSeparator = 3 + 256 + 1 + 256 + 1 + 1;

    /// <summary><c>password = hunter2</c> style assignments in a configuration text, with a literal value.</summary>
    public static IEnumerable<SecretMatch> Assignments(string text) => MayHoldAssignment(text) ? AssignmentsIn(text) : [];

    /// <summary>
    /// False only when <see cref="Assignment"/> cannot match: every match has a name holding passw(or)d, secret, token or
    /// key, and an = or a :. Asked of ASCII text only (anything else goes to the pattern): the pattern's case-insensitive
    /// letters also match a few non-ASCII ones (the Kelvin sign for k), which an ASCII search would miss. The
    /// pattern scanned every value of every rendered object (3 % of their checks' CPU at 50,000 resources, issue 13).
    /// </summary>
    internal static bool MayHoldAssignment(string text) =>
        !Ascii.IsValid(text) || (text.AsSpan().ContainsAny('=', ':') && text.AsSpan().ContainsAny(AssignmentWords));

    private static readonly System.Buffers.SearchValues<string> AssignmentWords =
        System.Buffers.SearchValues.Create(["passw", "secret", "token", "key"], StringComparison.OrdinalIgnoreCase);

    /// <summary><see cref="Assignments"/> without the shortcut (tests compare the two).</summary>
    internal static IEnumerable<SecretMatch> AssignmentsIn(string text)
    {
        foreach (Match match in Assignment.Matches(text))
        {
            var name = match.Groups["name"].Value;
            var value = match.Groups["value"];
            if (NonSecretName(name) || !char.IsLetterOrDigit(value.Value[0]) || !IsLiteralSecretCandidate(value.Value, name))
            {
                continue;
            }

            var shortName = name.StartsWith("-D", StringComparison.Ordinal) ? name[2..] : name;
            shortName = shortName[(shortName.LastIndexOf('.') + 1)..];
            yield return new SecretMatch(SecretEvidence.Assignment, $"a literal {(shortName.Length > 0 ? shortName : name)}", value.Index, value.Length);
        }
    }

    /// <summary>
    /// The first of <see cref="HighEntropy"/>, or null. A value without a run of <paramref name="minLength"/> base64
    /// characters has none (blanking its public material only shortens runs): most values, answered without an iterator
    /// and without blanking their public material into a copy first.
    /// </summary>
    public static SecretMatch? FirstHighEntropy(string text, int minLength, double threshold) =>
        text.Length >= minLength && NextLongRun(text, 0, minLength).Index >= 0 ? HighEntropy(text, minLength, threshold).FirstOrDefault() : null;

    /// <summary>Random-looking tokens: at least <paramref name="minLength"/> characters, mixed letters and digits, with
    /// a Shannon entropy of at least <paramref name="threshold"/> bits per character.</summary>
    public static IEnumerable<SecretMatch> HighEntropy(string text, int minLength, double threshold)
    {
        if (IsNotSecret(text) || text.Length < minLength)
        {
            yield break;
        }

        var scanned = PublicMaterial.Replace(text, m => new string(' ', m.Length));
        for (var (index, length) = NextLongRun(scanned, 0, minLength); index >= 0; (index, length) = NextLongRun(scanned, index + length, minLength))
        {
            var token = scanned.AsSpan(index, length).TrimEnd('=').ToString();
            if (InUrl(scanned, index) || !IsRandomLooking(scanned, index, token, threshold))
            {
                continue;
            }

            yield return new SecretMatch(SecretEvidence.HighEntropy, "a high-entropy string", index, token.Length);
        }
    }

    /// <summary>
    /// The next run of <see cref="EntropyToken"/> from <paramref name="startat"/> of at least <paramref name="minLength"/>
    /// characters without its padding, or -1. Runs are enumerated without a match object or a string each: nearly every
    /// run is a short word, and those were most of what the entropy check allocated (issue 13).
    /// </summary>
    private static (int Index, int Length) NextLongRun(string text, int startat, int minLength)
    {
        foreach (var run in EntropyToken.EnumerateMatches(text, startat))
        {
            if (text.AsSpan(run.Index, run.Length).TrimEnd('=').Length >= minLength)
            {
                return (run.Index, run.Length);
            }
        }

        return (-1, 0);
    }

    /// <summary>Shannon entropy in bits per character.</summary>
    public static double ShannonEntropy(string value)
    {
        if (value.Length == 0)
        {
            return 0;
        }

        var counts = new Dictionary<char, int>();
        foreach (var c in value)
        {
            counts[c] = counts.GetValueOrDefault(c) + 1;
        }

        double entropy = 0;
        foreach (var count in counts.Values)
        {
            var p = (double)count / value.Length;
            entropy -= p * Math.Log2(p);
        }

        return entropy;
    }

    /// <summary>Values that are never secrets whatever their name: empty, booleans and numbers, substitutions,
    /// template expressions, SOPS ciphertext, paths, and URLs without credentials.</summary>
    public static bool IsNotSecret(string value)
    {
        var trimmed = value.Trim();
        return trimmed.Length == 0
            || LooksLikeReference(trimmed)
            || trimmed.StartsWith("ENC[", StringComparison.Ordinal) && trimmed.EndsWith(']');
    }

    /// <summary>A literal value that could be a secret when its name says so (see <see cref="IsNotSecret"/> and placeholders).</summary>
    public static bool IsLiteralSecretCandidate(string value, string? name = null)
    {
        var trimmed = value.Trim();
        if (name is { Length: > 3 } && trimmed.Contains(name, StringComparison.OrdinalIgnoreCase))
        {
            return false; // GOOGLE_API_KEY: GOOGLE_API_KEY_VAL, TOKEN: INSECURE_TOKEN — a placeholder naming itself
        }

        if (IsNotSecret(trimmed) || IsPlaceholder(trimmed))
        {
            return false;
        }

        if (trimmed is "true" or "false" or "True" or "False" or "yes" or "no" or "null" || double.TryParse(trimmed, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _))
        {
            return false;
        }

        if (IsDuration(trimmed) || IsPath(trimmed) || IsUrlWithoutCredentials(trimmed) || IsRegex(trimmed))
        {
            return false;
        }

        return true;
    }

    /// <summary>A short prefix and the length: enough to find the value, not enough to use it.</summary>
    public static string Redact(string value)
    {
        var shown = value.Length <= 8 ? 0 : Math.Min(4, value.Length / 5);
        return shown == 0 ? $"({value.Length} characters)" : $"'{value[..shown]}…' ({value.Length} characters)";
    }

    /// <summary>Placeholders people write where a secret goes: &lt;password&gt;, xxxx, ****, changeme, REPLACE_ME, your-token...</summary>
    public static bool IsPlaceholder(string value)
    {
        var v = value.Trim().Trim('"', '\'');
        if (v.Length == 0)
        {
            return true;
        }

        if (v.StartsWith('<') && v.EndsWith('>') || v.StartsWith('[') && v.EndsWith(']') || v.StartsWith("...", StringComparison.Ordinal) || v.EndsWith("...", StringComparison.Ordinal) || v.Contains('…'))
        {
            return true;
        }

        if (SafeRegex.IsMatch(v, @"<[A-Za-z][A-Za-z0-9 _.-]*>|-----BEGIN [A-Z ]+-----\s*(\.\.\.|…)?\s*-----END"))
        {
            return true; // <my-token>, <myemail>@gmail.com, a PEM block with nothing or "..." inside
        }

        if (v.Distinct().Count() == 1)
        {
            return true; // xxxxxxxx, ********, 00000000
        }

        var lower = v.ToLowerInvariant();
        return lower.Contains("changeme", StringComparison.Ordinal)
            || lower.Contains("change-me", StringComparison.Ordinal)
            || lower.Contains("change_me", StringComparison.Ordinal)
            || lower.Contains("replace", StringComparison.Ordinal)
            || lower.Contains("placeholder", StringComparison.Ordinal)
            || lower.Contains("example", StringComparison.Ordinal)
            || lower.Contains("redacted", StringComparison.Ordinal)
            || lower.Contains("dummy", StringComparison.Ordinal)
            || lower.StartsWith("your", StringComparison.Ordinal)
            || lower.Contains("xxxx", StringComparison.Ordinal)
            || lower.Contains("goes here", StringComparison.Ordinal)
            || lower.Contains("insert", StringComparison.Ordinal)
            || lower.StartsWith("my-", StringComparison.Ordinal) || lower.StartsWith("my_", StringComparison.Ordinal)
            || lower.StartsWith("xxx", StringComparison.Ordinal)
            || lower.Contains("todo", StringComparison.Ordinal)
            || lower is "password" or "secret" or "token" or "none" or "n/a" or "null" or "nil" or "undefined" or "empty" or "required" or "optional" or "test" or "foo" or "bar" or "foobar";
    }

    /// <summary>Flux <c>${VAR}</c>, shell <c>$VAR</c>/<c>$(VAR)</c> (Kubernetes env expansion), Helm/Go templates, Jinja.</summary>
    /// <summary>
    /// <c>{name}</c> and <c>%(name)s</c>. Its first branch starts at the value's start with <c>{</c>, its second needs
    /// <c>%(</c>: a value with neither cannot match, and is not matched (most values; the pattern was 2 % of a 50k check).
    /// </summary>
    internal const string ReferencePattern = @"^\{[A-Za-z_][A-Za-z0-9_.]*\}$|%\([A-Za-z_]+\)s";

    public static bool LooksLikeReference(string value) =>
        value.Contains("${", StringComparison.Ordinal)
        || value.Contains("$(", StringComparison.Ordinal)
        || value.Contains("{{", StringComparison.Ordinal)
        || value.Contains("{%", StringComparison.Ordinal)
        || value.StartsWith('$') && value.Length > 1 && (char.IsLetter(value[1]) || value[1] == '_')
        || (value.StartsWith('{') || value.Contains("%(", StringComparison.Ordinal)) && SafeRegex.IsMatch(value, ReferencePattern)
        || value.StartsWith("vault:", StringComparison.Ordinal)
        || value.StartsWith("ref+", StringComparison.Ordinal)
        || value.StartsWith("op://", StringComparison.Ordinal)
        || value.StartsWith("awssm:", StringComparison.Ordinal)
        || value.StartsWith("secretref+", StringComparison.Ordinal);

    private static bool IsPath(string value) =>
        !value.Contains(' ') && (value.StartsWith('/') || value.StartsWith("./", StringComparison.Ordinal) || value.StartsWith("../", StringComparison.Ordinal) || value.StartsWith("~/", StringComparison.Ordinal) || value.StartsWith("file://", StringComparison.Ordinal));

    private static bool IsUrlWithoutCredentials(string value) =>
        Url.IsMatch(value) && !HasUrlCredentials(value);

    private static bool IsRegex(string value) => value.Length > 2 && value.StartsWith('^') && value.EndsWith('$');

    private static bool IsDuration(string value) => Duration.IsMatch(value);

    private static bool NonSecretName(string name) => NonSecretNames.IsMatch(name);

    private static bool IsDocumentationExample(string match) =>
        match.Contains("EXAMPLE", StringComparison.OrdinalIgnoreCase) || match.Contains("XXXXXXXX", StringComparison.OrdinalIgnoreCase);

    /// <summary>"-----BEGIN PRIVATE KEY-----" followed by "..." or nothing: documentation, not a key.</summary>
    private static bool IsPrivateKeyPlaceholder(string value, Match match)
    {
        if (!match.Value.StartsWith("-----BEGIN", StringComparison.Ordinal))
        {
            return false;
        }

        var rest = value[(match.Index + match.Length)..];
        var end = rest.IndexOf("-----END", StringComparison.Ordinal);
        var body = (end < 0 ? rest : rest[..end]).Trim();
        return body.Length < 32 || body.Contains("...", StringComparison.Ordinal) || body.Contains('<');
    }

    /// <summary>Whether the token is part of a whitespace-delimited word holding a URL (URLs with passwords are known formats).</summary>
    private static bool InUrl(string text, int index)
    {
        var start = index;
        while (start > 0 && !char.IsWhiteSpace(text[start - 1]) && text[start - 1] is not ('"' or '\'' or '(' or '[' or '<'))
        {
            start--;
        }

        var end = index;
        while (end < text.Length && !char.IsWhiteSpace(text[end]) && text[end] is not ('"' or '\'' or ')' or ']' or '>'))
        {
            end++;
        }

        return text.AsSpan(start, end - start).Contains("://", StringComparison.Ordinal);
    }

    /// <summary>/webhooks/0/clientConfig/caBundle, apis/apps/v1: every longer segment is a word, a number or a name.</summary>
    private static bool IsPathLike(string token) =>
        token.Contains('/') && token.Split('/').Where(s => s.Length >= 4).All(s => s.All(char.IsAsciiDigit) || IsWordLike(s));

    /// <summary>Identifiers and words (camelCase, PascalCase, kebab-case, with a trailing number): long lowercase runs
    /// and a natural share of vowels. Random text has lowercase runs under two letters on average and few vowels.</summary>
    private static bool IsWordLike(string token)
    {
        var letters = token.Where(char.IsAsciiLetter).ToList();
        if (letters.Count == 0)
        {
            return false;
        }

        var lowerRuns = LowerCaseRun.Matches(token);
        var vowels = letters.Count(c => "aeiouyAEIOUY".Contains(c));
        return lowerRuns.Count > 0 && lowerRuns.Average(m => m.Length) >= 3 && vowels >= letters.Count * 0.3;
    }

    private static bool IsRandomLooking(string text, int index, string token, double threshold)
    {
        if (IsPathLike(token))
        {
            return false;
        }

        if (Uuid.IsMatch(token) || token.All(c => char.IsAsciiHexDigit(c) || c == '-'))
        {
            return false; // UUIDs, hex checksums, commit ids and digests
        }

        if (IntegrityHash.IsMatch(token))
        {
            return false;
        }

        var before = text.AsSpan(Math.Max(0, index - 8), Math.Min(8, index));
        if (before.EndsWith("sha256:", StringComparison.OrdinalIgnoreCase) || before.EndsWith("sha512:", StringComparison.OrdinalIgnoreCase) || before.EndsWith("sha1:", StringComparison.OrdinalIgnoreCase))
        {
            return false; // digests and subresource-integrity hashes
        }

        var hasDigit = token.Any(char.IsAsciiDigit);
        var hasUpper = token.Any(char.IsAsciiLetterUpper);
        var hasLower = token.Any(char.IsAsciiLetterLower);
        if (!hasDigit || !(hasUpper && hasLower))
        {
            return false; // identifiers, words, CONSTANT_NAMES
        }

        if (token.Contains("--", StringComparison.Ordinal) || token.Count(c => c is '-' or '_' or '/') > token.Length / 6)
        {
            return false; // names-with-dashes, paths
        }

        if (IsWordLike(token))
        {
            return false; // camelCase/PascalCase identifiers
        }

        if (ShannonEntropy(token) < threshold)
        {
            return false;
        }

        return !DecodesToWords(token);
    }

    /// <summary>base64 of a short plain text (letters, spaces, punctuation) is an encoding, not a random secret.</summary>
    private static bool DecodesToWords(string token)
    {
        var padded = token.Replace('-', '+').Replace('_', '/');
        padded = padded.PadRight(padded.Length + ((4 - (padded.Length % 4)) % 4), '=');
        var buffer = new byte[padded.Length];
        if (!Convert.TryFromBase64String(padded, buffer, out var written) || written == 0)
        {
            return false;
        }

        var text = Encoding.UTF8.GetString(buffer, 0, written);
        var letters = text.Count(c => char.IsLetter(c) || c is ' ' or '-' or '_' or '.' or ',' or '/' or ':');
        return text.All(c => !char.IsControl(c) || c is '\n' or '\r' or '\t') && letters >= text.Length * 0.9;
    }

    // Generated at build time (the regular-expression source generator): the same patterns, matched by compiled code
    // instead of the interpreter, with no start-up cost (they run on every value of every rendered object, issue 13).
    [GeneratedRegex(@"-----BEGIN[ A-Z0-9]*PRIVATE KEY( BLOCK)?-----", RegexOptions.CultureInvariant)]
    private static partial Regex PrivateKeyFormat();

    [GeneratedRegex(@"(?<![A-Z0-9])(AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z2-7]{16}(?![A-Z0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex AwsAccessKeyFormat();

    [GeneratedRegex(@"(?<![A-Za-z0-9_])(gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9_]{60,255})(?![A-Za-z0-9_])", RegexOptions.CultureInvariant)]
    private static partial Regex GitHubTokenFormat();

    [GeneratedRegex(@"(?<![A-Za-z0-9_-])(glpat|gldt|glrt|glptt|glft|glsoat|glcbt|gloas)-[A-Za-z0-9_-]{20,}", RegexOptions.CultureInvariant)]
    private static partial Regex GitLabTokenFormat();

    [GeneratedRegex(@"(?<![A-Za-z0-9])xox[abposre]-[0-9A-Za-z]{8,}-[0-9A-Za-z-]{8,}", RegexOptions.CultureInvariant)]
    private static partial Regex SlackTokenFormat();

    [GeneratedRegex(@"https://hooks\.slack\.com/(services|workflows|triggers)/T[A-Z0-9]{6,}/[A-Z0-9]{6,}/[A-Za-z0-9]{20,}", RegexOptions.CultureInvariant)]
    private static partial Regex SlackWebhookFormat();

    [GeneratedRegex(@"(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])", RegexOptions.CultureInvariant)]
    private static partial Regex GoogleApiKeyFormat();

    [GeneratedRegex(@"(?<![A-Za-z0-9])(sk|rk)_(live|test)_[0-9A-Za-z]{20,}", RegexOptions.CultureInvariant)]
    private static partial Regex StripeKeyFormat();

    [GeneratedRegex(@"(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}(?![A-Za-z0-9_-])", RegexOptions.CultureInvariant)]
    private static partial Regex JwtFormat();

    /// <summary>The pattern of <see cref="UrlCredentials"/> (tests match it without <see cref="HasUrlCredentials"/>' shortcut).</summary>
    internal const string UrlCredentialsText = @"\b[a-zA-Z][a-zA-Z0-9+.-]{1,20}://[^\s:/@""'`]{1,256}:(?<password>[^\s@/""'`]{3,256})@[^\s]";

    [GeneratedRegex(UrlCredentialsText, RegexOptions.CultureInvariant)]
    private static partial Regex UrlCredentialsPattern();

    /// <summary>
    /// The pattern of <see cref="Assignment"/>: case-insensitive but for the closing quote's backreference. With the whole
    /// pattern case-insensitive, the source generator could not compile the backreference and fell back to the interpreter,
    /// which was half of classifying the corpus's values (100 of 204 samples); the quote is never a letter, so its case
    /// never mattered.
    /// </summary>
    internal const string AssignmentText = @"(?i:(?<![A-Za-z0-9])(?<name>[A-Za-z0-9_.-]*(password|passwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|client[_-]?secret)[A-Za-z0-9_.-]*)[""']?[ \t]*(=|:)[ \t]*)(?<quote>[""']?)(?i:(?<value>[^\s""'`,;&|(){}\[\]<>]{4,}))\k<quote>";

    [GeneratedRegex(AssignmentText, RegexOptions.CultureInvariant)]
    private static partial Regex AssignmentPattern();

    [GeneratedRegex(@"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$", RegexOptions.CultureInvariant)]
    private static partial Regex UuidPattern();

    [GeneratedRegex(@"^[a-zA-Z][a-zA-Z0-9+.-]*://\S+$", RegexOptions.CultureInvariant)]
    private static partial Regex UrlPattern();

    [GeneratedRegex(@"^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h|d|w))+$", RegexOptions.CultureInvariant)]
    private static partial Regex DurationPattern();

    [GeneratedRegex(@"(?i)([_.-](file|path|dir|name|ref|url|uri|pattern|regex|endpoint|host|port|ttl|expiry|expiration|timeout|length|size|enabled|enable|type|mode|header|algorithm|issuer|audience|id|policy|format|lifetime|duration|interval|mount|env|key_?ref|source|store|provider|field|prefix|suffix)s?$|^(secretName|secretRef|tokenUrl|tokenEndpoint)$)", RegexOptions.CultureInvariant)]
    private static partial Regex NonSecretNamesPattern();

    [GeneratedRegex("[a-z]+", RegexOptions.CultureInvariant)]
    private static partial Regex LowerCaseRunPattern();

    [GeneratedRegex("^sha(1|256|384|512)[-_]", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex IntegrityHashPattern();

    [GeneratedRegex(@"[A-Za-z0-9+/_-]+={0,2}", RegexOptions.CultureInvariant)]
    private static partial Regex EntropyTokenPattern();

    [GeneratedRegex(@"-----BEGIN (CERTIFICATE|PUBLIC KEY|RSA PUBLIC KEY|X509 CRL|CERTIFICATE REQUEST|PGP PUBLIC KEY BLOCK)-----[\s\S]*?-----END \1-----|\b(ssh-(rsa|dss|ed25519)|ecdsa-sha2-nistp\d+|sk-(ssh-ed25519|ecdsa-sha2-nistp256)@openssh\.com)\s+AAAA[A-Za-z0-9+/]+=*", RegexOptions.CultureInvariant)]
    private static partial Regex PublicMaterialPattern();
}
