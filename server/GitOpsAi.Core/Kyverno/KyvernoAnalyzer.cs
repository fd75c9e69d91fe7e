using GitOpsAi.Core.Analysis;
using GitOpsAi.Core.Config;
using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Kustomize;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Kyverno;

/// <summary>
/// Evaluates the repository's own Kyverno policies (kyverno.io ClusterPolicy and Policy, validate rules) against its
/// objects, as Kyverno's CLI would for a CREATE. Enforce policies (or ones annotated <c>gitops-ai.dev/enforce: "true"</c>)
/// report errors, Audit policies warnings; what cannot be evaluated is said once, on the policy, as information.
/// </summary>
internal sealed class KyvernoAnalyzer : IFileAnalyzer
{
    public void Analyze(FileAnalysisContext context)
    {
        var file = context.File;
        foreach (var manifest in file.Manifests)
        {
            if (KyvernoPolicyLoader.IsPolicy(manifest))
            {
                var policy = KyvernoPolicySet.PolicyFor(file, manifest);
                context.Diagnostics.AddRange(policy.Notes.Where(n => Setting(context.Workspace.RulesConfig, n.Code, policy.Name)?.Enabled != false));
            }
            else if (manifest.Kind is not null && KyvernoPolicyLoader.UnsupportedKindReason(manifest) is { } reason)
            {
                context.Diagnostics.Add(KyvernoPolicyLoader.UnsupportedKindNote(manifest, reason));
            }
        }

        if (context.Role != FileRole.Resource || file.Manifests.Count == 0)
        {
            return;
        }

        var set = KyvernoPolicySet.For(context.Workspace);
        if (set.IsEmpty)
        {
            return;
        }

        foreach (var manifest in file.Manifests)
        {
            if (manifest.Kind is not { Length: > 0 } kind || manifest.IsKustomizeConfig || manifest.IsImpliedKustomization)
            {
                continue;
            }

            context.CancellationToken.ThrowIfCancellationRequested();
            ResourceInfo? resource = null;
            foreach (var candidate in set.CandidatesFor(kind))
            {
                resource ??= ResourceInfo.From(manifest, set.NamespaceLabels);
                Evaluate(context, set, candidate, resource);
            }
        }
    }

    private static void Evaluate(FileAnalysisContext context, KyvernoPolicySet set, IndexedRule candidate, ResourceInfo resource)
    {
        var (policy, rule, autogenKind) = candidate;
        if (policy.Namespace is { } policyNamespace)
        {
            // A namespaced Policy sees only objects of its own namespace.
            if (KindCatalog.IsClusterScoped(resource.Kind) || (resource.Namespace.Length == 0 ? "default" : resource.Namespace) != policyNamespace)
            {
                return;
            }
        }

        var autogen = autogenKind is not null;
        if (!rule.Match!.Matches(resource, forExclude: false, autogen) || (rule.Exclude?.Matches(resource, forExclude: true, autogen) ?? false))
        {
            return;
        }

        var code = policy.Code(rule);
        var config = context.Workspace.RulesConfig;
        var setting = Setting(config, code, policy.Name);
        if (setting?.Enabled == false)
        {
            return;
        }

        if (config.Exemptions.Count > 0 && config.Exemptions.Any(e => e.Covers(code) && e.Matches(resource.Kind, resource.Namespace, resource.Name, context.File.RelativePath)))
        {
            return;
        }

        var autogenName = autogenKind is null ? null : rule.AutogenName(autogenKind);
        foreach (var exception in set.Exceptions)
        {
            if (exception.Covers(policy, rule.Name, autogenName) && exception.Match.Matches(resource, forExclude: false, autogen: false)
                && (exception.Conditions is null || RuleEvaluator.Holds(exception.Conditions, resource)))
            {
                return;
            }
        }

        var evaluation = RuleEvaluator.Evaluate(rule, resource, autogenKind);
        if (evaluation.Status == RuleStatus.Error && rule.Validate?.Cel is not null)
        {
            // A CEL rule that cannot be decided on this object says so: no verdict is not a pass.
            context.Diagnostics.Add(new Diagnostic(code, DiagnosticSeverity.Information, KyvernoPolicyLoader.NameSpan(resource.Manifest),
                $"Rule '{autogenName ?? rule.Name}' of policy '{policy.Name}': {evaluation.Detail}", DiagnosticSources.Kyverno));
            return;
        }

        if (evaluation.Status != RuleStatus.Fail)
        {
            return;
        }

        var severity = setting?.Severity ?? (IsEnforced(policy, rule, resource) ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning);
        var fallback = KyvernoPolicyLoader.NameSpan(resource.Manifest);
        foreach (var finding in evaluation.Findings)
        {
            context.Diagnostics.Add(new Diagnostic(code, severity, finding.Span ?? fallback, finding.Message, DiagnosticSources.Kyverno)
            {
                Properties = new Dictionary<string, string>
                {
                    ["policy"] = policy.Name,
                    ["rule"] = rule.Name,
                    ["path"] = finding.Path,
                    ["policyFile"] = policy.File.RelativePath,
                },
            });
        }
    }

    /// <summary>What .gitops-ai/rules.yaml says about a rule (<c>kyverno:policy/rule</c>) or a whole policy (<c>kyverno:policy</c>).</summary>
    private static RuleSetting? Setting(RulesConfig config, string code, string policyName) =>
        config.Rules.Count == 0 ? null : config.Rules.GetValueOrDefault(code) ?? config.Rules.GetValueOrDefault(KyvernoPolicy.CodeOf(policyName));

    /// <summary>Enforce (errors, gates CI) when annotated so or when the rule's or policy's failure action is Enforce.</summary>
    internal static bool IsEnforced(KyvernoPolicy policy, KyvernoRule rule, ResourceInfo resource)
    {
        if (policy.AnnotatedEnforce)
        {
            return true;
        }

        var action = rule.Validate?.FailureAction ?? policy.FailureAction ?? "Audit";
        var overrides = rule.Validate?.Overrides.Count > 0 ? rule.Validate.Overrides : policy.Overrides;
        foreach (var o in overrides)
        {
            if (o.Namespaces.Any(n => Wildcard.Match(n, resource.Namespace)))
            {
                action = o.Action;
                break;
            }
        }

        return string.Equals(action, "enforce", StringComparison.OrdinalIgnoreCase);
    }
}
