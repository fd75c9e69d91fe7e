using System.Text.RegularExpressions;
using GitOpsAi.Core.Expressions.JmesPath;

namespace GitOpsAi.Core.Kyverno;

/// <summary>A variable that cannot be resolved where Kyverno requires it to be (patterns, messages, context entries).</summary>
internal sealed class VariableException(string message) : Exception(message);

/// <summary>What <c>{{ }}</c> variables are evaluated against: <c>request</c>, <c>element</c>, <c>images</c>, context variables.</summary>
internal sealed class EvalContext
{
    private EvalContext(JObject root, RepositoryObjects? objects)
    {
        Root = root;
        Objects = objects;
    }

    public JObject Root { get; }

    /// <summary>The repository's objects, which answer configMap and apiCall context entries; null when there are none.</summary>
    public RepositoryObjects? Objects { get; }

    public static EvalContext Create(IEnumerable<KeyValuePair<string, JValue>> variables, RepositoryObjects? objects = null) => new(new JObject(variables), objects);

    public EvalContext With(string name, JValue value) => new(Root.With((name, value)), Objects);

    /// <summary>Evaluates a JMESPath expression against the context (a missing key comes back as <see cref="JValue.Missing"/>).</summary>
    public JValue Query(string expression) => JmesInterpreter.Evaluate(JmesParser.Parse(expression.Trim()), Root);
}

/// <summary>Kyverno's <c>{{ }}</c> substitution: innermost first, typed when a string is exactly one variable.</summary>
internal static partial class Variables
{
    [GeneratedRegex(@"(^|[^\\])(\{\{(?:\{[^{}]*\}|[^{}])*\}\})")]
    private static partial Regex VariableRegex();

    public static bool HasVariables(string text) => text.Contains("{{", StringComparison.Ordinal) && VariableRegex().IsMatch(text);

    /// <summary>The variables of a string, innermost first; outer ones are found after replacing inner ones with a placeholder.</summary>
    public static IEnumerable<string> Expressions(string text)
    {
        for (var round = 0; round < 10; round++)
        {
            var matches = VariableRegex().Matches(text);
            if (matches.Count == 0)
            {
                yield break;
            }

            foreach (Match match in matches)
            {
                yield return Inner(match.Groups[2].Value);
            }

            text = VariableRegex().Replace(text, m => m.Groups[1].Value + "placeholder");
        }
    }

    private static string Inner(string variable) => variable[2..^2].Trim();

    /// <summary>
    /// Substitutes the variables of a string. In conditions (<paramref name="lenient"/>), a variable that cannot be
    /// resolved becomes "" as in Kyverno's preconditions; elsewhere it throws <see cref="VariableException"/>.
    /// </summary>
    public static JValue Substitute(JString value, EvalContext context, bool lenient) =>
        TrySubstitute(value, context, lenient, out var error) ?? throw new VariableException(error!);

    /// <summary>
    /// <see cref="Substitute"/> without the exception: null, with what <see cref="VariableException"/> would say, when a
    /// variable cannot be resolved. Hot paths (context entries, patches) meet thousands of unresolved variables per run.
    /// </summary>
    public static JValue? TrySubstitute(JString value, EvalContext context, bool lenient, out string? error)
    {
        error = null;
        if (!value.Value.Contains("{{", StringComparison.Ordinal))
        {
            return value;
        }

        var text = value.Value;
        for (var round = 0; round < 10; round++)
        {
            var matches = VariableRegex().Matches(text);
            if (matches.Count == 0)
            {
                break;
            }

            foreach (Match match in matches)
            {
                var variable = match.Groups[2].Value;
                if (Resolve(Inner(variable), context, lenient, out error) is not { } resolved)
                {
                    return null;
                }

                if (text == variable)
                {
                    if (resolved is not JString resolvedString)
                    {
                        return resolved;
                    }

                    text = resolvedString.Value;
                    break;
                }

                var index = text.IndexOf(variable, StringComparison.Ordinal);
                if (index >= 0)
                {
                    text = string.Concat(text.AsSpan(0, index), resolved.ToSubstitutionText(), text.AsSpan(index + variable.Length));
                }
            }
        }

        return JValue.String(text.Replace("\\{{", "{{", StringComparison.Ordinal));
    }

    /// <summary>Substitutes every string of a tree (patterns, condition values).</summary>
    public static JValue SubstituteAll(JValue value, EvalContext context, bool lenient) =>
        TrySubstituteAll(value, context, lenient, out var error) ?? throw new VariableException(error!);

    /// <summary><see cref="SubstituteAll"/> without the exception: null, with why, when a variable cannot be resolved.</summary>
    public static JValue? TrySubstituteAll(JValue value, EvalContext context, bool lenient, out string? error)
    {
        error = null;
        switch (value)
        {
            case JString s:
                return TrySubstitute(s, context, lenient, out error);
            case JArray array:
            {
                List<JValue>? items = null;
                for (var i = 0; i < array.Items.Count; i++)
                {
                    if (TrySubstituteAll(array.Items[i], context, lenient, out error) is not { } substituted)
                    {
                        return null;
                    }

                    if (!ReferenceEquals(substituted, array.Items[i]))
                    {
                        items ??= [.. array.Items];
                        items[i] = substituted;
                    }
                }

                return items is null ? array : new JArray(items) { Node = array.Node, KeyNode = array.KeyNode, Path = array.Path };
            }

            case JObject obj:
            {
                JObject? copy = null;
                foreach (var (key, item) in obj.Entries)
                {
                    if (TrySubstituteAll(item, context, lenient, out error) is not { } substituted)
                    {
                        return null;
                    }

                    if (!ReferenceEquals(substituted, item))
                    {
                        copy ??= obj.With();
                        copy.Set(key, substituted);
                    }
                }

                return copy ?? obj;
            }

            default:
                return value;
        }
    }

    /// <summary>The variable's value; null, with why, when it cannot be resolved and the caller is not lenient.</summary>
    private static JValue? Resolve(string expression, EvalContext context, bool lenient, out string? error)
    {
        error = null;
        JValue result;
        try
        {
            result = context.Query(expression);
        }
        catch (JmesException exception)
        {
            if (lenient)
            {
                return JValue.String(string.Empty);
            }

            error = $"failed to resolve {expression}: {exception.Message}";
            return null;
        }

        if (result.IsMissing)
        {
            if (lenient)
            {
                return JValue.String(string.Empty);
            }

            error = $"failed to resolve {expression}: it is not set";
            return null;
        }

        return result;
    }
}
