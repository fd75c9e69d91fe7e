using System.Globalization;
using System.Text.RegularExpressions;
using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Text;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Schemas;

public sealed record SchemaValidationOptions
{
    public static SchemaValidationOptions Default { get; } = new();

    /// <summary>For kustomize patches: a patch is a fragment, so missing required fields are expected, and <c>$patch</c> directives are allowed.</summary>
    public bool IsPatch { get; init; }

    /// <summary>Dotted paths ("spec.interval") that something else fills in at apply time, so they are not reported missing.</summary>
    public IReadOnlySet<string> ProvidedFields { get; init; } = new HashSet<string>();

    /// <summary>Top-level keys added by tools rather than part of the object (SOPS' <c>sops</c> block).</summary>
    public IReadOnlySet<string> IgnoredRootKeys { get; init; } = new HashSet<string>();
}

/// <summary>
/// Validates a YAML tree against a schema and reports each problem at the exact node: unknown fields (with a "did you
/// mean"), wrong types (the way kubectl decodes YAML), missing required fields, enums, formats and constraints.
/// Values that Flux substitutes at apply time (<c>${VAR}</c>) are not checked.
/// </summary>
public sealed class SchemaValidator
{
    private static readonly string[] IndexSegments = Enumerable.Range(0, 64).Select(i => $"[{i}]").ToArray();

    // Room for the depth of nearly every object from the start: grown from empty, it took three arrays per object validated.
    private readonly List<string> _path = new(16);

    // One validator per thread, taken by a validation and given back when it ends (a nested one makes its own): a
    // validator per validated object, rendered ones included, was 11 MB of a 50,000-resource check.
    [ThreadStatic]
    private static SchemaValidator? s_free;

    // Set by each validation (Validate), and let go of when it ends.
    private SchemaValidationOptions _options = SchemaValidationOptions.Default;
    private List<Diagnostic> _output = null!;
    private HashSet<(YamlNode, SchemaNode)>? _visitedAnchors;
    private HashSet<string>? _ruleNotes;

    private SchemaValidator()
    {
    }

    /// <param name="ownerSpan">Where to report problems of the node as a whole (its key in the parent), e.g. a missing required field.</param>
    public static void Validate(YamlNode node, SchemaNode schema, SchemaValidationOptions options, List<Diagnostic> output, TextSpan? ownerSpan = null, IEnumerable<string>? basePath = null)
    {
        var validator = s_free ?? new SchemaValidator();
        s_free = null;
        (validator._options, validator._output) = (options, output);
        if (basePath is not null)
        {
            validator._path.AddRange(basePath);
        }

        try
        {
            validator.Visit(node, schema, ownerSpan ?? new TextSpan(node.Span.Start, 0));
        }
        finally
        {
            // Nothing of this validation stays with the thread's validator but its path's room.
            validator._path.Clear();
            (validator._options, validator._output, validator._visitedAnchors, validator._ruleNotes) = (SchemaValidationOptions.Default, null!, null, null);
            s_free = validator;
        }
    }

    private void Visit(YamlNode node, SchemaNode schema, TextSpan ownerSpan)
    {
        if (schema.IsUnconstrained || ReferenceEquals(schema, SchemaNode.Any))
        {
            return;
        }

        // Content shared through an anchor is checked once: its findings point at the anchored text anyway.
        if (node.Anchor is not null && !(_visitedAnchors ??= []).Add((node, schema)))
        {
            return;
        }

        if (node is YamlScalar scalar && (scalar.IsNull || IsSubstituted(scalar) || IsSopsCiphertext(scalar)))
        {
            return; // null means "not set"; ${VAR} is replaced by Flux before apply; ENC[...] is decrypted by SOPS first
        }

        if (schema.AllOf is { } allOf)
        {
            foreach (var part in allOf)
            {
                Visit(node, part, ownerSpan);
            }
        }

        if (schema.AnyOf is { } anyOf && !VisitAlternatives(node, anyOf, ownerSpan))
        {
            return;
        }

        // oneOf is checked as anyOf: "more than one matches" is not worth an error, CRD oneOfs are written as hints.
        if (schema.OneOf is { } oneOf && !VisitAlternatives(node, oneOf, ownerSpan))
        {
            return;
        }

        switch (node)
        {
            case YamlMapping mapping:
                if (CheckContainerType(mapping, schema, SchemaTypes.Object))
                {
                    VisitMapping(mapping, schema, ownerSpan);
                }

                break;
            case YamlSequence sequence:
                if (CheckContainerType(sequence, schema, SchemaTypes.Array))
                {
                    VisitSequence(sequence, schema);
                }

                break;
            case YamlScalar value:
                VisitScalar(value, schema);
                break;
        }

        // A patch is a fragment: its rules are checked on the object it produces, not on the patch.
        if (schema.Rules is { } rules && !_options.IsPatch)
        {
            SchemaRuleChecker.Check(node, rules, ownerSpan.Length > 0 ? ownerSpan : node.Span, _path.Count == 0 ? "the object" : PathText(), _output, _ruleNotes ??= []);
        }
    }

    /// <summary>Runs each alternative silently; keeps the best one's findings when none fits. Returns whether to go on.</summary>
    private bool VisitAlternatives(YamlNode node, IReadOnlyList<SchemaNode> alternatives, TextSpan ownerSpan)
    {
        var saved = _output;
        List<Diagnostic>? best = null;
        var bestErrors = int.MaxValue;
        var passed = 0;
        try
        {
            foreach (var alternative in alternatives)
            {
                _output = [];
                Visit(node, alternative, ownerSpan);
                var errors = _output.Count(d => d.Severity == DiagnosticSeverity.Error);
                if (errors == 0)
                {
                    passed++;
                }
                else if (errors < bestErrors)
                {
                    best = _output;
                    bestErrors = errors;
                }
            }
        }
        finally
        {
            _output = saved;
        }

        if (passed == 0 && best is not null)
        {
            _output.AddRange(best);
            return false;
        }

        return true;
    }

    private bool CheckContainerType(YamlNode node, SchemaNode schema, SchemaTypes actual)
    {
        if (schema.Types == SchemaTypes.None || (schema.Types & actual) != 0)
        {
            return true;
        }

        if (schema.IntOrString)
        {
            Report(CoreDiagnostics.TypeMismatch, node.Span, $"{PathText()} must be an integer or a string, but it is {Article(node.KindName)}.");
            return false;
        }

        Report(CoreDiagnostics.TypeMismatch, node.Span, $"{PathText()} must be {Article(schema.DescribeType())}, but it is {Article(node.KindName)}.");
        return false;
    }

    private void VisitMapping(YamlMapping mapping, SchemaNode schema, TextSpan ownerSpan)
    {
        // By index: an enumerator per mapping (and per required list) of every object validated, rendered ones included.
        var pairs = mapping.Pairs;
        for (var p = 0; p < pairs.Count; p++)
        {
            var pair = pairs[p];
            if (pair.KeyText is not { } key)
            {
                continue;
            }

            if (_options.IsPatch && key.StartsWith('$'))
            {
                continue; // strategic-merge directives: $patch, $retainKeys, $setElementOrder/..., $deleteFromPrimitiveList/...
            }

            if (_path.Count == 0 && _options.IgnoredRootKeys.Contains(key))
            {
                continue;
            }

            // One lookup: a key that is no property (a label, an annotation, a ConfigMap key) was looked up twice.
            var property = schema.GetProperty(key);
            var childSchema = property is not null ? property.Schema : schema.ChildSchemaOfOtherKey();
            if (childSchema is null && schema.EmbeddedResource && key is "apiVersion" or "kind" or "metadata")
            {
                continue;
            }

            if (childSchema is null)
            {
                ReportUnknownField(pair, key, schema);
                continue;
            }

            if (property?.Schema.DeprecationMessage is { } deprecation && !pair.IsMerged)
            {
                Report(CoreDiagnostics.DeprecatedField, pair.Key.Span, $"{key}: {deprecation}");
            }

            _path.Add(key);
            Visit(pair.Value, childSchema, pair.Key.Span);
            _path.RemoveAt(_path.Count - 1);
        }

        if (!_options.IsPatch)
        {
            var requiredFields = schema.Required;
            for (var r = 0; r < requiredFields.Count; r++)
            {
                var required = requiredFields[r];
                if (mapping.GetPair(required) is null && !IsProvided(required))
                {
                    var where = ownerSpan.Length > 0 ? ownerSpan : FirstKeySpan(mapping, ownerSpan);
                    var owner = _path.Count == 0 ? "The object" : PathText();
                    Report(CoreDiagnostics.RequiredField, where, $"{owner} is missing the required field '{required}'.", ("field", required));
                }
            }
        }
    }

    private bool IsProvided(string field)
    {
        if (_options.ProvidedFields.Count == 0)
        {
            return false;
        }

        var keys = _path.Where(segment => segment[0] != '[').Append(field);
        return _options.ProvidedFields.Contains(string.Join('.', keys));
    }

    private static TextSpan FirstKeySpan(YamlMapping mapping, TextSpan fallback) =>
        mapping.Pairs.Count > 0 && !mapping.Pairs[0].IsMerged ? mapping.Pairs[0].Key.Span : fallback.Length > 0 ? fallback : new TextSpan(mapping.Span.Start, 0);

    private void ReportUnknownField(YamlPair pair, string key, SchemaNode schema)
    {
        var known = schema.Properties?.Keys ?? Enumerable.Empty<string>();
        var suggestion = Suggestions.Closest(key, known);
        var where = _path.Count == 0 ? string.Empty : $" in {PathText()}";
        var message = suggestion is null
            ? $"Unknown field '{key}'{where}."
            : $"Unknown field '{key}'{where}; did you mean '{suggestion}'?";
        var diagnostic = CoreDiagnostics.UnknownField.Create(pair.Key.Span, message);
        if (suggestion is not null && pair.Key is YamlScalar { IsPlain: true } && !pair.IsMerged)
        {
            // A typo (two edits at most, case aside) is safe to rename in bulk; a farther guess ('secretRef' for 'keySecretRef')
            // may name a different field, so it is offered in the editor only.
            var typo = Suggestions.Distance(key.ToLowerInvariant(), suggestion.ToLowerInvariant()) <= 2;
            diagnostic = diagnostic with
            {
                Fixes = [new CodeFix($"Rename '{key}' to '{suggestion}'", [new TextEdit(pair.Key.Span, suggestion)]) { IsPreferred = typo, Safety = typo ? FixSafety.Safe : FixSafety.Unsafe }],
                Properties = new Dictionary<string, string> { ["suggestion"] = suggestion },
            };
        }

        _output.Add(diagnostic);
    }

    private void VisitSequence(YamlSequence sequence, SchemaNode schema)
    {
        if (schema.MinItems is { } minItems && sequence.Items.Count < minItems)
        {
            Report(CoreDiagnostics.Constraint, sequence.Span, $"{PathText()} must have at least {minItems} item{(minItems == 1 ? "" : "s")}.");
        }

        if (schema.MaxItems is { } maxItems && sequence.Items.Count > maxItems)
        {
            Report(CoreDiagnostics.Constraint, sequence.Span, $"{PathText()} must have at most {maxItems} item{(maxItems == 1 ? "" : "s")}.");
        }

        if (schema.Items is not { } itemSchema)
        {
            return;
        }

        for (var i = 0; i < sequence.Items.Count; i++)
        {
            var item = sequence.Items[i];
            _path.Add(i < IndexSegments.Length ? IndexSegments[i] : $"[{i}]");
            Visit(item, itemSchema, new TextSpan(item.Span.Start, 0));
            _path.RemoveAt(_path.Count - 1);
        }
    }

    private void VisitScalar(YamlScalar scalar, SchemaNode schema)
    {
        if (!CheckScalarType(scalar, schema))
        {
            return;
        }

        var value = scalar.Value;
        if (schema.Enum is { Count: > 0 } allowed && !allowed.Contains(value, StringComparer.Ordinal))
        {
            var suggestion = Suggestions.Closest(value, allowed);
            var list = allowed.Count <= 12 ? string.Join(", ", allowed.Select(a => a.Length == 0 ? "\"\"" : a)) : string.Join(", ", allowed.Take(12)) + ", …";
            var message = $"{PathText()} must be one of {list}; '{value}' is not allowed." + (suggestion is null ? string.Empty : $" Did you mean '{suggestion}'?");
            var diagnostic = CoreDiagnostics.EnumValue.Create(scalar.Span, message);
            if (suggestion is not null && scalar.IsPlain)
            {
                diagnostic = diagnostic with { Fixes = [new CodeFix($"Change to '{suggestion}'", [new TextEdit(scalar.Span, suggestion)]) { IsPreferred = true, Safety = FixSafety.Safe }] };
            }

            _output.Add(diagnostic);
            return;
        }

        if (scalar.Type == YamlScalarType.String)
        {
            CheckString(scalar, schema);
        }
        else if (scalar.Type is YamlScalarType.Integer or YamlScalarType.Float)
        {
            CheckNumber(scalar, schema);
        }
    }

    private bool CheckScalarType(YamlScalar scalar, SchemaNode schema)
    {
        var type = scalar.Type;
        if (schema.IntOrString)
        {
            if (type is YamlScalarType.String or YamlScalarType.Integer || (type == YamlScalarType.Float && schema.Format == "quantity"))
            {
                return true;
            }

            Report(CoreDiagnostics.TypeMismatch, scalar.Span, $"{PathText()} must be {Article(schema.DescribeType())}, but {Shown(scalar)} is {Article(scalar.KindName)}.");
            return false;
        }

        var expected = schema.Types;
        if (expected == SchemaTypes.None)
        {
            return true;
        }

        var accepted = type switch
        {
            YamlScalarType.String => (expected & SchemaTypes.String) != 0,
            YamlScalarType.Integer => (expected & (SchemaTypes.Integer | SchemaTypes.Number)) != 0,
            YamlScalarType.Float => (expected & SchemaTypes.Number) != 0,
            YamlScalarType.Boolean => (expected & SchemaTypes.Boolean) != 0,
            _ => true,
        };

        if (accepted)
        {
            if (type == YamlScalarType.String && scalar.IsPlain && YamlScalarResolver.IsYaml11OnlyBoolean(scalar.Value) && (expected & SchemaTypes.Boolean) == 0)
            {
                ReportWithFix(CoreDiagnostics.Yaml11Boolean, scalar,
                    $"'{scalar.Value}' is a string to YAML 1.2 tools but a boolean to kubectl (YAML 1.1), which would reject it here; quote it.",
                    "Quote the value", Quote(scalar.Value));
            }

            return true;
        }

        var wanted = schema.DescribeType();
        if ((expected & SchemaTypes.String) != 0)
        {
            ReportWithFix(CoreDiagnostics.TypeMismatch, scalar,
                $"{PathText()} must be a string, but {scalar.Value} is read as {Article(scalar.KindName)}; quote it.",
                "Quote the value", Quote(scalar.Value));
            return false;
        }

        if (type == YamlScalarType.String && !scalar.IsPlain && YamlScalarResolver.ResolvePlain(scalar.Value) is var unquoted && IsAcceptedPlain(unquoted, expected))
        {
            ReportWithFix(CoreDiagnostics.TypeMismatch, scalar,
                $"{PathText()} must be {Article(wanted)}, but \"{scalar.Value}\" is a quoted string; remove the quotes.",
                "Remove the quotes", scalar.Value);
            return false;
        }

        var hint = (expected & SchemaTypes.Boolean) != 0 && YamlScalarResolver.IsYaml11OnlyBoolean(scalar.Value)
            ? $" Write true or false: '{scalar.Value}' is a boolean only to YAML 1.1 tools."
            : string.Empty;
        Report(CoreDiagnostics.TypeMismatch, scalar.Span, $"{PathText()} must be {Article(wanted)}, but {Shown(scalar)} is {Article(scalar.KindName)}.{hint}");
        return false;
    }

    private static bool IsAcceptedPlain(YamlScalarType type, SchemaTypes expected) => type switch
    {
        YamlScalarType.Integer => (expected & (SchemaTypes.Integer | SchemaTypes.Number)) != 0,
        YamlScalarType.Float => (expected & SchemaTypes.Number) != 0,
        YamlScalarType.Boolean => (expected & SchemaTypes.Boolean) != 0,
        _ => false,
    };

    private void CheckString(YamlScalar scalar, SchemaNode schema)
    {
        var value = scalar.Value;
        if (schema.Format is { } format && ValueFormats.Check(format, value) is { } problem)
        {
            Report(CoreDiagnostics.InvalidFormat, scalar.Span, $"{PathText()}: '{Truncate(value)}' {problem}.");
            return;
        }

        if (schema.MinLength is { } minLength && value.Length < minLength)
        {
            Report(CoreDiagnostics.Constraint, scalar.Span, $"{PathText()} must be at least {minLength} character{(minLength == 1 ? "" : "s")} long.");
        }

        if (schema.MaxLength is { } maxLength && value.Length > maxLength)
        {
            Report(CoreDiagnostics.Constraint, scalar.Span, $"{PathText()} must be at most {maxLength} characters long.");
        }

        if (schema.Pattern is { } pattern)
        {
            try
            {
                if (!StallTolerant.IsMatch(pattern, value))
                {
                    Report(CoreDiagnostics.Constraint, scalar.Span, $"{PathText()}: '{Truncate(value)}' does not match the pattern {schema.PatternText}.");
                }
            }
            catch (RegexMatchTimeoutException)
            {
                // A pathological pattern from a user's CRD: skip rather than stall the editor.
            }
        }
    }

    private void CheckNumber(YamlScalar scalar, SchemaNode schema)
    {
        if (schema.Minimum is null && schema.Maximum is null)
        {
            return;
        }

        if (!YamlScalarResolver.TryGetNumber(scalar.Value, out var number))
        {
            if (!YamlScalarResolver.TryGetInteger(scalar.Value, out var integer))
            {
                return;
            }

            number = integer; // hexadecimal and octal integers (0x1F, 0o17)
        }

        if (schema.Minimum is { } minimum && (number < minimum || (schema.ExclusiveMinimum && number == minimum)))
        {
            Report(CoreDiagnostics.Constraint, scalar.Span, $"{PathText()} must be {(schema.ExclusiveMinimum ? "greater than" : "at least")} {minimum.ToString(CultureInfo.InvariantCulture)}.");
        }

        if (schema.Maximum is { } maximum && (number > maximum || (schema.ExclusiveMaximum && number == maximum)))
        {
            Report(CoreDiagnostics.Constraint, scalar.Span, $"{PathText()} must be {(schema.ExclusiveMaximum ? "less than" : "at most")} {maximum.ToString(CultureInfo.InvariantCulture)}.");
        }
    }

    private void Report(DiagnosticDescriptor descriptor, TextSpan span, string message, (string Key, string Value)? property = null)
    {
        var diagnostic = descriptor.Create(span, message);
        if (property is { } extra)
        {
            diagnostic = diagnostic with { Properties = new Dictionary<string, string> { [extra.Key] = extra.Value } };
        }

        _output.Add(diagnostic);
    }

    private void ReportWithFix(DiagnosticDescriptor descriptor, YamlScalar scalar, string message, string fixTitle, string replacement) =>
        _output.Add(descriptor.Create(scalar.Span, message) with { Fixes = [new CodeFix(fixTitle, [new TextEdit(scalar.Span, replacement)]) { IsPreferred = true, Safety = FixSafety.Safe }] });

    private string PathText()
    {
        if (_path.Count == 0)
        {
            return "The value";
        }

        var builder = new System.Text.StringBuilder();
        foreach (var segment in _path)
        {
            if (builder.Length > 0 && segment[0] != '[')
            {
                builder.Append('.');
            }

            builder.Append(segment);
        }

        return builder.ToString();
    }

    internal static bool IsSubstituted(YamlScalar scalar) => scalar.Value.Contains("${", StringComparison.Ordinal);

    internal static bool IsSopsCiphertext(YamlScalar scalar) => scalar.Value.StartsWith("ENC[", StringComparison.Ordinal);

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static string Shown(YamlScalar scalar) => scalar.Type == YamlScalarType.String ? $"'{Truncate(scalar.Value)}'" : scalar.Value;

    private static string Truncate(string value) => value.Length <= 60 ? value : value[..57] + "...";

    private static string Article(string noun) => noun.Length > 0 && "aeiou".Contains(noun[0]) ? "an " + noun : "a " + noun;
}
