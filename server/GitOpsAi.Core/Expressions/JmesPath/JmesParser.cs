using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace GitOpsAi.Core.Expressions.JmesPath;

/// <summary>A JMESPath expression that could not be parsed or evaluated; Kyverno would report the rule as an error.</summary>
internal sealed class JmesException(string message) : Exception(message);

internal enum JmesNodeType
{
    Identity,
    Current,
    Root,
    Field,
    Subexpression,
    Index,
    Slice,
    IndexExpression,
    Projection,
    ValueProjection,
    FilterProjection,
    Flatten,
    Pipe,
    Or,
    And,
    Not,
    Comparator,
    Literal,
    MultiSelectList,
    MultiSelectHash,
    Function,
    ExpRef,
}

/// <summary>One node of a parsed JMESPath expression (the shape of go-jmespath's AST).</summary>
internal sealed class JmesNode
{
    public JmesNode(JmesNodeType type, params JmesNode[] children)
    {
        Type = type;
        Children = children;
        Depth = 1 + (children.Length == 0 ? 0 : children.Max(c => c.Depth));
    }

    /// <summary>How deep the tree under this node goes (1 for a leaf); the parser refuses trees deeper than <see cref="JmesParser.MaxDepth"/>.</summary>
    public int Depth { get; }

    public JmesNodeType Type { get; }

    public JmesNode[] Children { get; }

    /// <summary>The field name, function name, comparator or hash key, by node type.</summary>
    public string? Name { get; init; }

    public JValue? Literal { get; init; }

    public int? Index { get; init; }

    public int?[]? SliceParts { get; init; }

    /// <summary>For multi-select hashes: the keys, one per child.</summary>
    public string[]? Keys { get; init; }

    /// <summary>This node and every node under it, walked with an explicit stack (no nested iterators).</summary>
    public IEnumerable<JmesNode> Descendants()
    {
        var pending = new Stack<JmesNode>([this]);
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            yield return node;
            for (var i = node.Children.Length - 1; i >= 0; i--)
            {
                pending.Push(node.Children[i]);
            }
        }
    }
}

/// <summary>Parses JMESPath (the spec, plus the root <c>$</c> of the community edition Kyverno uses). Parsed trees are cached.</summary>
internal static class JmesParser
{
    /// <summary>
    /// The deepest expression tree accepted. Real Kyverno expressions nest a handful of levels; the limit keeps the
    /// recursive parser and interpreter far from the end of the stack whatever a policy in the repository holds.
    /// </summary>
    public const int MaxDepth = 100;

    private static readonly ConcurrentDictionary<string, JmesNode> Cache = new(StringComparer.Ordinal);

    public static JmesNode Parse(string expression)
    {
        if (Cache.TryGetValue(expression, out var cached))
        {
            return cached;
        }

        var node = new Parser(Lexer.Tokenize(expression), expression).ParseAll();
        if (Cache.Count < 20_000)
        {
            Cache.TryAdd(expression, node);
        }

        return node;
    }

    /// <summary>Expressions are quoted in messages; a hostile 30 KB one is cut so the message stays readable.</summary>
    public static string Shorten(string expression) => expression.Length <= 120 ? expression : expression[..100] + "...";

    public static bool TryParse(string expression, out JmesNode? node, out string? error)
    {
        try
        {
            node = Parse(expression);
            error = null;
            return true;
        }
        catch (Exception exception) when (exception is JmesException or FormatException or OverflowException or ArgumentException or InvalidOperationException)
        {
            node = null;
            error = exception.Message;
            return false;
        }
    }

    internal enum TokenType
    {
        Eof,
        UnquotedIdentifier,
        QuotedIdentifier,
        RawString,
        JsonLiteral,
        Number,
        Dot,
        Star,
        LBracket,
        RBracket,
        LBrace,
        RBrace,
        LParen,
        RParen,
        Comma,
        Colon,
        Current,
        Root,
        Expref,
        Pipe,
        Or,
        And,
        Not,
        Eq,
        Ne,
        Lt,
        Lte,
        Gt,
        Gte,
        Filter,
        Flatten,
    }

    internal readonly record struct Token(TokenType Type, string Text, int Position);

    private static class Lexer
    {
        public static List<Token> Tokenize(string text)
        {
            var tokens = new List<Token>();
            var i = 0;
            while (i < text.Length)
            {
                var c = text[i];
                if (char.IsWhiteSpace(c))
                {
                    i++;
                    continue;
                }

                var start = i;
                if (char.IsAsciiLetter(c) || c == '_')
                {
                    while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_'))
                    {
                        i++;
                    }

                    tokens.Add(new Token(TokenType.UnquotedIdentifier, text[start..i], start));
                    continue;
                }

                if (char.IsAsciiDigit(c) || (c == '-' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
                {
                    i++;
                    while (i < text.Length && char.IsAsciiDigit(text[i]))
                    {
                        i++;
                    }

                    tokens.Add(new Token(TokenType.Number, text[start..i], start));
                    continue;
                }

                switch (c)
                {
                    case '"':
                        tokens.Add(new Token(TokenType.QuotedIdentifier, ReadDelimited(text, ref i, '"'), start));
                        continue;
                    case '\'':
                        tokens.Add(new Token(TokenType.RawString, ReadDelimited(text, ref i, '\''), start));
                        continue;
                    case '`':
                        tokens.Add(new Token(TokenType.JsonLiteral, ReadDelimited(text, ref i, '`'), start));
                        continue;
                    case '.':
                        tokens.Add(new Token(TokenType.Dot, ".", start));
                        break;
                    case '*':
                        tokens.Add(new Token(TokenType.Star, "*", start));
                        break;
                    case ']':
                        tokens.Add(new Token(TokenType.RBracket, "]", start));
                        break;
                    case '{':
                        tokens.Add(new Token(TokenType.LBrace, "{", start));
                        break;
                    case '}':
                        tokens.Add(new Token(TokenType.RBrace, "}", start));
                        break;
                    case '(':
                        tokens.Add(new Token(TokenType.LParen, "(", start));
                        break;
                    case ')':
                        tokens.Add(new Token(TokenType.RParen, ")", start));
                        break;
                    case ',':
                        tokens.Add(new Token(TokenType.Comma, ",", start));
                        break;
                    case ':':
                        tokens.Add(new Token(TokenType.Colon, ":", start));
                        break;
                    case '@':
                        tokens.Add(new Token(TokenType.Current, "@", start));
                        break;
                    case '$':
                        tokens.Add(new Token(TokenType.Root, "$", start));
                        break;
                    case '[':
                        if (Peek(text, i + 1) == '?')
                        {
                            tokens.Add(new Token(TokenType.Filter, "[?", start));
                            i++;
                        }
                        else if (Peek(text, i + 1) == ']')
                        {
                            tokens.Add(new Token(TokenType.Flatten, "[]", start));
                            i++;
                        }
                        else
                        {
                            tokens.Add(new Token(TokenType.LBracket, "[", start));
                        }

                        break;
                    case '|':
                        AddOneOrTwo('|', TokenType.Or, TokenType.Pipe);
                        break;
                    case '&':
                        AddOneOrTwo('&', TokenType.And, TokenType.Expref);
                        break;
                    case '!':
                        AddOneOrTwo('=', TokenType.Ne, TokenType.Not);
                        break;
                    case '=':
                        if (Peek(text, i + 1) != '=')
                        {
                            throw new JmesException($"unexpected '=' at {start} in '{text}'");
                        }

                        tokens.Add(new Token(TokenType.Eq, "==", start));
                        i++;
                        break;
                    case '<':
                        AddOneOrTwo('=', TokenType.Lte, TokenType.Lt);
                        break;
                    case '>':
                        AddOneOrTwo('=', TokenType.Gte, TokenType.Gt);
                        break;
                    default:
                        throw new JmesException($"unexpected character '{c}' at {start} in '{text}'");
                }

                i++;
            }

            tokens.Add(new Token(TokenType.Eof, string.Empty, text.Length));
            return tokens;

            // An operator of one character, or of two when the next one is `second` (| and ||, < and <=).
            void AddOneOrTwo(char second, TokenType two, TokenType one)
            {
                if (Peek(text, i + 1) == second)
                {
                    tokens.Add(new Token(two, text.Substring(i, 2), i));
                    i++;
                }
                else
                {
                    tokens.Add(new Token(one, text.Substring(i, 1), i));
                }
            }
        }

        private static char Peek(string text, int index) => index < text.Length ? text[index] : '\0';

        /// <summary>Reads a "...", '...' or `...` token; returns its raw contents (escapes of the delimiter undone).</summary>
        private static string ReadDelimited(string text, ref int i, char delimiter)
        {
            var builder = new StringBuilder();
            i++;
            while (i < text.Length && text[i] != delimiter)
            {
                if (text[i] == '\\' && i + 1 < text.Length)
                {
                    if (text[i + 1] == delimiter)
                    {
                        builder.Append(delimiter);
                        i += 2;
                        continue;
                    }

                    if (delimiter == '"')
                    {
                        // JSON string escapes, decoded below.
                        builder.Append('\\').Append(text[i + 1]);
                        i += 2;
                        continue;
                    }
                }

                builder.Append(text[i]);
                i++;
            }

            if (i >= text.Length)
            {
                throw new JmesException($"unterminated {delimiter} in '{text}'");
            }

            i++;
            return delimiter == '"' ? DecodeJsonString(builder.ToString()) : builder.ToString();
        }

        private static string DecodeJsonString(string raw)
        {
            if (!raw.Contains('\\', StringComparison.Ordinal))
            {
                return raw;
            }

            try
            {
                return System.Text.Json.JsonSerializer.Deserialize<string>("\"" + raw + "\"") ?? raw;
            }
            catch (System.Text.Json.JsonException)
            {
                throw new JmesException($"invalid quoted identifier \"{raw}\"");
            }
        }
    }

    private sealed class Parser(List<Token> tokens, string text)
    {
        private static readonly Dictionary<TokenType, int> BindingPowers = new()
        {
            [TokenType.Pipe] = 1,
            [TokenType.Or] = 2,
            [TokenType.And] = 3,
            [TokenType.Eq] = 5,
            [TokenType.Ne] = 5,
            [TokenType.Lt] = 5,
            [TokenType.Lte] = 5,
            [TokenType.Gt] = 5,
            [TokenType.Gte] = 5,
            [TokenType.Flatten] = 9,
            [TokenType.Star] = 20,
            [TokenType.Filter] = 21,
            [TokenType.Dot] = 40,
            [TokenType.Not] = 45,
            [TokenType.LBrace] = 50,
            [TokenType.LBracket] = 55,
            [TokenType.LParen] = 60,
        };

        private int _position;
        private int _nesting;

        private Token Current => tokens[_position];

        private TokenType CurrentType => tokens[_position].Type;

        private static int Power(TokenType type) => BindingPowers.GetValueOrDefault(type);

        public JmesNode ParseAll()
        {
            var node = Expression(0);
            if (CurrentType != TokenType.Eof)
            {
                throw Error($"unexpected '{Current.Text}'");
            }

            return node;
        }

        private JmesException Error(string message) => new($"{message} at {Current.Position} in '{Shorten(text)}'");

        private Token Advance()
        {
            var token = tokens[_position];
            if (_position < tokens.Count - 1)
            {
                _position++;
            }

            return token;
        }

        private void Expect(TokenType type)
        {
            if (CurrentType != type)
            {
                throw Error($"expected {type}, found '{Current.Text}'");
            }

            _position++;
        }

        private JmesNode Expression(int bindingPower)
        {
            // Every recursion of the parser passes here, and every node it builds comes out of here.
            if (++_nesting > MaxDepth)
            {
                throw Error($"the expression nests deeper than {MaxDepth} levels");
            }

            var left = Limited(Nud(Advance()));
            while (bindingPower < Power(CurrentType))
            {
                left = Limited(Led(Advance(), left));
            }

            _nesting--;
            return left;
        }

        /// <summary>A left-nested chain (<c>a.b.c...</c>) grows the tree without recursing, so the tree is measured too.</summary>
        private JmesNode Limited(JmesNode node) =>
            node.Depth > MaxDepth ? throw Error($"the expression nests deeper than {MaxDepth} levels") : node;

        private JmesNode Nud(Token token)
        {
            switch (token.Type)
            {
                case TokenType.JsonLiteral:
                    return new JmesNode(JmesNodeType.Literal) { Literal = ParseJsonLiteral(token.Text) };
                case TokenType.RawString:
                    return new JmesNode(JmesNodeType.Literal) { Literal = JValue.String(token.Text) };
                case TokenType.UnquotedIdentifier:
                    return new JmesNode(JmesNodeType.Field) { Name = token.Text };
                case TokenType.QuotedIdentifier:
                    if (CurrentType == TokenType.LParen)
                    {
                        throw Error("a quoted identifier cannot name a function");
                    }

                    return new JmesNode(JmesNodeType.Field) { Name = token.Text };
                case TokenType.Star:
                {
                    var right = CurrentType == TokenType.RBracket ? Identity() : ProjectionRhs(Power(TokenType.Star));
                    return new JmesNode(JmesNodeType.ValueProjection, Identity(), right);
                }

                case TokenType.Filter:
                    return Filter(Identity());
                case TokenType.LBrace:
                    return MultiSelectHash();
                case TokenType.Flatten:
                {
                    var left = new JmesNode(JmesNodeType.Flatten, Identity());
                    var right = ProjectionRhs(Power(TokenType.Flatten));
                    return new JmesNode(JmesNodeType.Projection, left, right);
                }

                case TokenType.LBracket:
                    if (CurrentType is TokenType.Number or TokenType.Colon)
                    {
                        var index = IndexExpression();
                        return ProjectIfSlice(Identity(), index);
                    }

                    if (CurrentType == TokenType.Star && tokens[_position + 1].Type == TokenType.RBracket)
                    {
                        Advance();
                        Advance();
                        var right = ProjectionRhs(Power(TokenType.Star));
                        return new JmesNode(JmesNodeType.Projection, Identity(), right);
                    }

                    return MultiSelectList();
                case TokenType.Current:
                    return new JmesNode(JmesNodeType.Current);
                case TokenType.Root:
                    return new JmesNode(JmesNodeType.Root);
                case TokenType.Expref:
                    return new JmesNode(JmesNodeType.ExpRef, Expression(Power(TokenType.Expref)));
                case TokenType.Not:
                    return new JmesNode(JmesNodeType.Not, Expression(Power(TokenType.Not)));
                case TokenType.LParen:
                {
                    var inner = Expression(0);
                    Expect(TokenType.RParen);
                    return inner;
                }

                case TokenType.Eof:
                    throw Error("incomplete expression");
                default:
                    throw Error($"unexpected '{token.Text}'");
            }
        }

        private JmesNode Led(Token token, JmesNode left)
        {
            switch (token.Type)
            {
                case TokenType.Dot:
                    if (CurrentType != TokenType.Star)
                    {
                        return new JmesNode(JmesNodeType.Subexpression, left, DotRhs(Power(TokenType.Dot)));
                    }

                    Advance();
                    return new JmesNode(JmesNodeType.ValueProjection, left, ProjectionRhs(Power(TokenType.Dot)));
                case TokenType.Pipe:
                    return new JmesNode(JmesNodeType.Pipe, left, Expression(Power(TokenType.Pipe)));
                case TokenType.Or:
                    return new JmesNode(JmesNodeType.Or, left, Expression(Power(TokenType.Or)));
                case TokenType.And:
                    return new JmesNode(JmesNodeType.And, left, Expression(Power(TokenType.And)));
                case TokenType.LParen:
                {
                    if (left.Type != JmesNodeType.Field)
                    {
                        throw Error("only a name can be called as a function");
                    }

                    var arguments = new List<JmesNode>();
                    while (CurrentType != TokenType.RParen)
                    {
                        arguments.Add(Expression(0));
                        if (CurrentType == TokenType.Comma)
                        {
                            Advance();
                        }
                        else if (CurrentType != TokenType.RParen)
                        {
                            throw Error("expected ',' or ')'");
                        }
                    }

                    Expect(TokenType.RParen);
                    return new JmesNode(JmesNodeType.Function, [.. arguments]) { Name = left.Name };
                }

                case TokenType.Filter:
                    return Filter(left);
                case TokenType.Flatten:
                {
                    var flattened = new JmesNode(JmesNodeType.Flatten, left);
                    return new JmesNode(JmesNodeType.Projection, flattened, ProjectionRhs(Power(TokenType.Flatten)));
                }

                case TokenType.Eq or TokenType.Ne or TokenType.Lt or TokenType.Lte or TokenType.Gt or TokenType.Gte:
                    return new JmesNode(JmesNodeType.Comparator, left, Expression(Power(token.Type))) { Name = token.Text };
                case TokenType.LBracket:
                    if (CurrentType is TokenType.Number or TokenType.Colon)
                    {
                        return ProjectIfSlice(left, IndexExpression());
                    }

                    Expect(TokenType.Star);
                    Expect(TokenType.RBracket);
                    return new JmesNode(JmesNodeType.Projection, left, ProjectionRhs(Power(TokenType.Star)));
                default:
                    throw Error($"unexpected '{token.Text}'");
            }
        }

        private static JmesNode Identity() => new(JmesNodeType.Identity);

        private JmesNode Filter(JmesNode left)
        {
            var condition = Expression(0);
            Expect(TokenType.RBracket);
            var right = CurrentType == TokenType.Flatten ? Identity() : ProjectionRhs(Power(TokenType.Filter));
            return new JmesNode(JmesNodeType.FilterProjection, left, right, condition);
        }

        private JmesNode IndexExpression()
        {
            // After '[': a number then ']' is an index; otherwise a slice [start:stop:step].
            var parts = new int?[3];
            var colons = 0;
            var current = 0;
            while (CurrentType != TokenType.RBracket)
            {
                if (CurrentType == TokenType.Colon)
                {
                    colons++;
                    current++;
                    if (colons > 2)
                    {
                        throw Error("too many colons in a slice");
                    }

                    Advance();
                }
                else if (CurrentType == TokenType.Number)
                {
                    parts[current] = int.Parse(Advance().Text, CultureInfo.InvariantCulture);
                }
                else
                {
                    throw Error("expected a number or ':'");
                }
            }

            Expect(TokenType.RBracket);
            if (colons == 0)
            {
                return new JmesNode(JmesNodeType.Index) { Index = parts[0] };
            }

            if (parts[2] == 0)
            {
                throw Error("slice step cannot be 0");
            }

            return new JmesNode(JmesNodeType.Slice) { SliceParts = parts };
        }

        private JmesNode ProjectIfSlice(JmesNode left, JmesNode right)
        {
            var indexExpression = new JmesNode(JmesNodeType.IndexExpression, left, right);
            if (right.Type == JmesNodeType.Slice)
            {
                return new JmesNode(JmesNodeType.Projection, indexExpression, ProjectionRhs(Power(TokenType.Star)));
            }

            return indexExpression;
        }

        private JmesNode MultiSelectList()
        {
            var items = new List<JmesNode>();
            while (true)
            {
                items.Add(Expression(0));
                if (CurrentType == TokenType.RBracket)
                {
                    break;
                }

                Expect(TokenType.Comma);
            }

            Expect(TokenType.RBracket);
            return new JmesNode(JmesNodeType.MultiSelectList, [.. items]);
        }

        private JmesNode MultiSelectHash()
        {
            var keys = new List<string>();
            var values = new List<JmesNode>();
            while (true)
            {
                var key = Advance();
                if (key.Type is not (TokenType.UnquotedIdentifier or TokenType.QuotedIdentifier))
                {
                    throw Error("expected a key in a multi-select hash");
                }

                Expect(TokenType.Colon);
                keys.Add(key.Text);
                values.Add(Expression(0));
                if (CurrentType == TokenType.Comma)
                {
                    Advance();
                    continue;
                }

                Expect(TokenType.RBrace);
                break;
            }

            return new JmesNode(JmesNodeType.MultiSelectHash, [.. values]) { Keys = [.. keys] };
        }

        private JmesNode ProjectionRhs(int bindingPower)
        {
            var current = CurrentType;
            if (Power(current) < 10)
            {
                return Identity();
            }

            switch (current)
            {
                case TokenType.LBracket or TokenType.Filter:
                    return Expression(bindingPower);
                case TokenType.Dot:
                    Advance();
                    return DotRhs(bindingPower);
                default:
                    throw Error($"unexpected '{Current.Text}' after a projection");
            }
        }

        private JmesNode DotRhs(int bindingPower)
        {
            switch (CurrentType)
            {
                case TokenType.QuotedIdentifier or TokenType.UnquotedIdentifier or TokenType.Star:
                    return Expression(bindingPower);
                case TokenType.LBracket:
                    Advance();
                    return MultiSelectList();
                case TokenType.LBrace:
                    Advance();
                    return MultiSelectHash();
                default:
                    throw Error($"expected a name after '.', found '{Current.Text}'");
            }
        }

        private JValue ParseJsonLiteral(string raw)
        {
            var trimmed = raw.Trim();
            try
            {
                using var document = System.Text.Json.JsonDocument.Parse(trimmed);
                return FromJson(document.RootElement);
            }
            catch (System.Text.Json.JsonException)
            {
                // Old JMESPath allowed `foo` for the string "foo".
                return JValue.String(trimmed);
            }
        }
    }

    public static JValue FromJson(System.Text.Json.JsonElement element)
    {
        switch (element.ValueKind)
        {
            case System.Text.Json.JsonValueKind.Object:
                return new JObject(element.EnumerateObject().Select(p => new KeyValuePair<string, JValue>(p.Name, FromJson(p.Value))));
            case System.Text.Json.JsonValueKind.Array:
                return new JArray(element.EnumerateArray().Select(FromJson).ToList());
            case System.Text.Json.JsonValueKind.String:
                return JValue.String(element.GetString() ?? string.Empty);
            case System.Text.Json.JsonValueKind.Number:
                return element.TryGetInt64(out var integer) ? new JNumber(integer, true) : new JNumber(element.GetDouble(), false);
            case System.Text.Json.JsonValueKind.True:
                return JBool.True;
            case System.Text.Json.JsonValueKind.False:
                return JBool.False;
            default:
                return JValue.Null;
        }
    }
}
