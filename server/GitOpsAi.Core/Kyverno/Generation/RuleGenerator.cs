using GitOpsAi.Core.Expressions.JmesPath;

namespace GitOpsAi.Core.Kyverno.Generation;

/// <summary>The outcome of a generate rule on a trigger: the resource it creates (Pass), nothing (Skip), an error, or why it cannot be known.</summary>
internal sealed record GenerationResult(RuleStatus Status, JObject? Generated, string? Detail = null)
{
    /// <summary>True when the resource depends on something only the cluster has (a clone source outside the repository).</summary>
    public bool Unknown { get; init; }
}

/// <summary>
/// Computes what a generate rule creates for a trigger object, as Kyverno does on a CREATE: context, preconditions,
/// variables substituted in the target's name, namespace and data, and for <c>clone</c> the source object, which must be
/// in the repository (a cluster object is never guessed).
/// </summary>
internal static class RuleGenerator
{
    /// <param name="findObject">The repository's object of a kind, namespace and name, or null.</param>
    public static GenerationResult Generate(KyvernoRule rule, ResourceInfo trigger, Func<string, string, string, JObject?> findObject)
    {
        var generate = rule.Generate!;
        try
        {
            var context = RuleEvaluator.AddContext(rule.Context, trigger.RequestContext);
            if (rule.Preconditions is { } preconditions && !Conditions.Evaluate(preconditions, context).Passed)
            {
                return new GenerationResult(RuleStatus.Skip, null);
            }

            string Text(string value) => Variables.Substitute(JValue.String(value), context, lenient: false).ToSubstitutionText();
            var kind = Text(generate.Kind);
            var name = Text(generate.Name);
            var ns = generate.Namespace is null ? null : Text(generate.Namespace);
            JObject source;
            if (generate.Data is { } data)
            {
                source = JValue.Strip(Variables.SubstituteAll(data, context, lenient: false)) as JObject ?? new JObject();
            }
            else
            {
                var cloneName = Text(generate.CloneName ?? string.Empty);
                var cloneNamespace = Text(generate.CloneNamespace ?? string.Empty);
                if (findObject(kind, cloneNamespace, cloneName) is not { } found)
                {
                    return new GenerationResult(RuleStatus.Skip, null, $"it clones {kind} {Qualified(cloneNamespace, cloneName)}, which is not in the repository") { Unknown = true };
                }

                source = (JObject)JValue.Strip(found);
            }

            return new GenerationResult(RuleStatus.Pass, Target(source, generate.ApiVersion is null ? null : Text(generate.ApiVersion), kind, name, ns));
        }
        catch (UnknownContextException exception)
        {
            return new GenerationResult(RuleStatus.Skip, null, exception.Message) { Unknown = true };
        }
        catch (Exception exception) when (exception is VariableException or JmesException or System.Text.RegularExpressions.RegexMatchTimeoutException)
        {
            return new GenerationResult(RuleStatus.Error, null, exception.Message);
        }
    }

    private static string Qualified(string ns, string name) => ns.Length == 0 ? name : $"{ns}/{name}";

    /// <summary>The source with the target's apiVersion, kind, name and namespace, as Kyverno sets them.</summary>
    private static JObject Target(JObject source, string? apiVersion, string kind, string name, string? ns)
    {
        var metadata = (source.Get("metadata") as JObject)?.With() ?? new JObject();
        metadata.Set("name", JValue.String(name));
        if (ns is { Length: > 0 })
        {
            metadata.Set("namespace", JValue.String(ns));
        }

        foreach (var server in (string[])["uid", "resourceVersion", "creationTimestamp", "managedFields", "ownerReferences", "generation"])
        {
            metadata = metadata.ContainsKey(server) ? new JObject(metadata.Entries.Where(e => e.Key != server)) : metadata;
        }

        var result = new JObject();
        result.Set("apiVersion", JValue.String(apiVersion ?? (source.Get("apiVersion") as JString)?.Value ?? "v1"));
        result.Set("kind", JValue.String(kind));
        result.Set("metadata", metadata);
        foreach (var (key, value) in source.Entries.Where(e => e.Key is not ("apiVersion" or "kind" or "metadata" or "status")))
        {
            result.Set(key, value);
        }

        return result;
    }
}
