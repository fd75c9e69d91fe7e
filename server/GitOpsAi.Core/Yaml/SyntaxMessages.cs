namespace GitOpsAi.Core.Yaml;

/// <summary>Rewrites YamlDotNet's parser messages into sentences that say what to change.</summary>
internal static class SyntaxMessages
{
    public static string Clarify(string message)
    {
        if (message.Contains("did not find expected key", StringComparison.Ordinal))
        {
            return "Expected a key here: check the indentation of this line, or quote a value that contains ': ' or starts with a special character.";
        }

        if (message.Contains("found invalid mapping", StringComparison.Ordinal) || message.Contains("Mapping values are not allowed", StringComparison.Ordinal))
        {
            return "A ': ' inside a plain value starts a mapping here; quote the value or fix the indentation.";
        }

        if (message.Contains("did not find expected '-' indicator", StringComparison.Ordinal))
        {
            return "Expected a list item ('- ') at this indentation.";
        }

        if (message.Contains("found unexpected end of stream", StringComparison.Ordinal))
        {
            return "The document ends inside a quoted string or a flow collection; close it.";
        }

        if (message.Contains("could not find expected ':'", StringComparison.Ordinal))
        {
            return "Expected ':' after a key; a multi-line plain value may need quoting.";
        }

        var trimmed = message.Trim();
        return trimmed.StartsWith("While ", StringComparison.Ordinal) ? "YAML syntax error: " + char.ToLowerInvariant(trimmed[0]) + trimmed[1..] : trimmed;
    }
}
