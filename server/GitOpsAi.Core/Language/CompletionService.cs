using GitOpsAi.Core.Schemas;
using GitOpsAi.Core.Text;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Language;

public enum CompletionKind
{
    Property,
    Value,
    EnumMember,
    Kind,
    Snippet,
}

/// <summary>One completion: <see cref="InsertText"/> replaces <see cref="ReplaceSpan"/>; snippets use $1/$0 placeholders.</summary>
public sealed record CompletionSuggestion(string Label, CompletionKind Kind, string InsertText, TextSpan ReplaceSpan)
{
    public string? Detail { get; init; }

    public string? Documentation { get; init; }

    public bool IsSnippet { get; init; }

    public string? SortText { get; init; }
}

/// <summary>
/// Completion from the schema in force at the cursor: the keys valid there (required ones first), enum and boolean
/// values, apiVersion/kind pairs, and resource skeletons in an empty document.
/// </summary>
public static class CompletionService
{
    public static IReadOnlyList<CompletionSuggestion> Complete(WorkspaceSnapshot workspace, WorkspaceFile file, int offset)
    {
        var source = file.Source;
        var document = file.Yaml.DocumentAt(offset);
        var documentSpan = document?.Span ?? new TextSpan(0, source.Length);
        var context = YamlLineContextReader.Read(source, offset, documentSpan);
        if (context is null)
        {
            return [];
        }

        var schemas = workspace.Schemas;
        if (context.Path.Count == 0 && context.ValueOfKey is "kind" or "apiVersion")
        {
            return IdentityValues(schemas, context);
        }

        var kindSchema = SchemaPath.KindSchemaFor(schemas, context.ApiVersion, context.Kind, file.Path);
        if (kindSchema is null)
        {
            return context.Path.Count == 0 && context.IsKey ? RootStarters(context) : [];
        }

        if (context.IsKey)
        {
            var (schema, _) = SchemaPath.Resolve(kindSchema.Root, context.Path);
            if (schema is null)
            {
                return [];
            }

            if (context.Path.Count > 0 && context.Path[^1] == "[]" && schema.Properties is null && schema.Items is null)
            {
                return Values(schema, context); // "- |" in a list of scalars
            }

            return Keys(schema, context);
        }

        var valuePath = context.IsListItemValue ? context.Path.Append("[]") : context.Path.Append(context.ValueOfKey!);
        var (valueSchema, _) = SchemaPath.Resolve(kindSchema.Root, valuePath);
        return valueSchema is null ? [] : Values(valueSchema, context);
    }

    private static IReadOnlyList<CompletionSuggestion> Keys(SchemaNode schema, YamlLineContext context)
    {
        if (schema.Properties is null)
        {
            return [];
        }

        var required = schema.Required.ToHashSet(StringComparer.Ordinal);
        var suggestions = new List<CompletionSuggestion>();
        foreach (var property in schema.Properties.Values)
        {
            if (context.ExistingKeys.Contains(property.Name) || property.Name == "status")
            {
                continue;
            }

            var child = SchemaPath.Unwrap(property.Schema);
            var childIndent = new string(' ', context.Indent + 2);
            var (insert, isSnippet) = child switch
            {
                { IntOrString: true } => (property.Name + ": ", false),
                { Types: SchemaTypes.Array } or { Items: not null } => ($"{property.Name}:\n{childIndent}- $0", true),
                { Types: SchemaTypes.Object } or { Properties: not null } => ($"{property.Name}:\n{childIndent}$0", true),
                _ => (property.Name + ": ", false),
            };

            suggestions.Add(new CompletionSuggestion(property.Name, CompletionKind.Property, insert, context.ReplaceSpan)
            {
                Detail = (required.Contains(property.Name) ? "required " : string.Empty) + child.DescribeType(),
                Documentation = property.EffectiveDescription,
                IsSnippet = isSnippet,
                SortText = (required.Contains(property.Name) ? "0" : "1") + property.Name,
            });
        }

        return suggestions;
    }

    private static IReadOnlyList<CompletionSuggestion> Values(SchemaNode schema, YamlLineContext context)
    {
        var suggestions = new List<CompletionSuggestion>();
        if (schema.Enum is { } values)
        {
            foreach (var value in values)
            {
                var text = value.Length == 0 ? "\"\"" : value;
                suggestions.Add(new CompletionSuggestion(text, CompletionKind.EnumMember, text, context.ReplaceSpan) { Documentation = schema.Description });
            }
        }
        else if (schema.Types.HasFlag(SchemaTypes.Boolean))
        {
            suggestions.Add(new CompletionSuggestion("true", CompletionKind.Value, "true", context.ReplaceSpan));
            suggestions.Add(new CompletionSuggestion("false", CompletionKind.Value, "false", context.ReplaceSpan));
        }

        return suggestions;
    }

    private static IReadOnlyList<CompletionSuggestion> IdentityValues(SchemaRegistry schemas, YamlLineContext context)
    {
        var known = schemas.KnownKinds().ToList();
        if (context.ValueOfKey == "kind")
        {
            var candidates = context.ApiVersion is { } apiVersion && known.Any(k => k.ApiVersion == apiVersion)
                ? known.Where(k => k.ApiVersion == apiVersion)
                : known;
            return candidates
                .GroupBy(k => k.Kind, StringComparer.Ordinal)
                .Select(g => new CompletionSuggestion(g.Key, CompletionKind.Kind, g.Key, context.ReplaceSpan)
                {
                    Detail = string.Join(", ", g.Select(k => k.ApiVersion).Distinct().Take(3)),
                    SortText = (IsStable(g.First().ApiVersion) ? "0" : "1") + g.Key,
                })
                .ToList();
        }

        var versions = context.Kind is { } kind && known.Any(k => k.Kind == kind)
            ? known.Where(k => k.Kind == kind)
            : known;
        return versions
            .Select(k => k.ApiVersion)
            .Distinct(StringComparer.Ordinal)
            .Select(v => new CompletionSuggestion(v, CompletionKind.Value, v, context.ReplaceSpan) { SortText = (IsStable(v) ? "0" : "1") + v })
            .ToList();
    }

    private static bool IsStable(string apiVersion) => !apiVersion.Contains("alpha", StringComparison.Ordinal) && !apiVersion.Contains("beta", StringComparison.Ordinal);

    /// <summary>At the root of a document without an identity: apiVersion/kind, and whole-resource skeletons when it is empty.</summary>
    private static IReadOnlyList<CompletionSuggestion> RootStarters(YamlLineContext context)
    {
        var suggestions = new List<CompletionSuggestion>();
        if (!context.ExistingKeys.Contains("apiVersion"))
        {
            suggestions.Add(new CompletionSuggestion("apiVersion", CompletionKind.Property, "apiVersion: ", context.ReplaceSpan) { SortText = "0apiVersion" });
        }

        if (!context.ExistingKeys.Contains("kind"))
        {
            suggestions.Add(new CompletionSuggestion("kind", CompletionKind.Property, "kind: ", context.ReplaceSpan) { SortText = "0kind" });
        }

        if (context.IsEmptyDocument && context.Indent == 0)
        {
            foreach (var skeleton in ResourceSkeletons.All)
            {
                suggestions.Add(new CompletionSuggestion(skeleton.Label, CompletionKind.Snippet, skeleton.Snippet, context.ReplaceSpan)
                {
                    Detail = skeleton.Detail,
                    IsSnippet = true,
                    SortText = "2" + skeleton.Label,
                });
            }
        }

        return suggestions;
    }
}
