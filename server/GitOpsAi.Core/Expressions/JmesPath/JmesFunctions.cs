using GitOpsAi.Core.Text;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using GitOpsAi.Core.Kyverno;

namespace GitOpsAi.Core.Expressions.JmesPath;

/// <summary>
/// The JMESPath built-in functions and the Kyverno extensions that depend only on their arguments. Functions that read
/// the clock, draw random numbers or parse certificates are not here: rules using them are reported as unsupported.
/// </summary>
internal static class JmesFunctions
{
    private delegate JValue Function(JFunctionArgument[] args, Func<JmesNode, Func<JValue, JValue>> apply);

    private static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(200);

    private static readonly Dictionary<string, Function> Functions = new(StringComparer.Ordinal)
    {
        // JMESPath.
        ["abs"] = (a, _) => JValue.Number(Math.Abs(Num(a, 0, "abs"))),
        ["avg"] = (a, _) => Numbers(a, 0, "avg") is { Count: > 0 } n ? JValue.Number(n.Average()) : JValue.Null,
        ["ceil"] = (a, _) => JValue.Number(Math.Ceiling(Num(a, 0, "ceil"))),
        ["floor"] = (a, _) => JValue.Number(Math.Floor(Num(a, 0, "floor"))),
        ["contains"] = (a, _) => Contains(Arg(a, 0, "contains"), Arg(a, 1, "contains")),
        ["ends_with"] = (a, _) => JValue.Bool(Str(a, 0, "ends_with").EndsWith(Str(a, 1, "ends_with"), StringComparison.Ordinal)),
        ["starts_with"] = (a, _) => JValue.Bool(Str(a, 0, "starts_with").StartsWith(Str(a, 1, "starts_with"), StringComparison.Ordinal)),
        ["join"] = (a, _) => JValue.String(string.Join(Str(a, 0, "join"), Arr(a, 1, "join").Items.Select(i => i is JString s ? s.Value : throw new JmesException("join expects an array of strings")))),
        ["keys"] = (a, _) => new JArray(Obj(a, 0, "keys").Keys.Select(k => (JValue)JValue.String(k)).ToList()),
        ["values"] = (a, _) => new JArray(Obj(a, 0, "values").Entries.Select(e => e.Value).ToList()),
        ["length"] = (a, _) => Arg(a, 0, "length") switch
        {
            JString s => JValue.Number(new StringInfo(s.Value).LengthInTextElements),
            JArray arr => JValue.Number(arr.Items.Count),
            JObject o => JValue.Number(o.Count),
            _ => throw new JmesException("length expects a string, an array or an object"),
        },
        ["map"] = (a, apply) => new JArray(Arr(a, 1, "map").Items.Select(apply(Expr(a, 0, "map"))).ToList()),
        ["max"] = (a, _) => MinMax(Arr(a, 0, "max"), max: true),
        ["min"] = (a, _) => MinMax(Arr(a, 0, "min"), max: false),
        ["max_by"] = (a, apply) => MinMaxBy(Arr(a, 0, "max_by"), apply(Expr(a, 1, "max_by")), max: true),
        ["min_by"] = (a, apply) => MinMaxBy(Arr(a, 0, "min_by"), apply(Expr(a, 1, "min_by")), max: false),
        ["merge"] = (a, _) =>
        {
            var merged = new JObject();
            foreach (var argument in a)
            {
                foreach (var (key, value) in (argument.Value as JObject ?? throw new JmesException("merge expects objects")).Entries)
                {
                    merged.Set(key, value);
                }
            }

            return merged;
        },
        ["not_null"] = (a, _) => a.Select(x => x.Value).FirstOrDefault(v => v is not null && !v.IsNull) ?? JValue.Null,
        ["reverse"] = (a, _) => Arg(a, 0, "reverse") switch
        {
            JString s => JValue.String(new string(s.Value.Reverse().ToArray())),
            JArray arr => new JArray(arr.Items.Reverse().ToList()),
            _ => throw new JmesException("reverse expects a string or an array"),
        },
        ["sort"] = (a, _) => Sort(Arr(a, 0, "sort")),
        ["sort_by"] = (a, apply) => SortBy(Arr(a, 0, "sort_by"), apply(Expr(a, 1, "sort_by"))),
        ["sum"] = (a, _) => KyvernoArithmetic.Sum(Arr(a, 0, "sum")),
        ["to_array"] = (a, _) => Arg(a, 0, "to_array") is JArray arr ? arr : new JArray([Arg(a, 0, "to_array")]),
        ["to_number"] = (a, _) => Arg(a, 0, "to_number") switch
        {
            JNumber n => n,
            JString s when double.TryParse(s.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => JValue.Number(d),
            _ => JValue.Null,
        },
        ["to_string"] = (a, _) => Arg(a, 0, "to_string") is JString s ? s : JValue.String(Arg(a, 0, "to_string").ToJson()),
        ["type"] = (a, _) => JValue.String(Arg(a, 0, "type").Kind switch
        {
            JKind.Null => "null",
            JKind.Bool => "boolean",
            JKind.Number => "number",
            JKind.String => "string",
            JKind.Array => "array",
            _ => "object",
        }),

        // JMESPath community edition (which Kyverno builds on).
        ["items"] = (a, _) => a.Length >= 3
            ? new JArray(Obj(a, 0, "items").Entries.Select(e => (JValue)new JObject([new(Str(a, 1, "items"), JValue.String(e.Key)), new(Str(a, 2, "items"), e.Value)])).ToList())
            : new JArray(Obj(a, 0, "items").Entries.Select(e => (JValue)new JArray([JValue.String(e.Key), e.Value])).ToList()),
        ["from_items"] = (a, _) => new JObject(Arr(a, 0, "from_items").Items.Select(i => i is JArray { Items.Count: 2 } pair && pair.Items[0] is JString k
            ? new KeyValuePair<string, JValue>(k.Value, pair.Items[1])
            : throw new JmesException("from_items expects [key, value] pairs"))),
        ["lower"] = (a, _) => JValue.String(Str(a, 0, "lower").ToLowerInvariant()),
        ["upper"] = (a, _) => JValue.String(Str(a, 0, "upper").ToUpperInvariant()),
        ["to_lower"] = (a, _) => JValue.String(Str(a, 0, "to_lower").ToLowerInvariant()),
        ["to_upper"] = (a, _) => JValue.String(Str(a, 0, "to_upper").ToUpperInvariant()),
        ["trim_left"] = (a, _) => JValue.String(a.Length > 1 ? Str(a, 0, "trim_left").TrimStart(Str(a, 1, "trim_left").ToCharArray()) : Str(a, 0, "trim_left").TrimStart()),
        ["trim_right"] = (a, _) => JValue.String(a.Length > 1 ? Str(a, 0, "trim_right").TrimEnd(Str(a, 1, "trim_right").ToCharArray()) : Str(a, 0, "trim_right").TrimEnd()),
        ["find_first"] = (a, _) => JValue.Number(FindIndex(Str(a, 0, "find_first"), Str(a, 1, "find_first"), last: false)),
        ["find_last"] = (a, _) => JValue.Number(FindIndex(Str(a, 0, "find_last"), Str(a, 1, "find_last"), last: true)),
        ["zip"] = (a, _) =>
        {
            var arrays = a.Select(x => x.Value as JArray ?? throw new JmesException("zip expects arrays")).ToList();
            var count = arrays.Count == 0 ? 0 : arrays.Min(x => x.Items.Count);
            return new JArray(Enumerable.Range(0, count).Select(i => (JValue)new JArray(arrays.Select(x => x.Items[i]).ToList())).ToList());
        },
        ["group_by"] = (a, apply) =>
        {
            var key = apply(Expr(a, 1, "group_by"));
            var groups = new JObject();
            foreach (var item in Arr(a, 0, "group_by").Items)
            {
                var k = key(item) is JString s ? s.Value : throw new JmesException("group_by keys must be strings");
                var existing = groups.Get(k) as JArray;
                groups.Set(k, new JArray([.. existing?.Items ?? [], item]));
            }

            return groups;
        },

        // Kyverno.
        ["compare"] = (a, _) => JValue.Number(Math.Sign(string.CompareOrdinal(Str(a, 0, "compare"), Str(a, 1, "compare")))),
        ["equal_fold"] = (a, _) => JValue.Bool(string.Equals(Str(a, 0, "equal_fold"), Str(a, 1, "equal_fold"), StringComparison.OrdinalIgnoreCase)),
        ["replace"] = (a, _) => JValue.String(Replace(Str(a, 0, "replace"), Str(a, 1, "replace"), Str(a, 2, "replace"), a.Length > 3 ? (int)Num(a, 3, "replace") : -1)),
        ["replace_all"] = (a, _) => JValue.String(Str(a, 0, "replace_all").Replace(Str(a, 1, "replace_all"), Str(a, 2, "replace_all"), StringComparison.Ordinal)),
        ["trim"] = (a, _) => JValue.String(a.Length > 1 ? Str(a, 0, "trim").Trim(Str(a, 1, "trim").ToCharArray()) : Str(a, 0, "trim").Trim()),
        ["trim_prefix"] = (a, _) => JValue.String(Str(a, 0, "trim_prefix") is var s && s.StartsWith(Str(a, 1, "trim_prefix"), StringComparison.Ordinal) ? s[Str(a, 1, "trim_prefix").Length..] : s),
        ["split"] = (a, _) => new JArray(Split(Str(a, 0, "split"), Str(a, 1, "split")).Select(p => (JValue)JValue.String(p)).ToList()),
        ["regex_match"] = (a, _) => JValue.Bool(StallTolerant.IsMatch(Regex(Str(a, 0, "regex_match")), StrOrNumber(a, 1, "regex_match"))),
        ["regex_replace_all"] = (a, _) => JValue.String(StallTolerant.Run(() => Regex(Str(a, 0, "regex_replace_all")).Replace(StrOrNumber(a, 1, "regex_replace_all"), StrOrNumber(a, 2, "regex_replace_all")))),
        ["regex_replace_all_literal"] = (a, _) => JValue.String(StallTolerant.Run(() => Regex(Str(a, 0, "regex_replace_all_literal")).Replace(StrOrNumber(a, 1, "regex_replace_all_literal"), StrOrNumber(a, 2, "regex_replace_all_literal").Replace("$", "$$", StringComparison.Ordinal)))),
        ["pattern_match"] = (a, _) => JValue.Bool(PatternValues.ValidateString(Arg(a, 1, "pattern_match"), Str(a, 0, "pattern_match"))),
        ["label_match"] = (a, _) => JValue.Bool(Obj(a, 0, "label_match").Entries.All(e => Obj(a, 1, "label_match").TryGet(e.Key, out var v) && JValue.DeepEquals(v, e.Value))),
        ["add"] = (a, _) => KyvernoArithmetic.Add(Arg(a, 0, "add"), Arg(a, 1, "add"), "add"),
        ["subtract"] = (a, _) => KyvernoArithmetic.Subtract(Arg(a, 0, "subtract"), Arg(a, 1, "subtract")),
        ["multiply"] = (a, _) => KyvernoArithmetic.Multiply(Arg(a, 0, "multiply"), Arg(a, 1, "multiply")),
        ["divide"] = (a, _) => KyvernoArithmetic.Divide(Arg(a, 0, "divide"), Arg(a, 1, "divide")),
        ["modulo"] = (a, _) => KyvernoArithmetic.Modulo(Arg(a, 0, "modulo"), Arg(a, 1, "modulo")),
        ["round"] = (a, _) => JValue.Number(Math.Round(Num(a, 0, "round"), (int)Num(a, 1, "round"), MidpointRounding.AwayFromZero)),
        ["base64_decode"] = (a, _) => JValue.String(Base64Decode(Str(a, 0, "base64_decode"))),
        ["base64_encode"] = (a, _) => JValue.String(Convert.ToBase64String(Encoding.UTF8.GetBytes(Str(a, 0, "base64_encode")))),
        ["path_canonicalize"] = (a, _) => JValue.String(CleanPath(Str(a, 0, "path_canonicalize"))),
        ["truncate"] = (a, _) => JValue.String(Str(a, 0, "truncate") is var s && s.Length > (int)Num(a, 1, "truncate") ? s[..Math.Max(0, (int)Num(a, 1, "truncate"))] : s),
        ["parse_json"] = (a, _) => ParseJson(Str(a, 0, "parse_json")),
        ["parse_yaml"] = (a, _) => ParseYaml(Str(a, 0, "parse_yaml")),
        ["lookup"] = (a, _) => Arg(a, 0, "lookup") switch
        {
            JObject o => o.Get(Str(a, 1, "lookup")) ?? JValue.Null,
            JArray arr => Num(a, 1, "lookup") is var i && i >= 0 && i < arr.Items.Count && i == Math.Floor(i) ? arr.Items[(int)i] : JValue.Null,
            _ => throw new JmesException("lookup expects an object or an array"),
        },
        ["object_from_lists"] = (a, _) =>
        {
            var keys = Arr(a, 0, "object_from_lists").Items;
            var values = Arr(a, 1, "object_from_lists").Items;
            var result = new JObject();
            for (var i = 0; i < keys.Count; i++)
            {
                if (keys[i] is JString key)
                {
                    result.Set(key.Value, i < values.Count ? values[i] : JValue.Null);
                }
            }

            return result;
        },
    };

    /// <summary>Kyverno functions that are not pure: a rule using them cannot be evaluated from the repository.</summary>
    public static readonly IReadOnlySet<string> Impure = new HashSet<string>(StringComparer.Ordinal)
    {
        "time_now", "time_now_utc", "time_since", "time_to_cron", "time_add", "time_parse", "time_utc", "time_diff",
        "time_before", "time_after", "time_between", "time_truncate", "random", "x509_decode", "image_normalize",
        "is_external_url", "sha256", "semver_compare",
    };

    public static bool IsKnown(string name) => Functions.ContainsKey(name);

    public static JValue Call(string name, JFunctionArgument[] arguments, Func<JmesNode, Func<JValue, JValue>> apply)
    {
        if (!Functions.TryGetValue(name, out var function))
        {
            throw new JmesException($"unknown function '{name}'");
        }

        return function(arguments, apply);
    }

    private static JValue Arg(JFunctionArgument[] args, int index, string name) =>
        index < args.Length && args[index].Value is { } value ? value : throw new JmesException($"{name} expects more arguments");

    private static string Str(JFunctionArgument[] args, int index, string name) =>
        Arg(args, index, name) is JString s ? s.Value : throw new JmesException($"{name} expects a string as argument {index + 1}");

    private static string StrOrNumber(JFunctionArgument[] args, int index, string name) => Arg(args, index, name) switch
    {
        JString s => s.Value,
        JNumber n => n.ToString(),
        _ => throw new JmesException($"{name} expects a string as argument {index + 1}"),
    };

    private static double Num(JFunctionArgument[] args, int index, string name) =>
        Arg(args, index, name) is JNumber n ? n.Value : throw new JmesException($"{name} expects a number as argument {index + 1}");

    private static JArray Arr(JFunctionArgument[] args, int index, string name) =>
        Arg(args, index, name) as JArray ?? throw new JmesException($"{name} expects an array as argument {index + 1}");

    private static JObject Obj(JFunctionArgument[] args, int index, string name) =>
        Arg(args, index, name) as JObject ?? throw new JmesException($"{name} expects an object as argument {index + 1}");

    private static JmesNode Expr(JFunctionArgument[] args, int index, string name) =>
        index < args.Length && args[index].Expression is { } expression ? expression : throw new JmesException($"{name} expects an expression (&...) as argument {index + 1}");

    private static List<double> Numbers(JFunctionArgument[] args, int index, string name) =>
        Arr(args, index, name).Items.Select(i => i is JNumber n ? n.Value : throw new JmesException($"{name} expects an array of numbers")).ToList();

    private static JValue Contains(JValue subject, JValue search) => subject switch
    {
        JString s => JValue.Bool(search is JString needle && s.Value.Contains(needle.Value, StringComparison.Ordinal)),
        JArray arr => JValue.Bool(arr.Items.Any(i => JValue.DeepEquals(i, search))),
        _ => throw new JmesException("contains expects a string or an array"),
    };

    private static JValue MinMax(JArray array, bool max)
    {
        if (array.Items.Count == 0)
        {
            return JValue.Null;
        }

        if (array.Items.All(i => i is JNumber))
        {
            var numbers = array.Items.Cast<JNumber>();
            return max ? numbers.MaxBy(n => n.Value)! : numbers.MinBy(n => n.Value)!;
        }

        if (array.Items.All(i => i is JString))
        {
            var strings = array.Items.Cast<JString>().OrderBy(s => s.Value, StringComparer.Ordinal);
            return max ? strings.Last() : strings.First();
        }

        throw new JmesException("max/min expect an array of numbers or of strings");
    }

    private static JValue MinMaxBy(JArray array, Func<JValue, JValue> key, bool max)
    {
        if (array.Items.Count == 0)
        {
            return JValue.Null;
        }

        var keyed = array.Items.Select(i => (Item: i, Key: key(i))).ToList();
        if (keyed.All(k => k.Key is JNumber))
        {
            return max ? keyed.MaxBy(k => ((JNumber)k.Key).Value).Item : keyed.MinBy(k => ((JNumber)k.Key).Value).Item;
        }

        if (keyed.All(k => k.Key is JString))
        {
            var ordered = keyed.OrderBy(k => ((JString)k.Key).Value, StringComparer.Ordinal).ToList();
            return max ? ordered[^1].Item : ordered[0].Item;
        }

        throw new JmesException("max_by/min_by keys must be numbers or strings");
    }

    private static JArray Sort(JArray array)
    {
        if (array.Items.All(i => i is JNumber))
        {
            return new JArray(array.Items.OrderBy(i => ((JNumber)i).Value).ToList());
        }

        if (array.Items.All(i => i is JString))
        {
            return new JArray(array.Items.OrderBy(i => ((JString)i).Value, StringComparer.Ordinal).ToList());
        }

        throw new JmesException("sort expects an array of numbers or of strings");
    }

    private static JArray SortBy(JArray array, Func<JValue, JValue> key)
    {
        var keyed = array.Items.Select(i => (Item: i, Key: key(i))).ToList();
        if (keyed.All(k => k.Key is JNumber))
        {
            return new JArray(keyed.OrderBy(k => ((JNumber)k.Key).Value).Select(k => k.Item).ToList());
        }

        if (keyed.All(k => k.Key is JString))
        {
            return new JArray(keyed.OrderBy(k => ((JString)k.Key).Value, StringComparer.Ordinal).Select(k => k.Item).ToList());
        }

        throw new JmesException("sort_by keys must be numbers or strings");
    }

    private static int FindIndex(string subject, string search, bool last)
    {
        var index = last ? subject.LastIndexOf(search, StringComparison.Ordinal) : subject.IndexOf(search, StringComparison.Ordinal);
        return index;
    }

    private static string Replace(string value, string oldValue, string newValue, int count)
    {
        if (count < 0 || oldValue.Length == 0)
        {
            return oldValue.Length == 0 ? value : value.Replace(oldValue, newValue, StringComparison.Ordinal);
        }

        var builder = new StringBuilder();
        var start = 0;
        for (var n = 0; n < count; n++)
        {
            var index = value.IndexOf(oldValue, start, StringComparison.Ordinal);
            if (index < 0)
            {
                break;
            }

            builder.Append(value, start, index - start).Append(newValue);
            start = index + oldValue.Length;
        }

        builder.Append(value, start, value.Length - start);
        return builder.ToString();
    }

    /// <summary>Go's strings.Split: an empty separator splits into characters.</summary>
    private static IEnumerable<string> Split(string value, string separator) =>
        separator.Length == 0 ? value.Select(c => c.ToString()) : value.Split(separator);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Regex> RegexCache = new(StringComparer.Ordinal);

    public static Regex Regex(string pattern)
    {
        if (RegexCache.TryGetValue(pattern, out var cached))
        {
            return cached;
        }

        try
        {
            var regex = new Regex(pattern, RegexOptions.CultureInvariant, RegexTimeout);
            if (RegexCache.Count < 5000)
            {
                RegexCache.TryAdd(pattern, regex);
            }

            return regex;
        }
        catch (ArgumentException exception)
        {
            throw new JmesException($"invalid regular expression '{pattern}': {exception.Message}");
        }
    }

    private static string Base64Decode(string value)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(value));
        }
        catch (FormatException)
        {
            throw new JmesException("base64_decode: the string is not base64");
        }
    }

    /// <summary>Go's filepath.Clean.</summary>
    private static string CleanPath(string path)
    {
        if (path.Length == 0)
        {
            return ".";
        }

        var rooted = path.StartsWith('/');
        var parts = new List<string>();
        foreach (var part in path.Split('/'))
        {
            if (part.Length == 0 || part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (parts.Count > 0 && parts[^1] != "..")
                {
                    parts.RemoveAt(parts.Count - 1);
                }
                else if (!rooted)
                {
                    parts.Add("..");
                }

                continue;
            }

            parts.Add(part);
        }

        var cleaned = string.Join('/', parts);
        return rooted ? "/" + cleaned : cleaned.Length == 0 ? "." : cleaned;
    }

    private static JValue ParseJson(string text)
    {
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(text);
            return JmesParser.FromJson(document.RootElement);
        }
        catch (System.Text.Json.JsonException exception)
        {
            throw new JmesException("parse_json: " + exception.Message);
        }
    }

    private static JValue ParseYaml(string text)
    {
        var parsed = Yaml.YamlParser.Parse(text);
        if (parsed.Diagnostics.Any(d => d.Severity == Diagnostics.DiagnosticSeverity.Error) || parsed.Documents.Count == 0)
        {
            throw new JmesException("parse_yaml: the text is not valid YAML");
        }

        return JValue.Strip(JValue.FromYaml(parsed.Documents[0].Root));
    }
}
