using System.Text;

namespace GitOpsAi.Core.Expressions.Cel;

/// <summary>
/// Rewrites the CEL syntax Kubernetes uses that the library does not know into calls it can evaluate:
/// optional selection <c>a.?b</c> and indexing <c>a[?k]</c> (with the selections that follow an optional) become
/// <c>__optSelect(a, 'b')</c> / <c>__optIndex(a, k)</c>, and the three-argument <c>l.map(x, p, e)</c> becomes
/// <c>l.filter(x, p).map(x, e)</c>. Works on tokens, so strings and comments are never touched.
/// </summary>
internal static class CelSyntaxRewriter
{
    public const string OptSelect = "__optSelect";
    public const string OptIndex = "__optIndex";

    private enum TokKind
    {
        Ident,
        Literal,
        Punct,
    }

    private readonly record struct Tok(TokKind Kind, string Text);

    public static string Rewrite(string expression)
    {
        if (!expression.Contains('?') && !expression.Contains("map", StringComparison.Ordinal))
        {
            return expression;
        }

        var tokens = Tokenize(expression);
        if (tokens is null)
        {
            return expression; // the parser reports what is wrong with it
        }

        var changed = false;
        for (var i = 0; i < tokens.Count; i++)
        {
            changed |= TryOptional(tokens, ref i) || TryThreeArgumentMap(tokens, i);
        }

        return changed ? Join(tokens) : expression;
    }

    private static bool TryOptional(List<Tok> t, ref int i)
    {
        var isSelect = Is(t, i, ".") && Is(t, i + 1, "?") && At(t, i + 2, TokKind.Ident);
        var isIndex = Is(t, i, "[") && Is(t, i + 1, "?");
        if ((!isSelect && !isIndex) || i == 0 || OperandStart(t, i - 1) is not { } start)
        {
            return false;
        }

        var operand = t.GetRange(start, i - start);
        int end;
        List<Tok> argument;
        if (isSelect)
        {
            end = i + 2;
            argument = [new Tok(TokKind.Literal, Quote(t[i + 2].Text))];
        }
        else if (Matching(t, i) is { } close)
        {
            end = close;
            argument = t.GetRange(i + 2, close - i - 2);
        }
        else
        {
            return false;
        }

        var call = Call(isSelect ? OptSelect : OptIndex, operand, argument);
        t.RemoveRange(start, end - start + 1);
        t.InsertRange(start, call);
        i = start + call.Count - 1;

        // What follows an optional stays optional: a.?b.c is optional too.
        while (true)
        {
            if (Is(t, i + 1, ".") && At(t, i + 2, TokKind.Ident) && !Is(t, i + 3, "("))
            {
                ReplaceTail(t, start, ref i, OptSelect, i + 2, [new Tok(TokKind.Literal, Quote(t[i + 2].Text))]);
            }
            else if (Is(t, i + 1, "[") && !Is(t, i + 2, "?") && Matching(t, i + 1) is { } close)
            {
                ReplaceTail(t, start, ref i, OptIndex, close, t.GetRange(i + 2, close - i - 2));
            }
            else
            {
                return true;
            }
        }
    }

    private static void ReplaceTail(List<Tok> t, int start, ref int i, string function, int end, List<Tok> argument)
    {
        var call = Call(function, t.GetRange(start, i - start + 1), argument);
        t.RemoveRange(start, end - start + 1);
        t.InsertRange(start, call);
        i = start + call.Count - 1;
    }

    private static bool TryThreeArgumentMap(List<Tok> t, int i)
    {
        if (!Is(t, i, ".") || !Is(t, i + 1, "map") || !Is(t, i + 2, "(") || Matching(t, i + 2) is not { } close)
        {
            return false;
        }

        var args = SplitArguments(t, i + 3, close);
        if (args.Count != 3)
        {
            return false;
        }

        var replacement = new List<Tok> { new(TokKind.Punct, "."), new(TokKind.Ident, "filter"), new(TokKind.Punct, "(") };
        replacement.AddRange(args[0]);
        replacement.Add(new Tok(TokKind.Punct, ","));
        replacement.AddRange(args[1]);
        replacement.AddRange([new(TokKind.Punct, ")"), new(TokKind.Punct, "."), new(TokKind.Ident, "map"), new(TokKind.Punct, "(")]);
        replacement.AddRange(args[0]);
        replacement.Add(new Tok(TokKind.Punct, ","));
        replacement.AddRange(args[2]);
        replacement.Add(new Tok(TokKind.Punct, ")"));
        t.RemoveRange(i, close - i + 1);
        t.InsertRange(i, replacement);
        return true;
    }

    private static List<List<Tok>> SplitArguments(List<Tok> t, int from, int close)
    {
        var args = new List<List<Tok>>();
        var current = new List<Tok>();
        for (var k = from; k < close; k++)
        {
            if (t[k].Kind == TokKind.Punct && t[k].Text is "(" or "[" or "{" && Matching(t, k) is { } inner)
            {
                current.AddRange(t.GetRange(k, inner - k + 1));
                k = inner;
            }
            else if (Is(t, k, ","))
            {
                args.Add(current);
                current = [];
            }
            else
            {
                current.Add(t[k]);
            }
        }

        args.Add(current);
        return args;
    }

    /// <summary>Where the member expression ending at <paramref name="end"/> starts (a.b(c)[d] as one operand).</summary>
    private static int? OperandStart(List<Tok> t, int end)
    {
        var k = end;
        while (true)
        {
            if (t[k].Kind == TokKind.Punct && t[k].Text is ")" or "]" or "}")
            {
                if (MatchingBackward(t, k) is not { } open)
                {
                    return null;
                }

                k = open;
                var callOrIndex = k > 0 && (t[k - 1].Kind == TokKind.Ident || (t[k].Text == "[" && Is(t, k - 1, ")") || Is(t, k - 1, "]")));
                if (t[k].Text == "[" && callOrIndex)
                {
                    k--;
                    continue; // an index: the operand goes on to the left
                }

                if (t[k].Text == "(" && callOrIndex)
                {
                    k--;
                }
            }
            else if (t[k].Kind == TokKind.Punct)
            {
                return null;
            }

            if (k > 1 && Is(t, k - 1, "."))
            {
                k -= 2;
                continue;
            }

            return k;
        }
    }

    private static List<Tok> Call(string function, List<Tok> operand, List<Tok> argument)
    {
        var call = new List<Tok>(operand.Count + argument.Count + 4) { new(TokKind.Ident, function), new(TokKind.Punct, "(") };
        call.AddRange(operand);
        call.Add(new Tok(TokKind.Punct, ","));
        call.AddRange(argument);
        call.Add(new Tok(TokKind.Punct, ")"));
        return call;
    }

    private static int? Matching(List<Tok> t, int open)
    {
        var depth = 0;
        for (var k = open; k < t.Count; k++)
        {
            if (t[k].Kind != TokKind.Punct)
            {
                continue;
            }

            depth += t[k].Text switch { "(" or "[" or "{" => 1, ")" or "]" or "}" => -1, _ => 0 };
            if (depth == 0)
            {
                return k;
            }
        }

        return null;
    }

    private static int? MatchingBackward(List<Tok> t, int close)
    {
        var depth = 0;
        for (var k = close; k >= 0; k--)
        {
            if (t[k].Kind != TokKind.Punct)
            {
                continue;
            }

            depth += t[k].Text switch { ")" or "]" or "}" => 1, "(" or "[" or "{" => -1, _ => 0 };
            if (depth == 0)
            {
                return k;
            }
        }

        return null;
    }

    private static bool Is(List<Tok> t, int i, string text) => i >= 0 && i < t.Count && t[i].Kind != TokKind.Literal && t[i].Text == text;

    private static bool At(List<Tok> t, int i, TokKind kind) => i >= 0 && i < t.Count && t[i].Kind == kind;

    private static string Quote(string name) => "'" + name + "'";

    private static string Join(List<Tok> tokens)
    {
        var text = new StringBuilder();
        foreach (var tok in tokens)
        {
            if (text.Length > 0 && tok.Kind != TokKind.Punct && char.IsLetterOrDigit(text[^1]))
            {
                text.Append(' ');
            }
            else if (text.Length > 0 && tok.Kind == TokKind.Punct && tok.Text is "&&" or "||" or "==" or "!=" or "<=" or ">=" or "<" or ">" or "?" or ":")
            {
                text.Append(' ');
            }

            text.Append(tok.Text);
            if (tok.Kind == TokKind.Punct && tok.Text is "&&" or "||" or "==" or "!=" or "<=" or ">=" or "<" or ">" or "?" or ":" or ",")
            {
                text.Append(' ');
            }
        }

        return text.ToString();
    }

    /// <summary>CEL tokens; null when a string never ends (the parser will say so).</summary>
    private static List<Tok>? Tokenize(string s)
    {
        var tokens = new List<Tok>();
        var i = 0;
        while (i < s.Length)
        {
            var c = s[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '/' && i + 1 < s.Length && s[i + 1] == '/')
            {
                while (i < s.Length && s[i] != '\n')
                {
                    i++;
                }
            }
            else if (IsStringStart(s, i, out var prefix))
            {
                var start = i;
                i += prefix;
                var quote = s[i];
                var triple = i + 2 < s.Length && s[i + 1] == quote && s[i + 2] == quote;
                var raw = s.AsSpan(start, prefix).ContainsAny('r', 'R');
                i += triple ? 3 : 1;
                while (true)
                {
                    if (i >= s.Length)
                    {
                        return null;
                    }

                    if (s[i] == '\\' && !raw)
                    {
                        i += 2;
                        continue;
                    }

                    if (s[i] == quote && (!triple || (i + 2 < s.Length && s[i + 1] == quote && s[i + 2] == quote)))
                    {
                        i += triple ? 3 : 1;
                        break;
                    }

                    i++;
                }

                tokens.Add(new Tok(TokKind.Literal, s[start..i]));
            }
            else if (char.IsLetter(c) || c == '_')
            {
                var start = i;
                while (i < s.Length && (char.IsLetterOrDigit(s[i]) || s[i] == '_'))
                {
                    i++;
                }

                tokens.Add(new Tok(TokKind.Ident, s[start..i]));
            }
            else if (char.IsDigit(c) || (c == '.' && i + 1 < s.Length && char.IsDigit(s[i + 1]) && !(tokens.Count > 0 && tokens[^1].Kind != TokKind.Punct)))
            {
                var start = i;
                while (i < s.Length && (char.IsLetterOrDigit(s[i]) || s[i] == '.' || ((s[i] == '+' || s[i] == '-') && s[i - 1] is 'e' or 'E')))
                {
                    i++;
                }

                tokens.Add(new Tok(TokKind.Literal, s[start..i]));
            }
            else
            {
                var two = i + 1 < s.Length ? s.Substring(i, 2) : "";
                var op = two is "&&" or "||" or "==" or "!=" or "<=" or ">=" ? two : c.ToString();
                tokens.Add(new Tok(TokKind.Punct, op));
                i += op.Length;
            }
        }

        return tokens;
    }

    private static bool IsStringStart(string s, int i, out int prefix)
    {
        prefix = 0;
        while (i + prefix < s.Length && prefix < 2 && s[i + prefix] is 'r' or 'R' or 'b' or 'B')
        {
            prefix++;
        }

        if (i + prefix < s.Length && s[i + prefix] is '"' or '\'' && (prefix == 0 || i == 0 || !(char.IsLetterOrDigit(s[i - 1]) || s[i - 1] == '_')))
        {
            return true;
        }

        prefix = 0;
        return s[i] is '"' or '\'';
    }
}
