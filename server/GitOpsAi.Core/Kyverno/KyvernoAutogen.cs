using GitOpsAi.Core.Expressions.JmesPath;
using GitOpsAi.Core.Kyverno.Mutation;

namespace GitOpsAi.Core.Kyverno;

/// <summary>
/// The copy of a Pod rule Kyverno's auto-gen makes for pod controllers. Kyverno rewrites the rule's text
/// (<c>request.object.spec</c> becomes <c>request.object.spec.template.spec</c>, and so on) and wraps its patterns
/// under <c>spec.template</c>; only those exact spellings move, so <c>request.object."metadata"</c> or
/// <c>request.object.kind</c> keep reading the controller itself, and a controller with no template fails the
/// wrapped pattern. Doing the same rewrite here is what keeps those corner cases agreeing with Kyverno.
/// </summary>
internal static class KyvernoAutogen
{
    private static readonly (string From, string To)[] PodControllerReplacements =
    [
        ("request.object.spec", "request.object.spec.template.spec"),
        ("request.oldObject.spec", "request.oldObject.spec.template.spec"),
        ("request.object.metadata", "request.object.spec.template.metadata"),
        ("request.oldObject.metadata", "request.oldObject.spec.template.metadata"),
    ];

    private static readonly (string From, string To)[] CronJobReplacements =
    [
        ("request.object.spec", "request.object.spec.jobTemplate.spec.template.spec"),
        ("request.oldObject.spec", "request.oldObject.spec.jobTemplate.spec.template.spec"),
        ("request.object.metadata", "request.object.spec.jobTemplate.spec.template.metadata"),
        ("request.oldObject.metadata", "request.oldObject.spec.jobTemplate.spec.template.metadata"),
    ];

    /// <summary>The rule as Kyverno generates it for <paramref name="controllerKind"/> (match and exclude stay the original's).</summary>
    public static KyvernoRule Generate(KyvernoRule rule, string controllerKind)
    {
        if (rule.Source is null)
        {
            return rule;
        }

        var cronJob = controllerKind == "CronJob";
        var rewritten = (JObject)Rewrite(rule.Source, cronJob ? CronJobReplacements : PodControllerReplacements);
        var copy = KyvernoPolicyLoader.LoadRule(rewritten, rule.NameSpan);
        string[] templatePath = cronJob ? ["spec", "jobTemplate", "spec", "template"] : ["spec", "template"];
        if (copy.Mutate is { } mutate)
        {
            // Kyverno wraps the strategic-merge patches (the rule's and its foreach entries') under the template.
            return copy.WithMutate(mutate with
            {
                Patches = WrapPatches(mutate.Patches, templatePath),
                ForEach = mutate.ForEach?.Select(f => new ForEachMutation
                {
                    List = f.List,
                    Context = f.Context,
                    Preconditions = f.Preconditions,
                    Patches = WrapPatches(f.Patches, templatePath),
                    Reverse = f.Reverse,
                    ForEach = f.ForEach,
                }).ToList(),
            });
        }

        if (copy.Validate is not { } validate)
        {
            return copy;
        }

        // Only the patterns move; every other part of the block (deny, foreach, failure actions, cel) is kept as loaded.
        var wrapped = validate with
        {
            Pattern = validate.Pattern is null ? null : Wrap(validate.Pattern, templatePath),
            AnyPattern = validate.AnyPattern is null ? null : new JArray(validate.AnyPattern.Items.Select(p => Wrap(p, templatePath)).ToList()),
        };
        return copy.WithValidate(wrapped);
    }

    private static MutatePatches WrapPatches(MutatePatches patches, string[] path) =>
        patches.PatchStrategicMerge is { } strategic ? patches with { PatchStrategicMerge = Wrap(strategic, path) } : patches;

    private static JValue Wrap(JValue pattern, string[] path)
    {
        var result = pattern;
        for (var i = path.Length - 1; i >= 0; i--)
        {
            result = new JObject([new(path[i], result)]);
        }

        return result;
    }

    private static JValue Rewrite(JValue value, (string From, string To)[] replacements) => value switch
    {
        JString s => Replace(s.Value, replacements) is var text && text != s.Value ? JValue.String(text) : s,
        JArray a => new JArray(a.Items.Select(i => Rewrite(i, replacements)).ToList()),
        JObject o => new JObject(o.Entries.Select(e => new KeyValuePair<string, JValue>(Replace(e.Key, replacements), Rewrite(e.Value, replacements)))),
        _ => value,
    };

    /// <summary>One pass per replacement over the text, as Kyverno's strings.ReplaceAll chain.</summary>
    private static string Replace(string text, (string From, string To)[] replacements)
    {
        foreach (var (from, to) in replacements)
        {
            if (text.Contains(from, StringComparison.Ordinal))
            {
                text = text.Replace(from, to, StringComparison.Ordinal);
            }
        }

        return text;
    }
}
