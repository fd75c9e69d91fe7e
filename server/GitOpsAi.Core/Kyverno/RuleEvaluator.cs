using System.Globalization;
using GitOpsAi.Core.Expressions.JmesPath;
using GitOpsAi.Core.Text;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Kyverno;

/// <summary>One violation of a rule by a resource, placed in the resource's text.</summary>
internal sealed record Finding(TextSpan? Span, string Message, string Path);

internal sealed record RuleEvaluation(RuleStatus Status, IReadOnlyList<Finding> Findings, string? Detail = null)
{
    /// <summary>No verdict: the rule reads something from the cluster the repository does not have (Detail says what).</summary>
    public bool Unknown { get; init; }

    public static RuleEvaluation NotKnown(string detail) => new(RuleStatus.Skip, [], detail) { Unknown = true };

    public static readonly RuleEvaluation Passed = new(RuleStatus.Pass, []);
    public static readonly RuleEvaluation Skipped = new(RuleStatus.Skip, []);

    public static RuleEvaluation Errored(string detail) => new(RuleStatus.Error, [], detail);
}

/// <summary>
/// Context entries added (<see cref="Context"/> set), or why not: the repository does not know what an entry reads
/// (<see cref="Unknown"/>), or a variable cannot be resolved (<see cref="Error"/>).
/// </summary>
internal readonly record struct ContextOutcome(EvalContext? Context, string? Unknown, string? Error)
{
    /// <summary>A cluster read's substituted text (null when there is none to read).</summary>
    public string? Text { get; init; }

    public static ContextOutcome NotKnown(string why) => new(null, why, null);

    public static ContextOutcome Failed(string error) => new(null, null, error);

    /// <summary>What the throwing forms (<c>AddContext</c>, <c>ClusterReadText</c>) raise for an outcome without a context.</summary>
    public Exception ToException() => Unknown is { } unknown ? new UnknownContextException(unknown) : new VariableException(Error!);
}

/// <summary>
/// Evaluates one validate rule against one resource as Kyverno's background/CLI engine does for a CREATE: context
/// variables, preconditions, deny, pattern, anyPattern and foreach. For an auto-generated pod-controller rule the
/// pattern applies to the pod template and <c>request.object.spec</c>/<c>.metadata</c> read the template's.
/// </summary>
internal sealed class RuleEvaluator
{
    /// <summary>Nested foreach levels evaluated; Kyverno's own policies use two at most.</summary>
    public const int MaxForEachNesting = 10;

    /// <summary>Elements one rule may visit on one resource (nested foreach multiplies them).</summary>
    public const int MaxForEachElements = 100_000;

    private readonly string _ruleName;
    private int _elementsVisited;
    private readonly JValue _patternRoot;
    private readonly string _patternRootPath;

    private RuleEvaluator(string ruleName, JValue patternRoot)
    {
        _ruleName = ruleName;
        _patternRoot = patternRoot;
        _patternRootPath = patternRoot.Path ?? "/";
    }

    /// <param name="autogenKind">null for the rule as written; a pod controller kind for its auto-generated copy.</param>
    public static RuleEvaluation Evaluate(KyvernoRule rule, ResourceInfo resource, string? autogenKind)
    {
        var ruleName = rule.Name;
        if (autogenKind is not null)
        {
            // The generated copy reads the controller itself through rewritten expressions and wrapped patterns; a
            // CEL rule keeps its text and is given the controller's pod template instead (below).
            rule = rule.Validate?.Cel is null ? rule.AutogenCopy(autogenKind) : rule;
            ruleName = rule.AutogenName(autogenKind);
        }

        try
        {
            // Pod Security and CEL rules read no JMESPath variables: without preconditions or context entries, the
            // request context (rebuilt per rule and object: a tenth of the corpus check) is not built for them.
            var readsVariables = rule.Preconditions is not null || rule.Context.Count > 0 || rule.Validate!.PodSecurity is null && rule.Validate!.Cel is null;
            EvalContext? context = null;
            if (readsVariables)
            {
                var outcome = TryAddContext(rule.Context, resource.RequestContext);
                if (outcome.Context is null)
                {
                    return outcome.Unknown is { } unknown ? RuleEvaluation.NotKnown(unknown) : RuleEvaluation.Errored(outcome.Error!);
                }

                context = outcome.Context;
            }

            if (rule.Preconditions is { } preconditions && !Conditions.Evaluate(preconditions, context!).Passed)
            {
                return RuleEvaluation.Skipped;
            }

            if (rule.Validate!.PodSecurity is { } podSecurity)
            {
                // Kyverno checks the pod, or a controller's pod template (its autogen copy).
                var pod = autogenKind is null ? resource.Object : PodTemplateOf(resource.Object, autogenKind);
                return pod?.Get("spec") is JObject podSpec ? PodSecurityVerdict(podSecurity, ruleName, pod.Get("metadata") as JObject, podSpec) : RuleEvaluation.Skipped;
            }

            if (rule.Validate!.Cel is { } cel)
            {
                // CEL reads the pod template of a controller through the autogen copy's object; no template, no verdict.
                // (The object as a value is not converted for a CEL rule, which reads CEL's view of it.)
                var template = autogenKind is null ? null : PodTemplateOf(resource.Object, autogenKind);
                return autogenKind is not null && template is null
                    ? RuleEvaluation.Skipped
                    : cel.Evaluate(resource, template?.Node as YamlMapping);
            }

            return new RuleEvaluator(ruleName, resource.Object).Validate(rule.Validate!, context!);
        }
        catch (UnknownContextException exception)
        {
            return RuleEvaluation.NotKnown(exception.Message);
        }
        catch (Exception exception) when (exception is VariableException or JmesException or System.Text.RegularExpressions.RegexMatchTimeoutException)
        {
            return RuleEvaluation.Errored(exception.Message);
        }
    }

    private static RuleEvaluation PodSecurityVerdict(PodSecurity.PodSecurityRule podSecurity, string ruleName, JObject? metadata, JObject spec)
    {
        var violations = podSecurity.Violations(metadata, spec);
        if (violations.Count == 0)
        {
            return RuleEvaluation.Passed;
        }

        // One result, as Kyverno reports one, at the first field that violates the level.
        var message = podSecurity.Message(ruleName, violations);
        return new RuleEvaluation(RuleStatus.Fail, [new Finding(violations.Select(v => v.Span).FirstOrDefault(s => s is not null), message, "/")]);
    }

    private static JObject? PodTemplateOf(JObject obj, string controllerKind) => controllerKind == "CronJob"
        ? (((obj.Get("spec") as JObject)?.Get("jobTemplate") as JObject)?.Get("spec") as JObject)?.Get("template") as JObject
        : (obj.Get("spec") as JObject)?.Get("template") as JObject;

    /// <summary>Whether a condition block (a PolicyException's conditions) holds for the resource; false when it cannot be evaluated.</summary>
    public static bool Holds(ConditionBlock conditions, ResourceInfo resource)
    {
        try
        {
            return Conditions.Evaluate(conditions, resource.RequestContext).Passed;
        }
        catch (Exception exception) when (exception is VariableException or JmesException or System.Text.RegularExpressions.RegexMatchTimeoutException)
        {
            return false;
        }
    }

    /// <summary>The variables of a CREATE request for the resource: request.*, and images for workloads.</summary>
    internal static EvalContext BaseContext(ResourceInfo resource, JObject requestObject)
    {
        var obj = resource.Object;
        var variables = new List<KeyValuePair<string, JValue>>
        {
            new("request", new JObject(
            [
                new("object", requestObject),
                new("oldObject", JValue.Null),
                new("operation", JValue.String("CREATE")),
                new("namespace", JValue.String(resource.Kind == "Namespace" ? resource.Name : resource.Namespace)),
                new("name", JValue.String(resource.Name)),
                new("kind", new JObject([new("group", JValue.String(resource.Group)), new("version", JValue.String(resource.Version)), new("kind", JValue.String(resource.Kind))])),
                new("dryRun", JBool.False),
            ])),
        };
        if (ImageVariables.Build(obj, resource.Kind) is { } images)
        {
            variables.Add(new("images", images));
        }

        return EvalContext.Create(variables, resource.Objects);
    }

    internal static EvalContext AddContext(IReadOnlyList<ContextVariable> entries, EvalContext context)
    {
        var outcome = TryAddContext(entries, context);
        return outcome.Context ?? throw outcome.ToException();
    }

    /// <summary>
    /// The context with the entries added, or why not: <see cref="ContextOutcome.Unknown"/> when the repository cannot
    /// answer what an entry reads (what <see cref="UnknownContextException"/> says), <see cref="ContextOutcome.Error"/>
    /// when a variable cannot be resolved (what <see cref="VariableException"/> says). Results, not exceptions: a check
    /// of the corpus meets some 3,000 such entries. A JMESPath error still throws <see cref="JmesException"/>.
    /// </summary>
    internal static ContextOutcome TryAddContext(IReadOnlyList<ContextVariable> entries, EvalContext context)
    {
        foreach (var entry in entries)
        {
            JValue? result;
            JValue? value = null;
            string? error;
            if (entry.Value is not null && (value = Variables.TrySubstituteAll(entry.Value, context, lenient: false, out error)) is null)
            {
                return ContextOutcome.Failed(error!);
            }

            if (entry.Lookup is { } lookup)
            {
                if (context.Objects is not { } objects)
                {
                    return ContextOutcome.NotKnown("it reads objects from the cluster");
                }

                var name = TryClusterReadText(lookup.ConfigMapName, context);
                var ns = name.Context is null ? name : TryClusterReadText(lookup.ConfigMapNamespace, context);
                var url = ns.Context is null ? ns : TryClusterReadText(lookup.UrlPath, context);
                if (url.Context is null)
                {
                    return url;
                }

                value = objects.Resolve(name.Text, ns.Text, url.Text, RequestedObject(context), out var unknown);
                if (value is null)
                {
                    return ContextOutcome.NotKnown(unknown!);
                }
            }

            if (entry.JmesPath is { } path)
            {
                if (Variables.TrySubstitute(JValue.String(path), context, lenient: false, out error) is not { } substituted)
                {
                    return ContextOutcome.Failed(error!);
                }

                var expression = substituted.ToSubstitutionText();
                result = value is null ? context.Query(expression) : JmesInterpreter.Evaluate(JmesParser.Parse(expression), value);
            }
            else
            {
                result = value;
            }

            if (result is null || result.IsNull)
            {
                // Kyverno: the default, else "unable to add context entry ... since it evaluated to nil".
                if (entry.Default is null)
                {
                    return ContextOutcome.Failed($"the context variable {entry.Name} evaluated to nothing");
                }

                if ((result = Variables.TrySubstituteAll(entry.Default, context, lenient: false, out error)) is null)
                {
                    return ContextOutcome.Failed(error!);
                }
            }

            context = context.With(entry.Name, result);
        }

        return new ContextOutcome(context, null, null);
    }

    /// <summary>
    /// The text of what a rule reads from the cluster (a URL path, a ConfigMap's or a target's name and namespace) with
    /// its variables substituted. The API server gives every namespaced object a namespace; for one written without it
    /// (a kustomization or Flux sets it when applying), a read that needs it is not known, not an error.
    /// </summary>
    internal static string? ClusterReadText(string? text, EvalContext context)
    {
        var outcome = TryClusterReadText(text, context);
        return outcome.Context is not null ? outcome.Text : throw outcome.ToException();
    }

    /// <summary><see cref="ClusterReadText"/> as an outcome: the text (with the context as the sign of success), or why not.</summary>
    private static ContextOutcome TryClusterReadText(string? text, EvalContext context)
    {
        if (text is null)
        {
            return new ContextOutcome(context, null, null);
        }

        if (Variables.TrySubstitute(JValue.String(text), context, lenient: false, out var error) is { } substituted)
        {
            return new ContextOutcome(context, null, null) { Text = substituted.ToSubstitutionText() };
        }

        return text.Contains("metadata.namespace", StringComparison.Ordinal) && RequestedObject(context).Namespace.Length == 0
            ? ContextOutcome.NotKnown($"it reads {text.Trim()} in the object's namespace, which it gets only when applied")
            : ContextOutcome.Failed(error!);
    }

    /// <summary>The object being admitted (group, kind, namespace, name): at CREATE the cluster does not have it yet.</summary>
    private static (string Group, string Kind, string Namespace, string Name) RequestedObject(EvalContext context)
    {
        string Read(string path) => context.Query(path) is JString { Value: var value } ? value : string.Empty;
        return (Read("request.kind.group"), Read("request.kind.kind"), Read("request.namespace"), Read("request.name"));
    }

    private RuleEvaluation Validate(ValidateBlock validate, EvalContext context)
    {
        if (validate.Deny is { } deny)
        {
            return EvaluateDeny(deny, validate.Message, context, element: null);
        }

        if (validate.Pattern is not null || validate.AnyPattern is not null)
        {
            return EvaluatePatterns(validate.Pattern, validate.AnyPattern, validate.Message, context, _patternRoot, _patternRootPath);
        }

        if (validate.ForEach is { } forEach)
        {
            return EvaluateForEach(forEach, validate.Message, context, nesting: 0, _patternRoot, _patternRootPath);
        }

        return RuleEvaluation.Passed;
    }

    private RuleEvaluation EvaluateDeny(ConditionBlock deny, string? message, EvalContext context, JValue? element)
    {
        var result = Conditions.Evaluate(deny, context);
        if (!result.Passed)
        {
            return RuleEvaluation.Passed;
        }

        TextSpan? span = null;
        foreach (var (op, key, value) in result.Deciding)
        {
            span = Locate(op, key, value, keyIsSubject: true) ?? Locate(op, key, value, keyIsSubject: false);
            if (span is not null)
            {
                break;
            }
        }

        span ??= element?.Node is not null ? element.ReportSpan() : null;
        var text = message is null ? $"validation error: rule {_ruleName} failed" : SubstituteMessage(message, context);
        return new RuleEvaluation(RuleStatus.Fail, [new Finding(span, text, element?.Path ?? "/")]);
    }

    /// <summary>
    /// Where a true condition is best shown: the key (or value) when it was read from the resource, or for a list
    /// computed from it, the first item that makes the condition true on its own (the image that is not allowed).
    /// </summary>
    private static TextSpan? Locate(string op, JValue key, JValue value, bool keyIsSubject)
    {
        var subject = keyIsSubject ? key : value;
        if (subject.Node is not null)
        {
            return subject.ReportSpan();
        }

        if (subject is not JArray { Items.Count: > 0 } items)
        {
            return null;
        }

        JValue? firstPositioned = null;
        foreach (var item in items.Items)
        {
            if (item.Node is null)
            {
                continue;
            }

            firstPositioned ??= item;
            var single = new JArray([item]);
            if (keyIsSubject ? Conditions.Apply(op, single, value) : Conditions.Apply(op, key, single))
            {
                return item.ReportSpan();
            }
        }

        return firstPositioned?.ReportSpan();
    }

    private RuleEvaluation EvaluatePatterns(JValue? pattern, JArray? anyPattern, string? message, EvalContext context, JValue target, string targetPath)
    {
        if (pattern is not null)
        {
            var substituted = Variables.SubstituteAll(pattern, context, lenient: false);
            var outcome = PatternMatcher.Match(target, substituted, targetPath);
            switch (outcome.Status)
            {
                case RuleStatus.Pass:
                    return RuleEvaluation.Passed;
                case RuleStatus.Skip:
                    return RuleEvaluation.Skipped;
                case RuleStatus.Error:
                    return RuleEvaluation.Errored(outcome.Detail);
            }

            var text = message is null ? null : SubstituteMessage(message, context);
            var findings = outcome.Failures.Select(f => new Finding(f.Span, FailureMessage(text, f.Path), f.Path)).ToList();
            return new RuleEvaluation(RuleStatus.Fail, findings);
        }

        var failed = new List<(int Index, PatternOutcome Outcome)>();
        var skipped = 0;
        for (var i = 0; i < anyPattern!.Items.Count; i++)
        {
            var substituted = Variables.SubstituteAll(anyPattern.Items[i], context, lenient: false);
            var outcome = PatternMatcher.Match(target, substituted, targetPath);
            switch (outcome.Status)
            {
                case RuleStatus.Pass:
                    return RuleEvaluation.Passed;
                case RuleStatus.Skip:
                    skipped++;
                    break;
                default:
                    failed.Add((i, outcome));
                    break;
            }
        }

        if (failed.Count == 0)
        {
            return skipped > 0 ? RuleEvaluation.Skipped : RuleEvaluation.Passed;
        }

        var reasons = string.Join(" ", failed.Select(f => f.Outcome.Path.Length > 0
            ? $"rule {_ruleName}[{f.Index}] failed at path {f.Outcome.Path}"
            : $"rule {_ruleName}[{f.Index}] failed: {f.Outcome.Detail}"));
        var substitutedMessage = message is null ? null : SubstituteMessage(message, context);
        var full = substitutedMessage is null
            ? $"validation error: {reasons}"
            : substitutedMessage.EndsWith('.') ? $"validation error: {substitutedMessage} {reasons}" : $"validation error: {substitutedMessage}. {reasons}";
        var first = failed.Select(f => f.Outcome.Failures.FirstOrDefault(x => x.Span is not null)).FirstOrDefault(f => f.Span is not null);
        return new RuleEvaluation(RuleStatus.Fail, [new Finding(first.Span, full, first.Path ?? failed[0].Outcome.Path)]);
    }

    private string FailureMessage(string? message, string path)
    {
        if (message is null)
        {
            return $"validation error: rule {_ruleName} failed at path {path}";
        }

        var text = message.EndsWith('.') ? message : message + ".";
        return $"validation error: {text} rule {_ruleName} failed at path {path}";
    }

    private static string SubstituteMessage(string message, EvalContext context)
    {
        try
        {
            return Variables.Substitute(JValue.String(message), context, lenient: false).ToSubstitutionText();
        }
        catch (Exception exception) when (exception is VariableException or JmesException)
        {
            return message;
        }
    }

    private RuleEvaluation EvaluateForEach(IReadOnlyList<ForEachValidation> entries, string? message, EvalContext context, int nesting, JValue target, string targetPath)
    {
        if (nesting >= MaxForEachNesting)
        {
            return LimitExceeded($"its foreach nests deeper than {MaxForEachNesting} levels");
        }

        var applied = 0;
        RuleStatus? decisive = null;
        string? detail = null;
        var findings = new List<Finding>();
        foreach (var entry in entries)
        {
            IReadOnlyList<JValue>? elements;
            try
            {
                elements = ListOrNothing(entry.List, context);
            }
            catch (Exception exception) when (exception is VariableException or JmesException)
            {
                continue;
            }

            if (elements is null)
            {
                continue; // the list is not set: as a foreach whose list cannot be read, it applies to nothing
            }

            var (status, count, found, why) = ValidateElements(entry, elements, message, context, nesting, target, targetPath);
            findings.AddRange(found);
            if (status != RuleStatus.Pass)
            {
                decisive ??= status;
                detail ??= why;
                if (status != RuleStatus.Fail)
                {
                    break;
                }
            }

            applied += count;
        }

        if (decisive is { } final)
        {
            return final == RuleStatus.Fail ? new RuleEvaluation(RuleStatus.Fail, findings) : new RuleEvaluation(final, [], detail);
        }

        return applied == 0 ? RuleEvaluation.Skipped : RuleEvaluation.Passed;
    }

    /// <summary>
    /// A rule too costly to evaluate fails (an error for an enforcing policy) instead of passing: a limit must never
    /// open the gate. The finding sits at the resource's name.
    /// </summary>
    private RuleEvaluation LimitExceeded(string why) =>
        new(RuleStatus.Fail, [new Finding(null, $"rule {_ruleName} was not evaluated: {why}", "/")]);

    internal static IReadOnlyList<JValue> EvaluateList(string list, EvalContext context) =>
        ListOrNothing(list, context) ?? throw new VariableException($"the foreach list {list} is not set");

    /// <summary>
    /// A foreach's elements; null when its list is not set (most objects lack the optional lists policies walk, such as
    /// initContainers: 2,000 exceptions in a check of the corpus, for an answer a null gives).
    /// </summary>
    private static IReadOnlyList<JValue>? ListOrNothing(string list, EvalContext context)
    {
        JValue result = Variables.HasVariables(list)
            ? Variables.Substitute(JValue.String(list), context, lenient: false)
            : context.Query(list);
        if (result is JString { Value: var text } && Variables.HasVariables(list))
        {
            result = context.Query(text);
        }

        return result.IsMissing ? null : result is JArray array ? array.Items : [result];
    }

    private (RuleStatus Status, int Applied, List<Finding> Findings, string? Detail) ValidateElements(
        ForEachValidation entry, IReadOnlyList<JValue> elements, string? message, EvalContext context, int nesting, JValue target, string targetPath)
    {
        var applied = 0;
        RuleStatus? decisive = null;
        string? detail = null;
        var findings = new List<Finding>();
        for (var index = 0; index < elements.Count; index++)
        {
            if (++_elementsVisited > MaxForEachElements)
            {
                return (RuleStatus.Fail, applied, [.. LimitExceeded($"its foreach visits more than {MaxForEachElements:N0} elements").Findings], null);
            }

            var element = elements[index];
            if (element.IsNull)
            {
                continue;
            }

            var indexValue = JValue.Number(index);
            var elementContext = context.With("element", element).With("elementIndex", indexValue).With("elementIndex" + nesting.ToString(CultureInfo.InvariantCulture), indexValue);
            var scoped = element is JObject;
            if (entry.ElementScope is { } scope)
            {
                if (scope && element is not JObject)
                {
                    return (RuleStatus.Error, applied, findings, "elementScope is true but the element is not an object");
                }

                scoped = scope;
            }

            RuleEvaluation result;
            try
            {
                result = ValidateElement(entry, message, elementContext, nesting, scoped ? element : target, scoped ? element.Path ?? "/" : targetPath, element);
            }
            catch (Exception exception) when (exception is VariableException or JmesException or System.Text.RegularExpressions.RegexMatchTimeoutException)
            {
                result = RuleEvaluation.Errored(exception.Message);
            }

            switch (result.Status)
            {
                case RuleStatus.Skip:
                    continue;
                case RuleStatus.Error:
                    if (index < elements.Count - 1)
                    {
                        continue;
                    }

                    decisive ??= RuleStatus.Error;
                    detail ??= result.Detail;
                    continue;
                case RuleStatus.Fail:
                    decisive ??= RuleStatus.Fail;
                    findings.AddRange(result.Findings);
                    continue;
            }

            applied++;
        }

        return (decisive ?? RuleStatus.Pass, applied, findings, detail);
    }

    private RuleEvaluation ValidateElement(ForEachValidation entry, string? message, EvalContext context, int nesting, JValue target, string targetPath, JValue element)
    {
        context = AddContext(entry.Context, context);
        if (entry.Preconditions is { } preconditions && !Conditions.Evaluate(preconditions, context).Passed)
        {
            return RuleEvaluation.Skipped;
        }

        if (entry.Deny is { } deny)
        {
            return EvaluateDeny(deny, message, context, element);
        }

        if (entry.Pattern is not null || entry.AnyPattern is not null)
        {
            return EvaluatePatterns(entry.Pattern, entry.AnyPattern, message, context, target, targetPath);
        }

        if (entry.ForEach is { } nested)
        {
            return EvaluateForEach(nested, message, context, nesting + 1, target, targetPath);
        }

        return RuleEvaluation.Passed;
    }
}
