using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Expressions.JmesPath;
using GitOpsAi.Core.Kyverno.Generation;
using GitOpsAi.Core.Kyverno.Mutation;
using GitOpsAi.Core.Kyverno.PodSecurity;
using GitOpsAi.Core.Manifests;
using GitOpsAi.Core.Text;
using GitOpsAi.Core.Workspace;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Kyverno;

/// <summary>Reads Kyverno policies and exceptions from their YAML, deciding once what GitOpsAi can evaluate.</summary>
internal static class KyvernoPolicyLoader
{
    public const string EnforceAnnotation = "gitops-ai.dev/enforce";
    public const string SeedEnforceAnnotation = "stackgen.io/ai-enforce";
    public const string AutogenAnnotation = "pod-policies.kyverno.io/autogen-controllers";

    private static readonly string[] AllControllers = ["DaemonSet", "Deployment", "Job", "StatefulSet", "ReplicaSet", "ReplicationController", "CronJob"];

    public static bool IsPolicy(Manifest manifest) => manifest.Group == "kyverno.io" && manifest.Kind is "ClusterPolicy" or "Policy";

    public static bool IsException(Manifest manifest) => manifest.Group == "kyverno.io" && manifest.Kind == "PolicyException";

    /// <summary>Kyverno kinds GitOpsAi does not evaluate (CEL policies, cleanup policies).</summary>
    public static string? UnsupportedKindReason(Manifest manifest) => (manifest.Group, manifest.Kind) switch
    {
        ("policies.kyverno.io", "ValidatingPolicy" or "NamespacedValidatingPolicy") => null, // evaluated by AdmissionPolicies.CelPolicyAnalyzer
        ("policies.kyverno.io", "ImageValidatingPolicy" or "NamespacedImageValidatingPolicy") => "it verifies image signatures",
        ("policies.kyverno.io", "MutatingPolicy" or "NamespacedMutatingPolicy") => "it mutates resources",
        ("policies.kyverno.io", "GeneratingPolicy" or "NamespacedGeneratingPolicy") => "it generates resources",
        ("policies.kyverno.io", "DeletingPolicy" or "NamespacedDeletingPolicy") => "it deletes resources on a schedule",
        ("policies.kyverno.io", { } kind) when kind.EndsWith("Policy", StringComparison.Ordinal) => "policies.kyverno.io policies are written in CEL",
        ("kyverno.io", "ClusterCleanupPolicy" or "CleanupPolicy") => "it deletes resources on a schedule",
        _ => null,
    };

    public static Diagnostic UnsupportedKindNote(Manifest manifest, string reason)
    {
        var name = manifest.Name ?? "(unnamed)";
        return new Diagnostic(KyvernoPolicy.CodeOf(name), DiagnosticSeverity.Information, NameSpan(manifest),
            $"GitOpsAi does not evaluate {manifest.Kind} '{name}' ({reason}); it is skipped.", DiagnosticSources.Kyverno);
    }

    /// <summary>Where a finding about an object as a whole is shown: its name, else its kind, else its first line.</summary>
    public static TextSpan NameSpan(Manifest manifest) => (manifest.Metadata?["name"] ?? manifest.Root["kind"] ?? manifest.Root).Span;

    public static KyvernoPolicy Load(WorkspaceFile file, Manifest manifest)
    {
        var positioned = JValue.FromYaml(manifest.Root) as JObject ?? new JObject();
        var spec = JValue.Strip(positioned.Get("spec") ?? JValue.Null) as JObject ?? new JObject();
        var name = manifest.Name ?? "(unnamed)";
        var annotations = manifest.Annotations;
        var rules = new List<KyvernoRule>();
        if ((positioned.Get("spec") as JObject)?.Get("rules") is JArray ruleList)
        {
            foreach (var item in ruleList.Items.OfType<JObject>())
            {
                var nameSpan = item.Get("name")?.Node?.Span ?? (item.Node as YamlMapping is { Pairs.Count: > 0 } mapping ? mapping.Pairs[0].Key.Span : (TextSpan?)null) ?? manifest.Root.Span;
                rules.Add(LoadRule((JObject)JValue.Strip(item), nameSpan));
            }
        }

        var notes = new List<Diagnostic>();
        foreach (var rule in rules)
        {
            var code = KyvernoPolicy.CodeOf(name, rule.Name);
            if (rule.UnsupportedReasons.Count > 0)
            {
                notes.Add(new Diagnostic(code, DiagnosticSeverity.Information, rule.NameSpan,
                    $"GitOpsAi does not evaluate rule '{rule.Name}' of policy '{name}' ({string.Join("; ", rule.UnsupportedReasons)}); it is skipped.", DiagnosticSources.Kyverno)
                {
                    Properties = new Dictionary<string, string> { ["policy"] = name, ["rule"] = rule.Name, ["reason"] = rule.UnsupportedReasons[0] },
                });
            }
            else if ((rule.Match?.UsesUserInfo ?? false) || (rule.Exclude?.UsesUserInfo ?? false))
            {
                notes.Add(new Diagnostic(code, DiagnosticSeverity.Information, rule.NameSpan,
                    $"Rule '{rule.Name}' of policy '{name}' selects by subjects, roles or clusterRoles, which only exist at admission; GitOpsAi evaluates it as for an ordinary user (its match holds, its exclude does not).", DiagnosticSources.Kyverno)
                {
                    Properties = new Dictionary<string, string> { ["policy"] = name, ["rule"] = rule.Name },
                });
            }
        }

        if (rules.Count == 0)
        {
            var span = (manifest.Metadata?["name"] ?? manifest.Root)?.Span ?? new TextSpan(0, 0);
            notes.Add(new Diagnostic(KyvernoPolicy.CodeOf(name), DiagnosticSeverity.Information, span, $"Policy '{name}' has no rules; there is nothing to evaluate.", DiagnosticSources.Kyverno));
        }

        return new KyvernoPolicy
        {
            Name = name,
            Namespace = manifest.Kind == "Policy" ? manifest.Namespace ?? "default" : null,
            File = file,
            Manifest = manifest,
            AnnotatedEnforce = IsTrue(annotations.GetValueOrDefault(EnforceAnnotation)) || IsTrue(annotations.GetValueOrDefault(SeedEnforceAnnotation)),
            FailureAction = (spec.Get("validationFailureAction") as JString)?.Value,
            Overrides = Overrides(spec.Get("validationFailureActionOverrides")),
            Rules = rules,
            AutogenControllers = AutogenControllers(annotations, spec),
            Notes = notes,
        };
    }

    public static KyvernoException? LoadException(Manifest manifest)
    {
        if (JValue.Strip(JValue.FromYaml(manifest.Root)) is not JObject root || root.Get("spec") is not JObject spec || MatchBlock.From(spec.Get("match")) is not { } match)
        {
            return null;
        }

        var exceptions = new List<(string, IReadOnlyList<string>)>();
        if (spec.Get("exceptions") is JArray list)
        {
            foreach (var item in list.Items.OfType<JObject>())
            {
                if (item.Get("policyName") is JString policyName)
                {
                    exceptions.Add((policyName.Value, ResourceFilter.Strings(item.Get("ruleNames"))));
                }
            }
        }

        var reasons = new List<string>();
        var conditions = ParseConditions(spec.Get("conditions"), reasons);
        if (reasons.Count > 0)
        {
            // Conditions GitOpsAi cannot evaluate: the exception is not applied rather than applied blindly.
            conditions = new ConditionBlock([], []);
        }

        return new KyvernoException { Exceptions = exceptions, Match = match, Conditions = conditions };
    }

    private static bool IsTrue(string? value) => string.Equals(value?.Trim(), "true", StringComparison.OrdinalIgnoreCase);

    private static IReadOnlyList<FailureActionOverride> Overrides(JValue? value) =>
        (value as JArray)?.Items.OfType<JObject>()
            .Where(o => o.Get("action") is JString)
            .Select(o => new FailureActionOverride(((JString)o.Get("action")!).Value, ResourceFilter.Strings(o.Get("namespaces"))))
            .ToList() ?? [];

    /// <summary>Kyverno's CanAutoGen and the autogen-controllers annotation.</summary>
    private static IReadOnlySet<string> AutogenControllers(IReadOnlyDictionary<string, string> annotations, JObject spec)
    {
        var none = new HashSet<string>();
        var needed = false;
        if (spec.Get("rules") is not JArray raw)
        {
            return none;
        }

        foreach (var item in raw.Items.OfType<JObject>())
        {
            if (item.Get("generate") is not null)
            {
                return none;
            }

            if (item.Get("mutate") is JObject mutate && (mutate.Get("patchesJson6902") is not null
                || (mutate.Get("foreach") is JArray fe && fe.Items.OfType<JObject>().Any(f => f.Get("patchesJson6902") is not null))))
            {
                return none;
            }

            foreach (var block in new[] { MatchBlock.From(item.Get("match")), MatchBlock.From(item.Get("exclude")) })
            {
                foreach (var filter in block?.Filters ?? [])
                {
                    if (!filter.AllowsAutogen)
                    {
                        return none;
                    }

                    needed |= filter.Kinds.Any(k => k.Kind is "Pod" || AllControllers.Contains(k.Kind));
                }
            }
        }

        if (!needed)
        {
            return none;
        }

        if (annotations.TryGetValue(AutogenAnnotation, out var configured))
        {
            var selected = configured.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (selected.Contains("none"))
            {
                return none;
            }

            if (!selected.Contains("all"))
            {
                return selected.Where(AllControllers.Contains).ToHashSet(StringComparer.Ordinal);
            }
        }

        return AllControllers.ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Parts of a rule that only admission (or a cluster) can evaluate, and why each rules the rule out.</summary>
    private static readonly (string Key, string Reason)[] UnsupportedRuleParts =
    [
        ("verifyImages", "it verifies image signatures"),
    ];

    /// <summary>Kinds of validation GitOpsAi does not implement, and why each rules the rule out.</summary>
    private static readonly (string Key, string Reason)[] UnsupportedValidations =
    [
        ("manifests", "it verifies signed manifests"),
        ("assert", "it uses an assertion tree (validate.assert)"),
    ];

    private static void AddReasonsFor(JObject block, (string Key, string Reason)[] parts, List<string> reasons) =>
        reasons.AddRange(parts.Where(part => block.Get(part.Key) is not null).Select(part => part.Reason));

    internal static KyvernoRule LoadRule(JObject rule, TextSpan nameSpan)
    {
        var name = (rule.Get("name") as JString)?.Value ?? "(unnamed)";
        var reasons = new List<string>();
        AddReasonsFor(rule, UnsupportedRuleParts, reasons);
        var context = ParseContext(rule.Get("context"), reasons);
        var match = MatchBlock.From(rule.Get("match"));
        if (match is null)
        {
            reasons.Add("it has no match block");
        }

        if (rule.Get("celPreconditions") is not null && (rule.Get("validate") as JObject)?.Get("cel") is null)
        {
            reasons.Add("it uses CEL preconditions"); // evaluated only with validate.cel
        }

        var exclude = MatchBlock.From(rule.Get("exclude"));
        var preconditions = ParseConditions(rule.Get("preconditions"), reasons);
        ValidateBlock? validate = null;
        MutateBlock? mutate = null;
        GenerateBlock? generate = null;
        if (rule.Get("generate") is JObject g)
        {
            generate = GenerateBlock.Parse(g, reasons);
        }
        else if (rule.Get("mutate") is JObject m)
        {
            mutate = MutateBlock.Parse(m, reasons);
        }
        else if (rule.Get("validate") is JObject v)
        {
            validate = ParseValidate(v, reasons);
            if (validate is not null && KyvernoCelRule.Parse(v.Get("cel") as JObject, rule.Get("celPreconditions"), nameSpan, reasons) is { } cel)
            {
                validate = validate with { Cel = cel };
            }
        }
        else if (reasons.Count == 0)
        {
            reasons.Add("it has no validate block");
        }

        // Every context entry names a variable, supported or not (an unsupported one is already a reason).
        var contextNames = new HashSet<string>(StringComparer.Ordinal);
        CollectContextNames(rule, contextNames);
        if (mutate?.Targets is not null)
        {
            contextNames.Add("target"); // a mutate-existing rule reads the target object it patches
        }

        var checker = new ExpressionChecker(contextNames) { AllowsTargetValue = mutate?.Targets is not null };
        checker.CheckTree(rule.Get("preconditions"));
        checker.CheckTree(rule.Get("context"));
        if (rule.Get("validate") is JObject validateObject)
        {
            foreach (var (key, value) in validateObject.Entries)
            {
                if (key != "message")
                {
                    checker.CheckTree(value, inPattern: key is "pattern" or "anyPattern");
                }
            }
        }

        if (rule.Get("mutate") is JObject mutateObject)
        {
            checker.CheckTree(mutateObject, inPattern: true);
        }

        checker.CheckTree(rule.Get("generate"));

        foreach (var variable in context.Where(c => c.JmesPath is not null))
        {
            checker.CheckExpression(variable.JmesPath!, overContext: variable.Lookup is null);
        }

        CheckForEachLists(validate?.ForEach, checker);
        CheckForEachLists(mutate?.ForEach, checker);
        reasons.AddRange(checker.Reasons.Where(r => !reasons.Contains(r)));

        var matchesPod = match?.Filters.Any(f => f.ContainsPod) ?? false;
        var excludeKinds = exclude?.Filters.SelectMany(f => f.Kinds).ToList() ?? [];
        if (excludeKinds.Count > 0 && !excludeKinds.Any(k => k.Kind == "Pod"))
        {
            matchesPod = false;
        }

        return new KyvernoRule
        {
            Name = name,
            NameSpan = nameSpan,
            Match = match,
            Exclude = exclude,
            Preconditions = preconditions,
            Context = context,
            Validate = validate,
            Mutate = mutate,
            Generate = generate,
            Source = rule,
            UnsupportedReasons = reasons.Distinct().ToList(),
            MatchesPod = matchesPod,
        };
    }

    private static void CollectContextNames(JValue? value, HashSet<string> names)
    {
        switch (value)
        {
            case JObject obj:
                foreach (var (key, item) in obj.Entries)
                {
                    if (key == "context" && item is JArray entries)
                    {
                        names.UnionWith(entries.Items.OfType<JObject>().Select(e => e.Get("name")).OfType<JString>().Select(n => n.Value));
                    }

                    CollectContextNames(item, names);
                }

                break;
            case JArray array:
                foreach (var item in array.Items)
                {
                    CollectContextNames(item, names);
                }

                break;
        }
    }

    private static void CheckForEachLists(IReadOnlyList<ForEachMutation>? forEach, ExpressionChecker checker)
    {
        foreach (var entry in forEach ?? [])
        {
            if (!Variables.HasVariables(entry.List))
            {
                checker.CheckExpression(entry.List);
            }

            foreach (var variable in entry.Context.Where(c => c.JmesPath is not null))
            {
                checker.CheckExpression(variable.JmesPath!, overContext: variable.Lookup is null);
            }

            CheckForEachLists(entry.ForEach, checker);
        }
    }

    private static void CheckForEachLists(IReadOnlyList<ForEachValidation>? forEach, ExpressionChecker checker)
    {
        foreach (var entry in forEach ?? [])
        {
            if (!Variables.HasVariables(entry.List))
            {
                checker.CheckExpression(entry.List);
            }

            foreach (var variable in entry.Context.Where(c => c.JmesPath is not null))
            {
                checker.CheckExpression(variable.JmesPath!, overContext: variable.Lookup is null);
            }

            CheckForEachLists(entry.ForEach, checker);
        }
    }

    internal static IReadOnlyList<ContextVariable> ParseContext(JValue? value, List<string> reasons)
    {
        var result = new List<ContextVariable>();
        foreach (var entry in (value as JArray)?.Items.OfType<JObject>() ?? [])
        {
            var entryName = (entry.Get("name") as JString)?.Value ?? string.Empty;
            if (entry.Get("variable") is JObject variable)
            {
                result.Add(new ContextVariable(entryName, variable.Get("value"), (variable.Get("jmesPath") as JString)?.Value, variable.Get("default")));
            }
            else if (entry.Get("apiCall") is JObject call)
            {
                if (ContextLookup.ApiCall(call, reasons) is { } lookup)
                {
                    result.Add(new ContextVariable(entryName, null, (call.Get("jmesPath") as JString)?.Value, call.Get("default")) { Lookup = lookup });
                }
            }
            else if (entry.Get("configMap") is JObject configMap && configMap.Get("name") is JString configMapName)
            {
                var lookup = new ContextLookup(configMapName.Value, (configMap.Get("namespace") as JString)?.Value, null);
                result.Add(new ContextVariable(entryName, null, null, null) { Lookup = lookup });
            }
            else if (entry.Get("configMap") is not null)
            {
                reasons.Add("its configMap context entry names no ConfigMap");
            }
            else if (entry.Get("imageRegistry") is not null)
            {
                reasons.Add("it queries an image registry");
            }
            else if (entry.Get("globalReference") is not null)
            {
                reasons.Add("it reads a global context entry");
            }
            else
            {
                reasons.Add($"it uses a context entry GitOpsAi does not know ('{entryName}')");
            }
        }

        return result;
    }

    private static ValidateBlock? ParseValidate(JObject validate, List<string> reasons)
    {
        AddReasonsFor(validate, UnsupportedValidations, reasons);
        var anyPattern = validate.Get("anyPattern");
        if (anyPattern is not null and not JArray)
        {
            reasons.Add("its anyPattern is not a list");
        }

        var block = new ValidateBlock
        {
            Message = (validate.Get("message") as JString)?.Value,
            Pattern = validate.Get("pattern"),
            AnyPattern = anyPattern as JArray,
            Deny = validate.Get("deny") is JObject deny ? ParseConditions(deny.Get("conditions"), reasons) ?? new ConditionBlock(null, []) : null,
            ForEach = validate.Get("foreach") is JArray forEach ? ParseForEach(forEach, reasons) : null,
            PodSecurity = validate.Get("podSecurity") is JObject podSecurity ? PodSecurityRule.Parse(podSecurity, reasons) : null,
            FailureAction = (validate.Get("failureAction") as JString)?.Value,
            Overrides = Overrides(validate.Get("failureActionOverrides")),
        };

        if (block.Pattern is null && block.AnyPattern is null && block.Deny is null && block.ForEach is null && block.PodSecurity is null && validate.Get("cel") is null && reasons.Count == 0)
        {
            reasons.Add("its validate block has no pattern, anyPattern, deny or foreach");
        }

        return block;
    }

    private static IReadOnlyList<ForEachValidation> ParseForEach(JArray list, List<string> reasons)
    {
        var result = new List<ForEachValidation>();
        foreach (var item in list.Items.OfType<JObject>())
        {
            var anyPattern = item.Get("anyPattern");
            if (anyPattern is not null and not JArray)
            {
                reasons.Add("a foreach anyPattern is not a list");
            }

            if (item.Get("list") is not JString listExpression)
            {
                reasons.Add("a foreach entry has no list");
                continue;
            }

            result.Add(new ForEachValidation
            {
                List = listExpression.Value,
                Context = ParseContext(item.Get("context"), reasons),
                Preconditions = ParseConditions(item.Get("preconditions"), reasons),
                Pattern = item.Get("pattern"),
                AnyPattern = anyPattern as JArray,
                Deny = item.Get("deny") is JObject deny ? ParseConditions(deny.Get("conditions"), reasons) ?? new ConditionBlock(null, []) : null,
                ElementScope = item.Get("elementScope") is JBool scope ? scope.Value : null,
                ForEach = item.Get("foreach") is JArray nested ? ParseForEach(nested, reasons) : null,
            });
        }

        return result;
    }

    /// <summary>Conditions as any/all or a plain list (all); unknown operators are recorded as reasons.</summary>
    public static ConditionBlock? ParseConditions(JValue? value, List<string> reasons)
    {
        switch (value)
        {
            case JArray list:
                return new ConditionBlock(null, ParseConditionList(list, reasons));
            case JObject obj:
                return new ConditionBlock(obj.Get("any") is JArray any ? ParseConditionList(any, reasons) : null, obj.Get("all") is JArray all ? ParseConditionList(all, reasons) : []);
            default:
                return null;
        }
    }

    private static IReadOnlyList<Condition> ParseConditionList(JArray list, List<string> reasons)
    {
        var result = new List<Condition>();
        foreach (var item in list.Items.OfType<JObject>())
        {
            var op = (item.Get("operator") as JString)?.Value ?? string.Empty;
            if (!Conditions.Operators.Contains(op))
            {
                reasons.Add($"it uses the condition operator '{op}'");
                continue;
            }

            result.Add(new Condition(item.Get("key") ?? JValue.Null, op, item.Get("value") ?? JValue.Null));
        }

        return result;
    }
}
