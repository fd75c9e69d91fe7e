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
    private readonly IReadOnlySet<string> _boundByMacros;

    public CelScope(IReadOnlyDictionary<string, object?> variables, IReadOnlySet<string> boundByMacros)
        : base(variables, StringComparer.Ordinal)
    {
        _boundByMacros = boundByMacros;
    }

    // The library calls this through IDictionary: re-implemented so that it, and only it, walks paths.
    bool IDictionary<string, object?>.TryGetValue(string key, [MaybeNullWhen(false)] out object? value)
    {
        if (TryGetValue(key, out value))
        {
            return true;
        }

        var dot = key.IndexOf('.');
        if (dot <= 0 || _boundByMacros.Contains(key[..dot]) || !TryGetValue(key[..dot], out var current))
        {
            value = null;
            return false;
        }

        foreach (var segment in key[(dot + 1)..].Split('.'))
        {
            if (!IsIdentifier(segment) || current is not Dictionary<string, object?> map || !map.TryGetValue(segment, out current))
            {
                value = null;
                return false;
            }
        }

        value = current;
        return true;
    }

    /// <summary>The names the expression's macros bind (<c>all(c, ...)</c>): a path starting with one is the macro's, not ours.</summary>
    public static IReadOnlySet<string> MacroVariables(string expression) =>
        MacroVariable().Matches(expression).Select(m => m.Groups["name"].Value).ToHashSet(StringComparer.Ordinal);

    private static bool IsIdentifier(string segment) =>
        segment.Length > 0 && (char.IsAsciiLetter(segment[0]) || segment[0] == '_') && segment.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    /// <summary>Any name followed by a comma right after an opening parenthesis: more than the macros bind, never less.</summary>
    [GeneratedRegex(@"\(\s*(?<name>[A-Za-z_][A-Za-z0-9_]*)\s*,")]
    private static partial Regex MacroVariable();
}
