using System.Globalization;
using System.Text.RegularExpressions;
using GitOpsAi.Core.Expressions.JmesPath;
using GitOpsAi.Core.Text;

namespace GitOpsAi.Core.Kyverno;

internal enum RuleStatus
{
    Pass,
    Fail,
    Skip,
    Error,
}

/// <summary>One place where a resource breaks a pattern.</summary>
internal readonly record struct PatternFailure(string Path, TextSpan? Span, string Detail);

/// <summary>The verdict of a pattern: pass, fail (with every failing place, the first being Kyverno's), skip or error.</summary>
internal sealed record PatternOutcome(RuleStatus Status, string Path, string Detail, IReadOnlyList<PatternFailure> Failures)
{
    public static readonly PatternOutcome Passed = new(RuleStatus.Pass, string.Empty, string.Empty, []);
}

/// <summary>
/// Kyverno's validate.pattern, anchor for anchor: conditional <c>(key)</c>, equality <c>=(key)</c>, negation
/// <c>X(key)</c>, existence <c>^(key)</c> and global <c>&lt;(key)</c>; lists of maps apply to every element; a
/// conditional or global anchor that does not hold skips the rule. The verdict follows Kyverno's first-error order
/// exactly; a second pass then collects the other failures so that each is reported where it is.
/// </summary>
internal sealed partial class PatternMatcher
{
    private readonly Dictionary<string, bool> _anchorMap = new(StringComparer.Ordinal);
    private readonly bool _collect;

    private PatternMatcher(bool collect)
    {
        _collect = collect;
    }

    public static PatternOutcome Match(JValue resource, JValue pattern, string rootPath)
    {
        var error = new PatternMatcher(collect: false).Element(resource, pattern, rootPath, null);
        if (error is null)
        {
            return PatternOutcome.Passed;
        }

        if (error.IsSkip)
        {
            return new PatternOutcome(RuleStatus.Skip, string.Empty, error.Message, []);
        }

        if (error.Kind != ErrorKind.Negation && error.KeysMissing)
        {
            // Kyverno: an anchor of the pattern never met a key in the resource; the rule errors rather than fails.
            return new PatternOutcome(RuleStatus.Error, string.Empty, error.Message, []);
        }

        var failures = new List<PatternFailure>();
        var collected = new PatternMatcher(collect: true).Element(resource, pattern, rootPath, null) ?? error;
        Flatten(collected, failures);
        if (failures.Count == 0 || failures[0].Path != error.Path)
        {
            failures.Insert(0, new PatternFailure(error.Path, error.Span, error.Message));
        }

        var distinct = failures.DistinctBy(f => (f.Path, f.Span)).ToList();
        return new PatternOutcome(RuleStatus.Fail, error.Path, error.Message, distinct);
    }

    private static void Flatten(PatternError error, List<PatternFailure> into)
    {
        if (!error.IsSkip)
        {
            into.Add(new PatternFailure(error.Path, error.Span, error.Message));
        }

        foreach (var extra in error.Extra)
        {
            Flatten(extra, into);
        }
    }

    private enum ErrorKind
    {
        Plain,
        Conditional,
        Global,
        Negation,
        ArraySkip,
    }

    private sealed class PatternError
    {
        public required ErrorKind Kind { get; init; }

        public required string Path { get; init; }

        public required string Message { get; init; }

        public TextSpan? Span { get; init; }

        /// <summary>Whether some anchor key of the pattern had not yet been seen in the resource when this error arose.</summary>
        public bool KeysMissing { get; init; }

        public List<PatternError> Extra { get; } = [];

        public bool IsSkip => Kind is ErrorKind.Conditional or ErrorKind.Global or ErrorKind.ArraySkip;
    }

    private PatternError Error(ErrorKind kind, string path, string message, TextSpan? span, bool? keysMissing = null) => new()
    {
        Kind = kind,
        Path = path,
        Message = message,
        Span = span,
        KeysMissing = keysMissing ?? KeysAreMissing(),
    };

    private bool KeysAreMissing() => _anchorMap.Values.Any(v => !v);

    /// <summary>When collecting every failure: the first one is the verdict, the others hang on it to be reported too.</summary>
    private static void Keep(ref PatternError? first, PatternError error)
    {
        if (first is null)
        {
            first = error;
        }
        else
        {
            first.Extra.Add(error);
        }
    }

    private static TextSpan? SpanOf(JValue? value, JValue? container) =>
        value is { Node: not null } ? value.ReportSpan() : container?.ReportSpanForMissingChild();

    private PatternError? Element(JValue? resource, JValue pattern, string path, JValue? container)
    {
        switch (pattern)
        {
            case JObject patternMap:
                if (resource is not JObject resourceMap)
                {
                    return Error(ErrorKind.Plain, path, $"pattern and resource have different structures. Path: {path}. Expected object, found {Describe(resource)}", SpanOf(resource, container));
                }

                CheckAnchorsInResource(patternMap, resourceMap);
                return ValidateMap(resourceMap, patternMap, path);
            case JArray patternArray:
                if (resource is not JArray resourceArray)
                {
                    return Error(ErrorKind.Plain, path, $"validation rule failed at path {path}, resource does not satisfy the expected overlay pattern", SpanOf(resource, container));
                }

                return ValidateArray(resourceArray, patternArray, path);
            default:
                if (resource is JArray items)
                {
                    PatternError? first = null;
                    foreach (var item in items.Items)
                    {
                        if (!PatternValues.Validate(item, pattern))
                        {
                            var error = Error(ErrorKind.Plain, path, $"resource value '{item.ToSprint()}' does not match '{pattern.ToSubstitutionText()}' at path {path}", SpanOf(item, items));
                            if (!_collect)
                            {
                                return error;
                            }

                            Keep(ref first, error);
                        }
                    }

                    return first;
                }

                if (!PatternValues.Validate(resource, pattern))
                {
                    var shown = resource is null || resource.IsNull ? "<nil>" : resource.ToSprint();
                    return Error(ErrorKind.Plain, path, $"value '{shown}' does not match '{pattern.ToSubstitutionText()}' at path {path}", SpanOf(resource, container));
                }

                return null;
        }
    }

    private static string Describe(JValue? value) => value switch
    {
        null or JNull => "nothing",
        JObject => "an object",
        JArray => "a list",
        JString s => $"'{s.Value}'",
        _ => value.ToSubstitutionText(),
    };

    private PatternError? ValidateMap(JObject resourceMap, JObject patternMap, string path)
    {
        patternMap = ExpandInMetadata(patternMap, resourceMap);
        var anchors = new List<(string Key, Anchor Anchor, JValue Pattern)>();
        var plain = new List<(string Key, JValue Pattern)>();
        foreach (var (key, value) in patternMap.Entries)
        {
            if (Anchor.Parse(key) is { Type: not AnchorType.AddIfNotPresent } anchor)
            {
                anchors.Add((key, anchor, value));
            }
            else
            {
                plain.Add((key, value));
            }
        }

        foreach (var (key, anchor, value) in anchors.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            var error = HandleAnchor(anchor, value, resourceMap, path);
            if (error is not null)
            {
                return error;
            }
        }

        PatternError? first = null;
        // Keys whose pattern holds anchors first, as Kyverno orders them; each pattern is walked once for it, not twice.
        var nested = new bool[plain.Count];
        for (var i = 0; i < plain.Count; i++)
        {
            nested[i] = HasNestedAnchors(plain[i].Pattern);
        }

        foreach (var (key, value) in plain.Where((_, i) => nested[i]).Concat(plain.Where((_, i) => !nested[i])))
        {
            var error = HandleDefault(key, value, resourceMap, path);
            if (error is null)
            {
                continue;
            }

            // A skip stops the map only while nothing has failed in it; after a failure the failure stands.
            if (!_collect || (first is null && error.IsSkip))
            {
                return error;
            }

            if (!error.IsSkip)
            {
                Keep(ref first, error);
            }
        }

        return first;
    }

    private PatternError? HandleDefault(string key, JValue pattern, JObject resourceMap, string path)
    {
        var currentPath = path + key + "/";
        var value = resourceMap.Get(key);
        if (pattern is JString { Value: "*" })
        {
            return value is null || value.IsNull
                ? Error(ErrorKind.Plain, path, $"{path}/{key} not found", value is { Node: not null } ? value.ReportSpan() : resourceMap.ReportSpanForMissingChild())
                : null;
        }

        return Element(value, pattern, currentPath, resourceMap);
    }

    private PatternError? HandleAnchor(Anchor anchor, JValue pattern, JObject resourceMap, string path)
    {
        var currentPath = path + anchor.Key + "/";
        var present = resourceMap.TryGet(anchor.Key, out var value);
        switch (anchor.Type)
        {
            case AnchorType.Condition:
            {
                if (!present)
                {
                    return Error(ErrorKind.Conditional, currentPath, "conditional anchor key doesn't exist in the resource", resourceMap.ReportSpanForMissingChild());
                }

                var inner = Element(value, pattern, currentPath, resourceMap);
                return inner is null ? null : Error(ErrorKind.Conditional, inner.Path, "conditional anchor mismatch: " + inner.Message, inner.Span, inner.KeysMissing);
            }

            case AnchorType.Global:
            {
                if (!present)
                {
                    return null;
                }

                var inner = Element(value, pattern, currentPath, resourceMap);
                return inner is null ? null : Error(ErrorKind.Global, inner.Path, "global anchor mismatch: " + inner.Message, inner.Span, inner.KeysMissing);
            }

            case AnchorType.Negation:
                return present
                    ? Error(ErrorKind.Negation, currentPath, $"{currentPath} is not allowed", value.KeyNode?.Span ?? value.ReportSpan())
                    : null;
            case AnchorType.Equality:
                return present ? Element(value, pattern, currentPath, resourceMap) : null;
            case AnchorType.Existence:
            {
                if (!present)
                {
                    return null;
                }

                if (value is not JArray list)
                {
                    return Error(ErrorKind.Plain, currentPath, "an existence anchor ^() applies only to a list", value.ReportSpan());
                }

                if (pattern is not JArray patterns)
                {
                    return Error(ErrorKind.Plain, currentPath, "an existence anchor ^() needs a list pattern", value.ReportSpan());
                }

                foreach (var item in patterns.Items)
                {
                    if (item is not JObject itemPattern)
                    {
                        return Error(ErrorKind.Plain, currentPath, "an existence anchor ^() needs a list of maps", value.ReportSpan());
                    }

                    if (!ExistsIn(list, itemPattern, currentPath))
                    {
                        return Error(ErrorKind.Plain, currentPath, $"existence anchor validation failed at path {currentPath}", value.KeyNode?.Span ?? value.ReportSpan());
                    }
                }

                return null;
            }

            default:
                return null;
        }
    }

    private bool ExistsIn(JArray list, JObject pattern, string path)
    {
        for (var i = 0; i < list.Items.Count; i++)
        {
            if (Element(list.Items[i], pattern, path + i.ToString(CultureInfo.InvariantCulture) + "/", list) is null)
            {
                return true;
            }
        }

        return false;
    }

    private PatternError? ValidateArray(JArray resourceArray, JArray patternArray, string path)
    {
        if (patternArray.Items.Count == 0)
        {
            return Error(ErrorKind.Plain, path, "pattern Array empty", resourceArray.ReportSpan());
        }

        switch (patternArray.Items[0])
        {
            case JObject patternMap:
                return ValidateArrayOfMaps(resourceArray, patternMap, path);
            case JArray:
            {
                if (resourceArray.Items.Count < patternArray.Items.Count)
                {
                    return Error(ErrorKind.Plain, string.Empty, $"validate Array failed, array length mismatch, resource Array len is {resourceArray.Items.Count} and pattern Array len is {patternArray.Items.Count}", resourceArray.ReportSpan());
                }

                var applied = 0;
                var skipped = 0;
                for (var i = 0; i < patternArray.Items.Count; i++)
                {
                    var error = Element(resourceArray.Items[i], patternArray.Items[i], path + i.ToString(CultureInfo.InvariantCulture) + "/", resourceArray);
                    if (error is null)
                    {
                        applied++;
                    }
                    else if (error.IsSkip)
                    {
                        skipped++;
                    }
                    else
                    {
                        return error;
                    }
                }

                return applied == 0 && skipped > 0 ? Error(ErrorKind.ArraySkip, path, "every element was skipped", resourceArray.ReportSpan()) : null;
            }

            default:
                return Element(resourceArray, patternArray.Items[0], path, null);
        }
    }

    private PatternError? ValidateArrayOfMaps(JArray resourceArray, JObject patternMap, string path)
    {
        var applied = 0;
        var skipped = 0;
        PatternError? first = null;
        for (var i = 0; i < resourceArray.Items.Count; i++)
        {
            var error = Element(resourceArray.Items[i], patternMap, path + i.ToString(CultureInfo.InvariantCulture) + "/", resourceArray);
            if (error is null)
            {
                applied++;
                continue;
            }

            if (error.IsSkip)
            {
                skipped++;
                continue;
            }

            if (!_collect)
            {
                return error;
            }

            Keep(ref first, error);
        }

        if (first is not null)
        {
            return first;
        }

        return applied == 0 && skipped > 0 ? Error(ErrorKind.ArraySkip, path, "every element was skipped", resourceArray.ReportSpan()) : null;
    }

    private void CheckAnchorsInResource(JObject pattern, JObject resource)
    {
        foreach (var key in pattern.Keys)
        {
            if (Anchor.Parse(key) is { Type: AnchorType.Condition or AnchorType.Existence or AnchorType.Negation } anchor)
            {
                if (_anchorMap.TryGetValue(key, out var seen) && seen)
                {
                    continue;
                }

                _anchorMap[key] = resource.ContainsKey(anchor.Key);
            }
        }
    }

    private static bool HasNestedAnchors(JValue pattern)
    {
        // Loops, not LINQ: asked of every key of every pattern map on every object.
        switch (pattern)
        {
            case JObject map:
                var entries = map.Entries;
                for (var i = 0; i < entries.Count; i++)
                {
                    if (Anchor.Parse(entries[i].Key) is { Type: not AnchorType.AddIfNotPresent })
                    {
                        return true;
                    }
                }

                for (var i = 0; i < entries.Count; i++)
                {
                    if (HasNestedAnchors(entries[i].Value))
                    {
                        return true;
                    }
                }

                return false;
            case JArray list:
                for (var i = 0; i < list.Items.Count; i++)
                {
                    if (HasNestedAnchors(list.Items[i]))
                    {
                        return true;
                    }
                }

                return false;
            default:
                return false;
        }
    }

    /// <summary>Kyverno's wildcards.ExpandInMetadata: label and annotation keys with wildcards become the resource's matching keys.</summary>
    private static JObject ExpandInMetadata(JObject pattern, JObject resource)
    {
        var metadataKey = pattern.Keys.FirstOrDefault(k => k == "metadata" || Anchor.Parse(k)?.Key == "metadata");
        if (metadataKey is null || pattern.Get(metadataKey) is not JObject patternMetadata || resource.Get("metadata") is not JObject resourceMetadata)
        {
            return pattern;
        }

        JObject? expanded = null;
        foreach (var tag in (string[])["labels", "annotations"])
        {
            var tagKey = patternMetadata.Keys.FirstOrDefault(k => k == tag || Anchor.Parse(k)?.Key == tag);
            if (tagKey is null || patternMetadata.Get(tagKey) is not JObject patternTag || !patternTag.Keys.Any(Wildcard.Contains)
                || patternTag.Entries.Any(e => e.Value is not JString) || resourceMetadata.Get(tag) is not JObject resourceTag)
            {
                continue;
            }

            var replaced = new JObject { Node = patternTag.Node, KeyNode = patternTag.KeyNode, Path = patternTag.Path };
            foreach (var (key, value) in patternTag.Entries)
            {
                if (!Wildcard.Contains(key))
                {
                    replaced.Set(key, value);
                    continue;
                }

                var anchor = Anchor.Parse(key);
                var bare = anchor?.Key ?? key;
                var match = resourceTag.Keys.FirstOrDefault(k => Wildcard.Match(bare, k));
                replaced.Set(match is null ? key : anchor is null ? match : anchor.Format(match), value);
            }

            expanded ??= patternMetadata.With();
            expanded.Set(tagKey, replaced);
        }

        return expanded is null ? pattern : pattern.With((metadataKey, expanded));
    }
}

internal enum AnchorType
{
    Condition,
    Global,
    Equality,
    Negation,
    Existence,
    AddIfNotPresent,
}

/// <summary>A pattern key such as <c>=(securityContext)</c>: its modifier and the key it guards.</summary>
internal sealed partial record Anchor(AnchorType Type, string Key)
{
    [GeneratedRegex(@"^([+<=X^])?\((.+)\)$", RegexOptions.Singleline)]
    private static partial Regex AnchorRegex();

    // Pattern and patch keys come from the policies (a few thousand): each is matched against its regex once, not once
    // per object and rule that meets it. Bounded, so keys that variables produce cannot grow it without end.
    private const int MaxParsed = 20_000;
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Anchor?> Parsed = new(StringComparer.Ordinal);

    public static Anchor? Parse(string key)
    {
        if (key.Length < 3 || key[^1] != ')')
        {
            return null;
        }

        if (Parsed.TryGetValue(key, out var known))
        {
            return known;
        }

        var anchor = ParseUncached(key);
        if (Parsed.Count < MaxParsed)
        {
            Parsed.TryAdd(key, anchor);
        }

        return anchor;
    }

    private static Anchor? ParseUncached(string key)
    {
        var match = AnchorRegex().Match(key);
        if (!match.Success)
        {
            return null;
        }

        var type = match.Groups[1].Value switch
        {
            "" => AnchorType.Condition,
            "<" => AnchorType.Global,
            "=" => AnchorType.Equality,
            "X" => AnchorType.Negation,
            "^" => AnchorType.Existence,
            _ => AnchorType.AddIfNotPresent,
        };
        return new Anchor(type, match.Groups[2].Value);
    }

    public string Format(string key) => Type switch
    {
        AnchorType.Condition => $"({key})",
        AnchorType.Global => $"<({key})",
        AnchorType.Equality => $"=({key})",
        AnchorType.Negation => $"X({key})",
        AnchorType.Existence => $"^({key})",
        _ => $"+({key})",
    };
}
