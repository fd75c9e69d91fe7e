using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace GitOpsAi.Core.Expressions.Cel;

/// <summary>
/// The variables of one evaluation, which also answer a dotted path (<c>object.spec.template</c>) by walking maps.
/// The library asks for a selection's whole text before anything else; when nothing answers, it first scans every
/// protobuf descriptor it knows for an enum of that name (a list built anew on each selection) and then evaluates the
/// parent selection the same way, so one <c>object.spec.containers</c> cost three descriptor scans: a fifth of the
/// corpus check. Answering here gives exactly what the library's own walk gives (it selects a map's key and nothing
/// else on a <c>Dictionary&lt;string, object?&gt;</c>); anything else (a missing key, a null on the way, a list, an
/// index, a name a macro binds) is left to the library.
/// </summary>
internal sealed partial class CelScope : Dictionary<string, object?>, IDictionary<string, object?>
{
    private readonly HashSet<string> _boundByMacros;

    public CelScope(IReadOnlyDictionary<string, object?> variables, HashSet<string> boundByMacros)
        : base(variables, StringComparer.Ordinal)
    {
        _boundByMacros = boundByMacros;
    }

    // The library calls this through IDictionary: re-implemented so that it, and only it, walks paths. The path is read
    // in place (spans, no substrings): the library asks this for every selection of every evaluation.
    bool IDictionary<string, object?>.TryGetValue(string key, [MaybeNullWhen(false)] out object? value)
    {
        if (TryGetValue(key, out value))
        {
            return true;
        }

        value = null;
        var dot = key.IndexOf('.');
        if (dot <= 0)
        {
            return false;
        }

        var head = key.AsSpan(0, dot);
        if (_boundByMacros.GetAlternateLookup<ReadOnlySpan<char>>().Contains(head) || !GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(head, out var current))
        {
            return false;
        }

        var rest = key.AsSpan(dot + 1);
        while (true)
        {
            var next = rest.IndexOf('.');
            var segment = next < 0 ? rest : rest[..next];
            if (!IsIdentifier(segment) || current is not Dictionary<string, object?> map || !Select(map, segment, out current))
            {
                return false;
            }

            if (next < 0)
            {
                value = current;
                return true;
            }

            rest = rest[(next + 1)..];
        }
    }

    private static bool Select(Dictionary<string, object?> map, ReadOnlySpan<char> key, out object? value) =>
        map.TryGetAlternateLookup<ReadOnlySpan<char>>(out var lookup) ? lookup.TryGetValue(key, out value) : map.TryGetValue(key.ToString(), out value);

    /// <summary>The names the expression's macros bind (<c>all(c, ...)</c>): a path starting with one is the macro's, not ours.</summary>
    public static HashSet<string> MacroVariables(string expression) =>
        MacroVariable().Matches(expression).Select(m => m.Groups["name"].Value).ToHashSet(StringComparer.Ordinal);

    private static bool IsIdentifier(ReadOnlySpan<char> segment)
    {
        if (segment.Length == 0 || !(char.IsAsciiLetter(segment[0]) || segment[0] == '_'))
        {
            return false;
        }

        foreach (var c in segment)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Any name followed by a comma right after an opening parenthesis: more than the macros bind, never less.</summary>
    [GeneratedRegex(@"\(\s*(?<name>[A-Za-z_][A-Za-z0-9_]*)\s*,")]
    private static partial Regex MacroVariable();
}
