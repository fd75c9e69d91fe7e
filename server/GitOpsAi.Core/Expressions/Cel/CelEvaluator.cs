using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Antlr4.Runtime;
using Cel;
using Cel.Internal;

namespace GitOpsAi.Core.Expressions.Cel;

internal enum CelOutcomeKind
{
    /// <summary>The expression evaluated to <see cref="CelOutcome.Value"/>.</summary>
    Value,

    /// <summary>The expression fails on this data as it would in the cluster (no such key, index out of range, a bad quantity).</summary>
    Error,

    /// <summary>We cannot tell: a function we do not support, or syntax the library does not take. Never a verdict.</summary>
    NotEvaluated,
}

internal readonly record struct CelOutcome(CelOutcomeKind Kind, object? Value, string Message)
{
    public static CelOutcome Of(object? value) => new(CelOutcomeKind.Value, value, "");

    public bool IsTrue => Kind == CelOutcomeKind.Value && Value is true;

    public bool IsFalse => Kind == CelOutcomeKind.Value && Value is false;
}

/// <summary>
/// Evaluates CEL as the Kubernetes API server does, with the cel-net library and the Kubernetes extension libraries
/// registered on it. Expressions are compiled once (the library's delegate is reusable); variables are CEL values
/// (<see cref="CelValues"/>). Nothing the expression does can throw out of here: every outcome is a value, an
/// error the cluster would also raise, or "not evaluated" naming what we lack.
/// </summary>
internal static partial class CelEvaluator
{
    private const int MaxCached = 4096;
    private const int MaxLength = 10_000;
    private const int MaxNesting = 50;
    private const int MaxSteps = 500;

    private static readonly CelEnvironment Environment = CelDescriptors.WithoutProtobufLookups(new(null, null));
    private static readonly CelFunctionRegistry Functions = CreateFunctions();
    private static readonly ConcurrentDictionary<string, Compiled> Cache = new(StringComparer.Ordinal);

    private sealed record Compiled(CelProgramDelegate? Program, CelOutcome? Failure, HashSet<string>? BoundByMacros = null);

    public static CelOutcome Evaluate(string expression, IReadOnlyDictionary<string, object?> variables)
    {
        var compiled = Compile(expression);
        if (compiled.Failure is { } failure)
        {
            return failure;
        }

        var scope = new CelScope(variables, compiled.BoundByMacros!) { ["optional"] = CelOptionalNamespace.Instance };
        try
        {
            var result = compiled.Program!(scope);
            return result?.GetType().Name == "CelNoSuchField" ? Classify(new CelNoSuchFieldException(result.ToString() ?? "no such key")) : CelOutcome.Of(result);
        }
        catch (Exception e) when (e is not OutOfMemoryException and not InsufficientExecutionStackException)
        {
            return Classify(e);
        }
    }

    /// <summary>Checks that an expression parses and uses only what we support, without data (a policy's own notes).</summary>
    public static CelOutcome? CompileProblem(string expression) => Compile(expression).Failure;

    private static Compiled Compile(string expression)
    {
        if (Cache.TryGetValue(expression, out var cached))
        {
            return cached;
        }

        if (Cache.Count > MaxCached)
        {
            Cache.Clear();
        }

        return Cache[expression] = CompileUncached(expression);
    }

    private static Compiled CompileUncached(string expression)
    {
        if (string.IsNullOrWhiteSpace(expression))
        {
            return new Compiled(null, new CelOutcome(CelOutcomeKind.NotEvaluated, null, "the expression is empty"));
        }

        if (TooComplex(expression) is { } why)
        {
            return new Compiled(null, new CelOutcome(CelOutcomeKind.NotEvaluated, null, why));
        }

        // Not run at all: the library evaluates arguments before it finds out a function is missing, and an argument
        // that fails would then pass for a verdict.
        if (UnsupportedFunctions(expression) is { Count: > 0 } missing)
        {
            var names = string.Join(", ", missing.Select(f => f + "()"));
            return new Compiled(null, new CelOutcome(CelOutcomeKind.NotEvaluated, null,
                missing.Count == 1 ? $"the function {names} is not supported" : $"the functions {names} are not supported"));
        }

        try
        {
            var rewritten = CelSyntaxRewriter.Rewrite(expression);
            var errors = new SyntaxErrors();
            var lexer = new CelLexer(new AntlrInputStream(rewritten));
            lexer.RemoveErrorListeners();
            lexer.AddErrorListener(errors);
            var parser = new CelParser(new CommonTokenStream(lexer));
            parser.RemoveErrorListeners();
            parser.AddErrorListener(errors);
            var tree = parser.start();
            if (errors.First is { } error)
            {
                return new Compiled(null, new CelOutcome(CelOutcomeKind.NotEvaluated, null, $"syntax error: {error}"));
            }

            return new Compiled(Environment.Compile(tree), null, CelScope.MacroVariables(rewritten));
        }
        catch (Exception e) when (e is not OutOfMemoryException and not InsufficientExecutionStackException)
        {
            return new Compiled(null, Classify(e));
        }
    }

    private static CelOutcome Classify(Exception e)
    {
        // The library wraps what fails inside && and || in an overload error: what matters is the cause.
        while (e.InnerException is { } inner && e is CelNoSuchOverloadException)
        {
            e = inner;
        }

        return e switch
        {
            CelUnsupportedException u => NotEvaluated(u.What),
            CelEvaluationException => new CelOutcome(CelOutcomeKind.Error, null, e.Message),
            CelNoSuchFieldException => new CelOutcome(CelOutcomeKind.Error, null, NoSuchKey(e.Message)),

            // Selecting below a field that is not there: the message names the path, whose last step is missing.
            CelTypeDoesNotSupportFieldSelectionException when SelectionBelow().Match(e.Message) is { Success: true } m =>
                new CelOutcome(CelOutcomeKind.Error, null, $"no such key: {m.Groups["name"].Value}"),
            CelArgumentRangeException or CelDivideByZeroException or CelModulusByZeroException or CelOverflowException =>
                new CelOutcome(CelOutcomeKind.Error, null, e.Message.TrimEnd('.').ToLowerInvariant()),
            CelUnboundFunctionException or CelExpressionParserException when NamedFunction().Match(e.Message) is { Success: true } m =>
                NotEvaluated($"the function {m.Groups["name"].Value}()"),
            CelUndeclaredReferenceException when NamedReference().Match(e.Message) is { Success: true } m =>
                NotEvaluated($"the identifier '{m.Groups["name"].Value}'"),
            _ => new CelOutcome(CelOutcomeKind.NotEvaluated, null, $"the CEL library could not evaluate it ({e.Message.TrimEnd('.')})"),
        };
    }

    private static CelOutcome NotEvaluated(string what) => new(CelOutcomeKind.NotEvaluated, null, $"{what} is not supported");

    private static string NoSuchKey(string message) =>
        FieldName().Match(message) is { Success: true } m ? $"no such key: {m.Groups["name"].Value}" : "no such key";

    /// <summary>
    /// The parser and the library recurse once per nesting level and per selection: an expression built to be deep
    /// would overflow the stack, which no catch can stop. Real policies are far below these bounds.
    /// </summary>
    private static string? TooComplex(string expression)
    {
        if (expression.Length > MaxLength)
        {
            return $"the expression is longer than {MaxLength:N0} characters";
        }

        int depth = 0, deepest = 0, steps = 0;
        foreach (var c in expression)
        {
            depth += c is '(' or '[' or '{' ? 1 : c is ')' or ']' or '}' ? -1 : 0;
            deepest = Math.Max(deepest, depth);
            steps += c is '.' or '!' or '-' ? 1 : 0;
        }

        return deepest > MaxNesting ? $"the expression nests deeper than {MaxNesting} levels"
            : steps > MaxSteps ? $"the expression chains more than {MaxSteps} selections or unary operators"
            : null;
    }

    /// <summary>
    /// The functions an expression calls that neither the library nor we provide (Kyverno's <c>resource.Get</c>,
    /// <c>format</c>, <c>semver</c>...), in order of first use: a policy says so once, on the expression.
    /// </summary>
    public static IReadOnlyList<string> UnsupportedFunctions(string expression)
    {
        return FunctionCall().Matches(StringLiteral().Replace(expression, "''")).Select(m => m.Groups["name"].Value)
            .Where(name => !Functions.Names.Contains(name) && !name.StartsWith("__", StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    private static CelFunctionRegistry CreateFunctions()
    {
        var registry = new CelFunctionRegistry(Environment);

        // has() is presence, as for a JSON object in Kubernetes: the library's own takes a field set to false, 0,
        // "" or {} for absent (protobuf defaults), which would turn has(c.securityContext.privileged) around.
        registry.Add("has", [typeof(object)], a => a[0]?.GetType().Name != "CelNoSuchField");
        CelStringFunctions.Register(registry);
        CelListFunctions.Register(registry);
        CelQuantityFunctions.Register(registry);
        CelNetworkFunctions.Register(registry);
        CelOptionalFunctions.Register(registry);
        return registry;
    }

    /// <summary>A call <c>name(</c> outside string literals (strings are blanked first).</summary>
    [GeneratedRegex(@"(?<![\w'""])(?<name>[A-Za-z_][A-Za-z0-9_]*)\s*\(")]
    private static partial Regex FunctionCall();

    [GeneratedRegex(@"'(?:[^'\\]|\\.)*'|""(?:[^""\\]|\\.)*""")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"(?:Unbound function|matches identifier) '(?<name>[^']+)'")]
    private static partial Regex NamedFunction();

    [GeneratedRegex(@"Undeclared reference to '(?<name>[^']+)'")]
    private static partial Regex NamedReference();

    [GeneratedRegex(@"Type '(?:[^']*\.)?(?<name>[^'.]+)' does not support field selection")]
    private static partial Regex SelectionBelow();

    [GeneratedRegex(@"select field '(?<name>[^']+)'")]
    private static partial Regex FieldName();

    private sealed class SyntaxErrors : IAntlrErrorListener<IToken>, IAntlrErrorListener<int>
    {
        public string? First { get; private set; }

        public void SyntaxError(TextWriter output, IRecognizer recognizer, IToken offendingSymbol, int line, int charPositionInLine, string msg, RecognitionException e) =>
            First ??= $"{msg} at column {charPositionInLine + 1}";

        public void SyntaxError(TextWriter output, IRecognizer recognizer, int offendingSymbol, int line, int charPositionInLine, string msg, RecognitionException e) =>
            First ??= $"{msg} at column {charPositionInLine + 1}";
    }
}
