using System.Globalization;
using System.Text.RegularExpressions;
using GitOpsAi.Core.Expressions.JmesPath;

namespace GitOpsAi.Core.Kyverno;

/// <summary>
/// How Kyverno compares one resource value with one pattern value: wildcards (<c>*</c>, <c>?</c>), <c>!</c> negation,
/// <c>|</c> alternatives and <c>&amp;</c> conjunctions, <c>&gt; &gt;= &lt; &lt;=</c>, ranges (<c>1-10</c>, <c>1!-10</c>),
/// Go durations and Kubernetes quantities, and typed booleans, numbers and null.
/// </summary>
internal static partial class PatternValues
{
    /// <summary>Kyverno's pattern.Validate: does <paramref name="value"/> (null when absent) satisfy the scalar or map <paramref name="pattern"/>?</summary>
    public static bool Validate(JValue? value, JValue pattern)
    {
        value ??= JValue.Null;
        return pattern switch
        {
            JBool b => value is JBool v && v.Value == b.Value,
            JNumber n => ValidateNumber(value, n.Value),
            JNull => value switch
            {
                JNumber v => v.Value == 0,
                JString v => v.Value.Length == 0,
                JBool v => !v.Value,
                JNull => true,
                _ => false,
            },
            JObject => value is JObject,
            JString s => ValidateString(value, s.Value),
            _ => false,
        };
    }

    // Policies are decoded from JSON, so every pattern number is a float64 in Kyverno.
    private static bool ValidateNumber(JValue value, double pattern) => value switch
    {
        JNumber v => v.Value == pattern,
        JString s => double.TryParse(s.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && parsed == pattern,
        _ => false,
    };

    /// <summary>Kyverno's validateStringPatterns: alternatives split on |, each a conjunction split on &amp;.</summary>
    public static bool ValidateString(JValue? value, string pattern)
    {
        value ??= JValue.Null;
        if (value is JString s && s.Value == pattern)
        {
            return true;
        }

        foreach (var alternative in pattern.Split('|'))
        {
            var all = true;
            foreach (var condition in alternative.Trim(' ').Split('&'))
            {
                if (!ValidateSingle(value, condition.Trim(' ')))
                {
                    all = false;
                    break;
                }
            }

            if (all)
            {
                return true;
            }
        }

        return false;
    }

    private enum Operator
    {
        Equal,
        MoreEqual,
        LessEqual,
        NotEqual,
        More,
        Less,
        InRange,
        NotInRange,
    }

    [GeneratedRegex(@"^(\d+(\.\d+)?)([^-]*)!-(\d+(\.\d+)?)([^-]*)$")]
    private static partial Regex NotInRangeRegex();

    [GeneratedRegex(@"^(\d+(\.\d+)?)([^-]*)-(\d+(\.\d+)?)([^-]*)$")]
    private static partial Regex InRangeRegex();

    private static Operator OperatorOf(string pattern)
    {
        if (pattern.Length < 2)
        {
            return Operator.Equal;
        }

        if (pattern.StartsWith(">=", StringComparison.Ordinal))
        {
            return Operator.MoreEqual;
        }

        if (pattern.StartsWith("<=", StringComparison.Ordinal))
        {
            return Operator.LessEqual;
        }

        if (pattern[0] == '>')
        {
            return Operator.More;
        }

        if (pattern[0] == '<')
        {
            return Operator.Less;
        }

        if (pattern[0] == '!')
        {
            return Operator.NotEqual;
        }

        if (NotInRangeRegex().IsMatch(pattern))
        {
            return Operator.NotInRange;
        }

        return InRangeRegex().IsMatch(pattern) ? Operator.InRange : Operator.Equal;
    }

    private static bool ValidateSingle(JValue value, string pattern)
    {
        var op = OperatorOf(pattern);
        switch (op)
        {
            case Operator.InRange:
            {
                var dash = pattern.IndexOf('-', StringComparison.Ordinal);
                return ValidateSingle(value, ">= " + pattern[..dash]) && ValidateSingle(value, "<= " + pattern[(dash + 1)..]);
            }

            case Operator.NotInRange:
            {
                var dash = pattern.IndexOf("!-", StringComparison.Ordinal);
                return ValidateSingle(value, "< " + pattern[..dash]) || ValidateSingle(value, "> " + pattern[(dash + 2)..]);
            }
        }

        var operand = pattern[OperatorLength(op)..].Trim();
        if (CompareDuration(value, operand, op) is { } byDuration)
        {
            return byDuration;
        }

        if (CompareQuantity(value, operand, op) is { } byQuantity)
        {
            return byQuantity;
        }

        return CompareString(value, operand, op);
    }

    private static int OperatorLength(Operator op) => op switch
    {
        Operator.MoreEqual or Operator.LessEqual => 2,
        Operator.More or Operator.Less or Operator.NotEqual => 1,
        _ => 0,
    };

    private static bool? Apply(int comparison, Operator op) => op switch
    {
        Operator.Equal => comparison == 0,
        Operator.NotEqual => comparison != 0,
        Operator.More => comparison > 0,
        Operator.Less => comparison < 0,
        Operator.MoreEqual => comparison >= 0,
        Operator.LessEqual => comparison <= 0,
        _ => null,
    };

    /// <summary>Kyverno's convertNumberToString: a missing value counts as "0".</summary>
    private static string? NumberText(JValue value) => value switch
    {
        JNull => "0",
        JString s => s.Value,
        JNumber { IsInteger: true } n => n.ToString(),
        JNumber n => n.Value.ToString("F6", CultureInfo.InvariantCulture),
        _ => null,
    };

    private static bool? CompareDuration(JValue value, string pattern, Operator op)
    {
        if (!GoDuration.TryParse(pattern, out var expected) || NumberText(value) is not { } text || !GoDuration.TryParse(text, out var actual))
        {
            return null;
        }

        return Apply(actual.CompareTo(expected), op);
    }

    private static bool? CompareQuantity(JValue value, string pattern, Operator op)
    {
        if (!Quantity.TryParse(pattern, out var expected) || NumberText(value) is not { } text || !Quantity.TryParse(text, out var actual))
        {
            return null;
        }

        return Apply(actual.CompareTo(expected), op);
    }

    private static bool CompareString(JValue value, string pattern, Operator op)
    {
        if (op is not (Operator.Equal or Operator.NotEqual))
        {
            return false;
        }

        var text = value switch
        {
            JString s => s.Value,
            JNumber { IsInteger: true } n => n.ToString(),
            JNumber n => n.Value.ToString("0.################E+00", CultureInfo.InvariantCulture),
            JBool b => b.Value ? "true" : "false",
            _ => null,
        };
        if (text is null)
        {
            return false;
        }

        var matches = Wildcard.Match(pattern, text);
        return op == Operator.NotEqual ? !matches : matches;
    }
}

/// <summary>Kyverno's wildcard matching: <c>*</c> is any run of characters, <c>?</c> any one character.</summary>
internal static class Wildcard
{
    public static bool Contains(string pattern) => pattern.AsSpan().IndexOfAny('*', '?') >= 0;

    /// <summary>Linear in the text (see <see cref="Text.WildcardPattern"/>): patterns and values both come from the repository.</summary>
    public static bool Match(string pattern, string text) => Text.WildcardPattern.IsMatch(pattern, text);
}

/// <summary>Kubernetes resource quantities (<c>100m</c>, <c>1.5Gi</c>, <c>2e3</c>), compared exactly.</summary>
internal static class Quantity
{
    public static bool TryParse(string text, out decimal value)
    {
        value = 0;
        text = text.Trim();
        if (text.Length == 0)
        {
            return false;
        }

        var i = 0;
        if (text[i] is '+' or '-')
        {
            i++;
        }

        var digits = 0;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
            digits++;
        }

        if (i < text.Length && text[i] == '.')
        {
            i++;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
                digits++;
            }
        }

        if (digits == 0)
        {
            return false;
        }

        var numberText = text[..i];
        var suffix = text[i..];
        if (!decimal.TryParse(numberText, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }

        decimal multiplier;
        switch (suffix)
        {
            case "":
                multiplier = 1;
                break;
            case "n":
                multiplier = 0.000000001m;
                break;
            case "u":
                multiplier = 0.000001m;
                break;
            case "m":
                multiplier = 0.001m;
                break;
            case "k":
                multiplier = 1_000m;
                break;
            case "M":
                multiplier = 1_000_000m;
                break;
            case "G":
                multiplier = 1_000_000_000m;
                break;
            case "T":
                multiplier = 1_000_000_000_000m;
                break;
            case "P":
                multiplier = 1_000_000_000_000_000m;
                break;
            case "E":
                multiplier = 1_000_000_000_000_000_000m;
                break;
            case "Ki":
                multiplier = 1024m;
                break;
            case "Mi":
                multiplier = 1024m * 1024;
                break;
            case "Gi":
                multiplier = 1024m * 1024 * 1024;
                break;
            case "Ti":
                multiplier = 1024m * 1024 * 1024 * 1024;
                break;
            case "Pi":
                multiplier = 1024m * 1024 * 1024 * 1024 * 1024;
                break;
            case "Ei":
                multiplier = 1024m * 1024 * 1024 * 1024 * 1024 * 1024;
                break;
            default:
                if (suffix.Length < 2 || suffix[0] is not ('e' or 'E') || !int.TryParse(suffix.AsSpan(1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var exponent) || Math.Abs(exponent) > 24)
                {
                    return false;
                }

                multiplier = exponent >= 0 ? Pow10(exponent) : 1m / Pow10(-exponent);
                break;
        }

        try
        {
            value = number * multiplier;
            return true;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    private static decimal Pow10(int exponent)
    {
        var result = 1m;
        for (var i = 0; i < exponent; i++)
        {
            result *= 10;
        }

        return result;
    }
}

/// <summary>Go's time.ParseDuration ("1h30m", "300ms", "0"), as seconds.</summary>
internal static class GoDuration
{
    public static bool TryParse(string text, out double seconds)
    {
        seconds = 0;
        var s = text;
        if (s.Length == 0)
        {
            return false;
        }

        var negative = false;
        if (s[0] is '+' or '-')
        {
            negative = s[0] == '-';
            s = s[1..];
        }

        if (s == "0")
        {
            return true;
        }

        if (s.Length == 0)
        {
            return false;
        }

        var i = 0;
        var total = 0.0;
        while (i < s.Length)
        {
            var start = i;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.'))
            {
                i++;
            }

            if (i == start || !double.TryParse(s.AsSpan(start, i - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
            {
                return false;
            }

            var unitStart = i;
            while (i < s.Length && !char.IsAsciiDigit(s[i]) && s[i] != '.')
            {
                i++;
            }

            var unit = s[unitStart..i];
            var scale = unit switch
            {
                "ns" => 1e-9,
                "us" or "µs" or "μs" => 1e-6,
                "ms" => 1e-3,
                "s" => 1,
                "m" => 60,
                "h" => 3600,
                _ => double.NaN,
            };
            if (double.IsNaN(scale))
            {
                return false;
            }

            total += amount * scale;
        }

        seconds = negative ? -total : total;
        return true;
    }
}
