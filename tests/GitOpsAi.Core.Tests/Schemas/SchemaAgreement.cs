using GitOpsAi.Core.Schemas;

namespace GitOpsAi.Core.Tests.Schemas;

/// <summary>
/// Compares one of our hand-written schemas with the upstream CRD schema of the same kind: every field we describe must
/// exist upstream with the same type, the same required fields and the same enum values; and we may only reject
/// unknown fields where upstream does too. Also measures how much of upstream we describe.
/// </summary>
public sealed class SchemaAgreement
{
    private readonly List<string> _disagreements = [];
    private readonly HashSet<(SchemaNode, SchemaNode)> _visited = [];
    private int _upstreamFields;
    private int _describedFields;

    public IReadOnlyList<string> Disagreements => _disagreements;

    /// <summary>The share of upstream fields (to the depth compared) that our schema names.</summary>
    public double Coverage => _upstreamFields == 0 ? 1 : (double)_describedFields / _upstreamFields;

    public static SchemaAgreement Compare(SchemaNode ours, SchemaNode upstream)
    {
        var agreement = new SchemaAgreement();
        agreement.Visit("", ours, upstream, depth: 0);
        return agreement;
    }

    private void Visit(string path, SchemaNode ours, SchemaNode upstream, int depth)
    {
        if (!_visited.Add((ours, upstream)) || depth > 30)
        {
            return;
        }

        if (path == ".metadata")
        {
            return; // both use the shared ObjectMeta
        }

        CompareTypes(path, ours, upstream);
        CompareEnums(path, ours, upstream);
        CompareConstraints(path, ours, upstream);

        if (ours.Properties is { } ourProperties)
        {
            var upstreamProperties = upstream.Properties ?? [];
            var ourRequired = ours.Required.ToHashSet(StringComparer.Ordinal);
            var upstreamRequired = upstream.Required.ToHashSet(StringComparer.Ordinal);
            if (!ourRequired.SetEquals(upstreamRequired))
            {
                _disagreements.Add($"{Show(path)}: required [{string.Join(", ", ourRequired.Order())}] but upstream requires [{string.Join(", ", upstreamRequired.Order())}]");
            }

            if (ours.IsClosed && !upstream.IsClosed && upstream.AdditionalProperties is null && !upstream.PreserveUnknownFields && upstream.Properties is null)
            {
                _disagreements.Add($"{Show(path)}: we reject unknown fields but upstream accepts any");
            }

            if (ours.IsClosed && (upstream.PreserveUnknownFields || upstream.AdditionalProperties is not null))
            {
                _disagreements.Add($"{Show(path)}: we reject unknown fields but upstream keeps them (preserve-unknown-fields/additionalProperties)");
            }

            // Root status is left open on purpose (it is written by controllers), so it does not count against coverage.
            _upstreamFields += upstreamProperties.Count - (depth == 0 && upstreamProperties.ContainsKey("status") ? 1 : 0);
            foreach (var (name, property) in ourProperties)
            {
                if (depth == 0 && name is "status")
                {
                    continue;
                }

                if (depth == 0 && name is "apiVersion" or "kind" or "metadata")
                {
                    _describedFields += upstreamProperties.ContainsKey(name) ? 1 : 0;
                    continue;
                }

                if (!upstreamProperties.TryGetValue(name, out var upstreamProperty))
                {
                    _disagreements.Add($"{Show(path)}.{name}: we describe a field upstream does not have");
                    continue;
                }

                _describedFields++;
                Visit(path + "." + name, property.Schema, upstreamProperty.Schema, depth + 1);
            }

            if (ours.IsClosed)
            {
                foreach (var name in upstreamProperties.Keys.Where(n => !ourProperties.ContainsKey(n)))
                {
                    _disagreements.Add($"{Show(path)}.{name}: upstream has this field but our schema rejects it (add it, or leave the object open)");
                }
            }
        }
        else if (upstream.Properties is { Count: > 0 } missing)
        {
            _upstreamFields += missing.Count; // we leave this object open: not wrong, just not covered
        }

        if (ours.Items is { } ourItems && upstream.Items is { } upstreamItems)
        {
            Visit(path + "[]", ourItems, upstreamItems, depth + 1);
        }

        if (ours.AdditionalProperties is { } ourValues && upstream.AdditionalProperties is { } upstreamValues)
        {
            Visit(path + "{}", ourValues, upstreamValues, depth + 1);
        }
    }

    private void CompareTypes(string path, SchemaNode ours, SchemaNode upstream)
    {
        if (ours.IntOrString != upstream.IntOrString)
        {
            _disagreements.Add($"{Show(path)}: int-or-string is {ours.IntOrString} but upstream says {upstream.IntOrString}");
            return;
        }

        var ourTypes = ours.Types & ~SchemaTypes.Null;
        var upstreamTypes = upstream.Types & ~SchemaTypes.Null;
        if (ourTypes != SchemaTypes.None && upstreamTypes != SchemaTypes.None && ourTypes != upstreamTypes)
        {
            _disagreements.Add($"{Show(path)}: type {ours.DescribeType()} but upstream says {upstream.DescribeType()}");
        }
        else if (ourTypes != SchemaTypes.None && upstreamTypes == SchemaTypes.None && !upstream.IntOrString && upstream.AnyOf is null && upstream.OneOf is null)
        {
            _disagreements.Add($"{Show(path)}: we require {ours.DescribeType()} but upstream accepts any type");
        }
    }

    /// <summary>A constraint we state must be upstream's: a stricter one would reject values the cluster accepts.</summary>
    private void CompareConstraints(string path, SchemaNode ours, SchemaNode upstream)
    {
        void Check<T>(string name, T? mine, T? theirs)
            where T : struct
        {
            if (mine is not null && !Equals(mine, theirs))
            {
                _disagreements.Add($"{Show(path)}: {name} {mine} but upstream has {(theirs is null ? "none" : theirs.ToString())}");
            }
        }

        // Formats must match, except durations: controllers decode those as Go durations even where the CRD only says string.
        if (ours.Format is not null && ours.Format != upstream.Format && ours.Format != "duration")
        {
            _disagreements.Add($"{Show(path)}: format {ours.Format} but upstream has {upstream.Format ?? "none"}");
        }

        if (ours.PatternText is not null && ours.PatternText != upstream.PatternText)
        {
            _disagreements.Add($"{Show(path)}: pattern {ours.PatternText} but upstream has {upstream.PatternText ?? "none"}");
        }

        Check("minimum", ours.Minimum, upstream.Minimum);
        Check("maximum", ours.Maximum, upstream.Maximum);
        Check("minLength", ours.MinLength, upstream.MinLength);
        Check("maxLength", ours.MaxLength, upstream.MaxLength);
        Check("minItems", ours.MinItems, upstream.MinItems);
        Check("maxItems", ours.MaxItems, upstream.MaxItems);
    }

    private void CompareEnums(string path, SchemaNode ours, SchemaNode upstream)
    {
        var ourEnum = ours.Enum?.ToHashSet(StringComparer.Ordinal);
        var upstreamEnum = upstream.Enum?.ToHashSet(StringComparer.Ordinal);
        if (ourEnum is null && upstreamEnum is null)
        {
            return;
        }

        if (ourEnum is null)
        {
            _disagreements.Add($"{Show(path)}: upstream allows only [{string.Join(", ", upstreamEnum!.Order())}] but we do not list them");
        }
        else if (upstreamEnum is null || !ourEnum.SetEquals(upstreamEnum))
        {
            _disagreements.Add(upstreamEnum is null
                ? $"{Show(path)}: enum [{string.Join(", ", ourEnum.Order())}] but upstream has no enum"
                : $"{Show(path)}: enum [{string.Join(", ", ourEnum.Order())}] but upstream has [{string.Join(", ", upstreamEnum.Order())}]");
        }
    }

    private static string Show(string path) => path.Length == 0 ? "(root)" : path.TrimStart('.');
}
