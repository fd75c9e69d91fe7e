using System.Runtime.CompilerServices;
using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Expressions.JmesPath;
using GitOpsAi.Core.Kyverno.Generation;
using GitOpsAi.Core.Kyverno.Mutation;
using GitOpsAi.Core.Kyverno.PodSecurity;
using GitOpsAi.Core.Manifests;
using GitOpsAi.Core.Text;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Kyverno;

/// <summary>A <c>variable</c> context entry: a value, a JMESPath over it or over the context, and a default.</summary>
internal sealed record ContextVariable(string Name, JValue? Value, string? JmesPath, JValue? Default)
{
    /// <summary>For a configMap or apiCall entry: the object it reads, which the repository must have.</summary>
    public ContextLookup? Lookup { get; init; }
}

/// <summary>A validate.foreach entry (possibly nested).</summary>
internal sealed class ForEachValidation
{
    public required string List { get; init; }

    public IReadOnlyList<ContextVariable> Context { get; init; } = [];

    public ConditionBlock? Preconditions { get; init; }

    public JValue? Pattern { get; init; }

    public JArray? AnyPattern { get; init; }

    public ConditionBlock? Deny { get; init; }

    public bool? ElementScope { get; init; }

    public IReadOnlyList<ForEachValidation>? ForEach { get; init; }
}

/// <summary>The parts of a validate block GitOpsAi evaluates.</summary>
internal sealed record ValidateBlock
{
    /// <summary>validate.podSecurity: the pod checked against a Pod Security Standards level.</summary>
    public PodSecurityRule? PodSecurity { get; init; }

    /// <summary>validate.cel (with the rule's celPreconditions), evaluated by the CEL engine.</summary>
    public KyvernoCelRule? Cel { get; init; }

    public string? Message { get; init; }

    public JValue? Pattern { get; init; }

    public JArray? AnyPattern { get; init; }

    public ConditionBlock? Deny { get; init; }

    public IReadOnlyList<ForEachValidation>? ForEach { get; init; }

    /// <summary>The rule's own failureAction (Kyverno 1.13+), overriding the policy's.</summary>
    public string? FailureAction { get; init; }

    public IReadOnlyList<FailureActionOverride> Overrides { get; init; } = [];
}

/// <summary>validationFailureActionOverrides: another action for some namespaces.</summary>
internal sealed record FailureActionOverride(string Action, IReadOnlyList<string> Namespaces);

internal sealed class KyvernoRule
{
    public required string Name { get; init; }

    public required TextSpan NameSpan { get; init; }

    public MatchBlock? Match { get; init; }

    public MatchBlock? Exclude { get; init; }

    public ConditionBlock? Preconditions { get; init; }

    public IReadOnlyList<ContextVariable> Context { get; init; } = [];

    public ValidateBlock? Validate { get; init; }

    /// <summary>The patches of a mutate rule (applied before any validation, as admission does).</summary>
    public MutateBlock? Mutate { get; init; }

    /// <summary>The resource a generate rule creates for each trigger object.</summary>
    public GenerateBlock? Generate { get; init; }

    /// <summary>The rule as written (positions stripped), which auto-gen rewrites for pod controllers.</summary>
    public JObject? Source { get; init; }

    private KyvernoRule? _controllerCopy;
    private KyvernoRule? _cronJobCopy;

    /// <summary>Kyverno's auto-generated copy of this rule for a pod controller kind, made once.</summary>
    public KyvernoRule AutogenCopy(string controllerKind) => controllerKind == "CronJob"
        ? _cronJobCopy ??= KyvernoAutogen.Generate(this, controllerKind)
        : _controllerCopy ??= KyvernoAutogen.Generate(this, controllerKind);

    public KyvernoRule WithValidate(ValidateBlock validate) => new(this) { Validate = validate };

    /// <summary>Why GitOpsAi cannot evaluate the rule, or null when it can.</summary>
    public IReadOnlyList<string> UnsupportedReasons { get; init; } = [];

    public bool IsSupported => UnsupportedReasons.Count == 0 && (Validate is not null || Mutate is not null || Generate is not null) && Match is not null;

    /// <summary>A copy with other patches (auto-gen moves them under the pod template).</summary>
    public KyvernoRule WithMutate(MutateBlock mutate) => new(this) { Mutate = mutate };

    public KyvernoRule()
    {
    }

    /// <summary>A copy of every field the loader sets; the autogen copies made from <paramref name="other"/> are not carried.</summary>
    [System.Diagnostics.CodeAnalysis.SetsRequiredMembers]
    private KyvernoRule(KyvernoRule other)
    {
        Name = other.Name;
        NameSpan = other.NameSpan;
        Match = other.Match;
        Exclude = other.Exclude;
        Preconditions = other.Preconditions;
        Context = other.Context;
        Validate = other.Validate;
        Mutate = other.Mutate;
        Generate = other.Generate;
        Source = other.Source;
        UnsupportedReasons = other.UnsupportedReasons;
        MatchesPod = other.MatchesPod;
    }

    /// <summary>True when Kyverno would generate pod-controller copies of this rule (it matches Pod).</summary>
    public bool MatchesPod { get; init; }

    private StrongBox<string?>? _evaluationText;

    /// <summary>
    /// The text an evaluation of the rule on an object depends on besides the object: the rule as written, without its
    /// name for a CEL rule (only the other kinds of rule name themselves in their messages). Two rules with the same text
    /// evaluate every object alike, so a policy edit keeps the verdicts of the rules it did not change. Null when the
    /// verdict also depends on other objects of the snapshot (a configMap or apiCall context entry).
    /// </summary>
    public string? EvaluationText => (_evaluationText ??= new StrongBox<string?>(
        Source is null || ContextReads.LookupsOf(this).Any() ? null
        : Validate?.Cel is null ? Source.ToJson()
        : new JObject(Source.Entries.Where(e => e.Key != "name")).ToJson())).Value;

    /// <summary>The name of this rule's copy for a pod controller, cut to 63 characters as Kyverno's autogen does.</summary>
    public string AutogenName(string controllerKind)
    {
        var name = (controllerKind == "CronJob" ? "autogen-cronjob-" : "autogen-") + Name;
        return name.Length > 63 ? name[..63] : name;
    }
}

/// <summary>A kyverno.io ClusterPolicy or Policy, parsed once.</summary>
internal sealed class KyvernoPolicy
{
    public required string Name { get; init; }

    /// <summary>For a namespaced Policy: its namespace ("default" when the file leaves it out); null for a ClusterPolicy.</summary>
    public string? Namespace { get; init; }

    public required WorkspaceFile File { get; init; }

    public required Manifest Manifest { get; init; }

    public bool AnnotatedEnforce { get; init; }

    public string? FailureAction { get; init; }

    public IReadOnlyList<FailureActionOverride> Overrides { get; init; } = [];

    public required IReadOnlyList<KyvernoRule> Rules { get; init; }

    /// <summary>Pod controllers Kyverno's auto-gen covers for this policy (empty when auto-gen is off).</summary>
    public IReadOnlySet<string> AutogenControllers { get; init; } = new HashSet<string>();

    /// <summary>Information diagnostics about the policy itself (skipped rules), in the policy's file.</summary>
    public IReadOnlyList<Diagnostic> Notes { get; init; } = [];

    /// <summary>The code of a rule's findings: made once per rule of the policy (every decision asks it, 95,000 in the corpus).</summary>
    public string Code(KyvernoRule rule)
    {
        var codes = _codes ??= Rules.Select(r => CodeOf(Name, r.Name)).ToArray();
        var index = IndexOf(rule);
        return index < codes.Length ? codes[index] : CodeOf(Name, rule.Name);
    }

    /// <summary>Where the policy lists the rule (by reference), or <c>Rules.Count</c> for a rule not its own (an autogen copy).</summary>
    public int IndexOf(KyvernoRule rule)
    {
        for (var i = 0; i < Rules.Count; i++)
        {
            if (ReferenceEquals(Rules[i], rule))
            {
                return i;
            }
        }

        return Rules.Count;
    }

    // Written whole by whichever thread asks first; two threads that both make it make the same codes.
    private string[]? _codes;

    /// <summary>The code of a policy's findings about itself, and what users configure to set all its rules at once.</summary>
    public static string CodeOf(string policyName) => $"kyverno:{policyName}";

    /// <summary>The code of one rule's findings, which users suppress and configure by.</summary>
    public static string CodeOf(string policyName, string ruleName) => $"kyverno:{policyName}/{ruleName}";
}

/// <summary>A kyverno.io PolicyException: rules of policies that do not apply to the objects it matches.</summary>
internal sealed class KyvernoException
{
    public required IReadOnlyList<(string Policy, IReadOnlyList<string> Rules)> Exceptions { get; init; }

    public required MatchBlock Match { get; init; }

    public ConditionBlock? Conditions { get; init; }

    public bool Covers(KyvernoPolicy policy, string ruleName, string? autogenName)
    {
        var policyName = policy.Namespace is null ? policy.Name : $"{policy.Namespace}/{policy.Name}";
        return Exceptions.Any(e => (e.Policy == policyName || e.Policy == policy.Name)
            && e.Rules.Any(r => Wildcard.Match(r, ruleName) || (autogenName is not null && Wildcard.Match(r, autogenName))));
    }
}
