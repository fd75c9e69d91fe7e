using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;

namespace GitOpsAi.Core.Expressions.Cel;

/// <summary>Kubernetes' CEL string extension library (cel-go <c>ext.Strings</c>) and regex library (<c>find</c>, <c>findAll</c>).</summary>
internal static class CelStringFunctions
{
    private static readonly Type S = typeof(string);
    private static readonly Type L = typeof(long);

    public static void Register(CelFunctionRegistry env)
    {
        env.Add("charAt", [S, L], a => CharAt((string)a[0]!, (long)a[1]!));
        env.Add("indexOf", [S, S], a => (long)((string)a[0]!).IndexOf((string)a[1]!, StringComparison.Ordinal));
        env.Add("indexOf", [S, S, L], a => (long)((string)a[0]!).IndexOf((string)a[1]!, Offset((string)a[0]!, (long)a[2]!), StringComparison.Ordinal));
        env.Add("lastIndexOf", [S, S], a => (long)((string)a[0]!).LastIndexOf((string)a[1]!, StringComparison.Ordinal));
        env.Add("lowerAscii", [S], a => Ascii((string)a[0]!, upper: false));
        env.Add("upperAscii", [S], a => Ascii((string)a[0]!, upper: true));
        env.Add("replace", [S, S, S], a => ((string)a[0]!).Replace((string)a[1]!, (string)a[2]!, StringComparison.Ordinal));
        env.Add("replace", [S, S, S, L], a => Replace((string)a[0]!, (string)a[1]!, (string)a[2]!, (long)a[3]!));
        env.Add("split", [S, S], a => Split((string)a[0]!, (string)a[1]!, -1));
        env.Add("split", [S, S, L], a => Split((string)a[0]!, (string)a[1]!, (long)a[2]!));
        env.Add("substring", [S, L], a => ((string)a[0]!)[Offset((string)a[0]!, (long)a[1]!)..]);
        env.Add("substring", [S, L, L], a => Substring((string)a[0]!, (long)a[1]!, (long)a[2]!));
        env.Add("trim", [S], a => ((string)a[0]!).Trim());
        env.Add("reverse", [S], a => new string(((string)a[0]!).Reverse().ToArray()));
        env.Add("join", [typeof(object?[])], a => Join((object?[])a[0]!, ""));
        env.Add("join", [typeof(object?[]), S], a => Join((object?[])a[0]!, (string)a[1]!));
        env.Add("matches", [S, S], a => Regex((string)a[1]!).IsMatch((string)a[0]!));
        env.Add("find", [S, S], a => Regex((string)a[1]!).Match((string)a[0]!) is { Success: true } m ? m.Value : "");
        env.Add("findAll", [S, S], a => Regex((string)a[1]!).Matches((string)a[0]!).Select(m => (object?)m.Value).ToArray());
        env.Add("findAll", [S, S, L], a => Regex((string)a[1]!).Matches((string)a[0]!).Take(Limit((long)a[2]!)).Select(m => (object?)m.Value).ToArray());
    }

    /// <summary>
    /// RE2 (the engine Kubernetes uses) never backtracks; the non-backtracking engine keeps that promise here, so a
    /// policy's pattern cannot hang the analysis. A pattern it cannot take is an error, never a silent "no match".
    /// </summary>
    private static Regex Regex(string pattern)
    {
        // Building a non-backtracking regex costs far more than matching with it, and a policy matches the same few
        // patterns on every object: built anew per call they were a tenth of the corpus check.
        var compiled = Compiled.TryGetValue(pattern, out var known) ? known : Remember(pattern, Compile(pattern));
        return compiled.Regex ?? throw compiled.Failure!();
    }

    private const int MaxCached = 1024;

    private static readonly ConcurrentDictionary<string, (Regex? Regex, Func<Exception>? Failure)> Compiled = new(StringComparer.Ordinal);

    private static (Regex? Regex, Func<Exception>? Failure) Remember(string pattern, (Regex?, Func<Exception>?) compiled)
    {
        if (Compiled.Count >= MaxCached)
        {
            Compiled.Clear(); // patterns computed from data could otherwise grow it without bound
        }

        return Compiled.GetOrAdd(pattern, compiled);
    }

    private static (Regex? Regex, Func<Exception>? Failure) Compile(string pattern)
    {
        try
        {
            return (new Regex(pattern, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant), null);
        }
        catch (NotSupportedException)
        {
            return (null, () => new CelUnsupportedException($"the regular expression '{pattern}'"));
        }
        catch (ArgumentException e)
        {
            var message = e.Message;
            return (null, () => new CelEvaluationException($"invalid regular expression '{pattern}': {message}"));
        }
    }

    private static int Limit(long n) => n < 0 ? int.MaxValue : (int)Math.Min(n, int.MaxValue);

    private static int Offset(string s, long i) =>
        i < 0 || i > s.Length ? throw new CelEvaluationException($"index out of range: {i}") : (int)i;

    private static string CharAt(string s, long i) => Offset(s, i) == s.Length ? "" : s[(int)i].ToString();

    private static string Substring(string s, long start, long end) =>
        end < start ? throw new CelEvaluationException($"invalid substring range. start: {start}, end: {end}") : s[Offset(s, start)..Offset(s, end)];

    private static string Ascii(string s, bool upper)
    {
        var chars = s.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (chars[i] < 128)
            {
                chars[i] = upper ? char.ToUpperInvariant(chars[i]) : char.ToLowerInvariant(chars[i]);
            }
        }

        return new string(chars);
    }

    private static string Replace(string s, string from, string to, long n)
    {
        if (n < 0)
        {
            return s.Replace(from, to, StringComparison.Ordinal);
        }

        var result = new StringBuilder();
        var at = 0;
        for (var done = 0L; done < n; done++)
        {
            var next = s.IndexOf(from, at, StringComparison.Ordinal);
            if (next < 0 || from.Length == 0)
            {
                break;
            }

            result.Append(s, at, next - at).Append(to);
            at = next + from.Length;
        }

        return result.Append(s, at, s.Length - at).ToString();
    }

    private static object?[] Split(string s, string separator, long n)
    {
        if (n == 0)
        {
            return [];
        }

        var parts = separator.Length == 0
            ? s.Select(c => c.ToString()).ToArray()
            : n < 0 ? s.Split(separator) : s.Split(separator, (int)Math.Min(n, int.MaxValue));
        return parts.Cast<object?>().ToArray();
    }

    private static string Join(object?[] list, string separator) =>
        string.Join(separator, list.Select(v => v as string ?? throw new CelEvaluationException("join needs a list of strings")));
}
