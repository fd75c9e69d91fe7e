using System.Globalization;
using GitOpsAi.Core.Expressions.JmesPath;

namespace GitOpsAi.Core.Kyverno;

/// <summary>One <c>{key, operator, value}</c> condition of preconditions or deny.</summary>
internal sealed record Condition(JValue Key, string Operator, JValue Value);

/// <summary>An any/all block of conditions (a plain list is an "all").</summary>
internal sealed record ConditionBlock(IReadOnlyList<Condition>? Any, IReadOnlyList<Condition> All);

/// <summary>The outcome of a condition block, with the values that decided it (to place a deny finding).</summary>
internal sealed record ConditionResult(bool Passed, IReadOnlyList<(string Operator, JValue Key, JValue Value)> Deciding);

/// <summary>Kyverno's condition operators, evaluated on substituted keys and values.</summary>
internal static class Conditions
{
    public static readonly IReadOnlySet<string> Operators = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "Equals", "NotEquals", "Equal", "NotEqual", "In", "NotIn", "AnyIn", "AllIn", "AnyNotIn", "AllNotIn",
        "GreaterThan", "GreaterThanOrEquals", "LessThan", "LessThanOrEquals",
        "DurationGreaterThan", "DurationGreaterThanOrEquals", "DurationLessThan", "DurationLessThanOrEquals",
    };

    /// <summary>Evaluates the block as Kyverno does: any (one true suffices, if present) and all (every one true).</summary>
    public static ConditionResult Evaluate(ConditionBlock block, EvalContext context)
    {
        var deciding = new List<(string, JValue, JValue)>();
        if (block.Any is { } any)
        {
            var anyTrue = false;
            foreach (var condition in any)
            {
                var (result, key, value) = Evaluate(condition, context);
                if (result)
                {
                    anyTrue = true;
                    deciding.Add((condition.Operator, key, value));
                    break;
                }
            }

            if (!anyTrue)
            {
                return new ConditionResult(false, []);
            }
        }

        foreach (var condition in block.All)
        {
            var (result, key, value) = Evaluate(condition, context);
            if (!result)
            {
                return new ConditionResult(false, []);
            }

            deciding.Add((condition.Operator, key, value));
        }

        return new ConditionResult(true, deciding);
    }

    private static (bool Result, JValue Key, JValue Value) Evaluate(Condition condition, EvalContext context)
    {
        var key = Variables.SubstituteAll(condition.Key, context, lenient: true);
        var value = Variables.SubstituteAll(condition.Value, context, lenient: true);
        return (Apply(condition.Operator, key, value), key, value);
    }

    public static bool Apply(string op, JValue key, JValue value)
    {
        switch (op.ToLowerInvariant())
        {
            case "equals" or "equal":
                return AreEqual(key, value);
            case "notequals" or "notequal":
                return !AreEqual(key, value);
            case "in":
                return key is JArray ? InSet(key, value, SetMode.All) : InSet(key, value, SetMode.Any);
            case "notin":
                return key is JArray ? InSet(key, value, SetMode.AnyNot) : InSet(key, value, SetMode.AllNot);
            case "anyin":
                return InSet(key, value, SetMode.Any);
            case "allin":
                return InSet(key, value, SetMode.All);
            case "anynotin":
                return InSet(key, value, SetMode.AnyNot);
            case "allnotin":
                return InSet(key, value, SetMode.AllNot);
            case "greaterthan":
                return Numeric(key, value) is { } gt && gt > 0;
            case "greaterthanorequals":
                return Numeric(key, value) is { } ge && ge >= 0;
            case "lessthan":
                return Numeric(key, value) is { } lt && lt < 0;
            case "lessthanorequals":
                return Numeric(key, value) is { } le && le <= 0;
            case "durationgreaterthan":
                return Durations(key, value) is { } dgt && dgt > 0;
            case "durationgreaterthanorequals":
                return Durations(key, value) is { } dge && dge >= 0;
            case "durationlessthan":
                return Durations(key, value) is { } dlt && dlt < 0;
            case "durationlessthanorequals":
                return Durations(key, value) is { } dle && dle <= 0;
            default:
                throw new VariableException($"unknown operator {op}");
        }
    }

    private static bool AreEqual(JValue key, JValue value)
    {
        switch (key)
        {
            case JBool b:
                return value is JBool v && v.Value == b.Value;
            case JNumber n:
                return value switch
                {
                    JNumber other => other.Value == n.Value,
                    JString s => n.IsInteger
                        ? long.TryParse(s.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) && l == n.Value
                        : double.TryParse(s.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d == n.Value,
                    _ => false,
                };
            case JString s:
            {
                if (DurationPair(key, value) is { } durations)
                {
                    return durations.Key == durations.Value;
                }

                if (Quantity.TryParse(s.Value, out var quantity))
                {
                    // A quantity key compares only with a quantity string.
                    if (value is JString vs)
                    {
                        return Quantity.TryParse(vs.Value, out var other) && quantity == other;
                    }

                    return false;
                }

                return value is JString pattern && Wildcard.Match(pattern.Value, s.Value);
            }

            case JObject or JArray:
                return JValue.DeepEquals(key, value);
            default:
                return false;
        }
    }

    private enum SetMode
    {
        Any,
        All,
        AnyNot,
        AllNot,
    }

    private static bool InSet(JValue key, JValue value, SetMode mode)
    {
        List<string> keys;
        switch (key)
        {
            case JString s:
                keys = [s.Value];
                break;
            case JNumber or JBool:
                keys = [key.ToSprint()];
                break;
            case JArray array:
                keys = array.Items.Select(i => i.ToSprint()).ToList();
                break;
            default:
                return false;
        }

        Func<string, bool> contains;
        switch (value)
        {
            case JArray values:
            {
                var candidates = values.Items.Select(i => i.ToSprint()).ToList();
                contains = k => candidates.Any(v => Wildcard.Match(k, v) || Wildcard.Match(v, k));
                break;
            }

            case JString s:
            {
                if (keys.Count == 1 && keys[0] == s.Value)
                {
                    contains = _ => true;
                    break;
                }

                if (IsRange(s.Value))
                {
                    contains = k => PatternValues.ValidateString(JValue.String(k), s.Value);
                    break;
                }

                var candidates = ParseStringArray(s.Value) ?? [s.Value];
                contains = k => candidates.Any(v => Wildcard.Match(k, v) || Wildcard.Match(v, k));
                break;
            }

            default:
                return false;
        }

        return mode switch
        {
            SetMode.Any => keys.Any(contains),
            SetMode.All => keys.All(contains),
            SetMode.AnyNot => keys.Any(k => !contains(k)),
            _ => keys.All(k => !contains(k)),
        };
    }

    private static bool IsRange(string text)
    {
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        return dash > 0 && dash < text.Length - 1 && char.IsAsciiDigit(text[0]) && char.IsAsciiDigit(text[dash + 1]) && text.IndexOf('-', dash + 1) < 0;
    }

    private static List<string>? ParseStringArray(string text)
    {
        var trimmed = text.Trim();
        if (!trimmed.StartsWith('['))
        {
            return null;
        }

        try
        {
            return System.Text.Json.JsonSerializer.Deserialize<List<string>>(trimmed);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>Kyverno's numeric operators: numbers, numeric strings, durations and quantities. Null when incomparable.</summary>
    private static int? Numeric(JValue key, JValue value)
    {
        if (DurationPair(key, value) is { } durations)
        {
            return durations.Key.CompareTo(durations.Value);
        }

        switch (key)
        {
            case JNumber n:
                return NumberAgainst(n.Value, value);
            case JString s:
                if (double.TryParse(s.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                {
                    return NumberAgainst(number, value);
                }

                if (Quantity.TryParse(s.Value, out var quantity) && value is JString vs && Quantity.TryParse(vs.Value, out var other))
                {
                    return quantity.CompareTo(other);
                }

                return null;
            default:
                return null;
        }
    }

    private static int? NumberAgainst(double key, JValue value) => value switch
    {
        JNumber v => key.CompareTo(v.Value),
        JString s when double.TryParse(s.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => key.CompareTo(d),
        _ => null,
    };

    /// <summary>Kyverno's parseDuration: at least one side a Go duration string (not "0"), the other a duration or seconds.</summary>
    private static (double Key, double Value)? DurationPair(JValue key, JValue value)
    {
        double? AsDuration(JValue v) => v is JString s && s.Value != "0" && GoDuration.TryParse(s.Value, out var seconds) ? seconds : null;
        double? AsSeconds(JValue v) => v is JNumber n ? n.Value : null;

        var keyDuration = AsDuration(key);
        var valueDuration = AsDuration(value);
        if (keyDuration is null && valueDuration is null)
        {
            return null;
        }

        var k = keyDuration ?? AsSeconds(key);
        var v = valueDuration ?? AsSeconds(value);
        return k is { } kk && v is { } vv ? (kk, vv) : null;
    }

    private static int? Durations(JValue key, JValue value)
    {
        double? Seconds(JValue v) => v switch
        {
            JString s when GoDuration.TryParse(s.Value, out var seconds) => seconds,
            JNumber n => n.Value,
            _ => null,
        };

        return Seconds(key) is { } k && Seconds(value) is { } v ? k.CompareTo(v) : null;
    }
}
