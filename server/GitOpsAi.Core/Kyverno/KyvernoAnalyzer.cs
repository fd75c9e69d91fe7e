using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using GitOpsAi.Core.Analysis;
using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Kustomize;
using GitOpsAi.Core.Expressions.JmesPath;
using GitOpsAi.Core.Kyverno.Generation;
using GitOpsAi.Core.Kyverno.Mutation;
using GitOpsAi.Core.Manifests;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Kyverno;

using Decision = (RuleEvaluation Evaluation, string Code, DiagnosticSeverity Severity);

/// <summary>
/// Evaluates the repository's own Kyverno policies (kyverno.io ClusterPolicy and Policy, validate rules) against its
/// objects, as Kyverno's CLI would for a CREATE. Enforce policies (or ones annotated <c>gitops-ai.dev/enforce: "true"</c>)
/// report errors, Audit policies warnings; what cannot be evaluated is said once, on the policy, as information.
/// </summary>
internal sealed class KyvernoAnalyzer : IFileAnalyzer
{
    /// <summary>
    /// A file of objects is checked document by document, and each unchanged document keeps its findings while another
    /// one is typed in (every object of a file of 51 was decided again against some 40 rules on each keystroke).
    /// </summary>
    private readonly ObjectFindingsCache _byDocument = new(new DocumentChecks());

    public void Analyze(FileAnalysisContext context)
    {
        var file = context.File;
        var held = SnapshotMemo.Holds(context.Workspace, file);
        var set = KyvernoPolicySet.For(context.Workspace);
        // Only in the editor, where findings are kept: the command line checks each file once (by document, a 50k
        // check allocated 1 % more). Only where some rule is offered an object of the file: otherwise the file's
        // findings are its unsupported-kind notes, and keeping them per document cost a keystroke in a file of 1,000
        // documents 0.4 MB more (lspbench's k8s-10k.yaml, in a folder without policies).
        if (held && context.WantsFixes && EvaluatesAny(set, file) && IsCheckedByDocument(file))
        {
            FilesCheckedByDocumentOnThisThread++;
            _byDocument.Analyze(context);
            return;
        }

        if (!held && !file.Manifests.Any(KyvernoPolicyLoader.IsPolicy) && EvaluatesAny(set, file))
        {
            // A rendered object written out: the same text in another root has the same findings.
            context.Diagnostics.AddRange(WrittenFindings.Get(context.Workspace, file, 0, context.Role, () =>
            {
                var found = context with { Diagnostics = [] };
                AnalyzeFile(found);
                return found.Diagnostics.ToArray();
            }));
            return;
        }

        AnalyzeFile(context);
    }

    /// <summary>
    /// Whether some rule of the set is offered an object of the file. When none is, the file's findings are only its
    /// unsupported-kind notes, cheaper to make again than to look up by the file's text (which hashes all of it: 3.5 %
    /// of a 50k-resource check in a repository without any policy).
    /// </summary>
    private static bool EvaluatesAny(KyvernoPolicySet set, WorkspaceFile file) =>
        !set.IsEmpty && file.Objects.Any(m => m.IsAdmittable && set.HasCandidates(m.Kind!));

    /// <summary>A file of plain objects: no policy (whose error notes read every object), no exception, no List.</summary>
    private static bool IsCheckedByDocument(WorkspaceFile file) =>
        ObjectFindingsCache.HoldsOnlyPlainObjects(file, static m => KyvernoPolicyLoader.IsPolicy(m) || KyvernoPolicyLoader.IsException(m));

    /// <summary>The findings of one object of a file of plain objects: what <see cref="AnalyzeFile"/> finds on it.</summary>
    private sealed class DocumentChecks : IObjectAnalyzer
    {
        public bool AppliesTo(FileAnalysisContext context) => true;

        public IReadOnlyList<Manifest> ObjectsOf(WorkspaceFile file) => file.Manifests;

        public void Analyze(FileAnalysisContext context) => AnalyzeFile(context);

        public void AnalyzeObject(FileAnalysisContext context, Manifest manifest, List<Diagnostic> output)
        {
            if (manifest.Kind is not null && KyvernoPolicyLoader.UnsupportedKindReason(manifest) is { } reason)
            {
                output.Add(KyvernoPolicyLoader.UnsupportedKindNote(manifest, reason));
            }

            var set = KyvernoPolicySet.For(context.Workspace);
            if (context.Role == FileRole.Resource && !set.IsEmpty && manifest.IsAdmittable)
            {
                EvaluateObject(context with { Diagnostics = output }, set, manifest);
            }
        }

        /// <summary>
        /// An object's verdicts depend on it, on the policy set (policies, exceptions, namespaces' labels) and on the
        /// objects rules read (context entries, mutate-existing targets, generate clone sources): unchanged documents
        /// keep theirs when the set is the previous snapshot's and the file holds nothing a rule reads.
        /// </summary>
        public bool KeepsUnchangedDocuments(WorkspaceSnapshot workspace, WorkspaceFile before, WorkspaceFile after)
        {
            var set = KyvernoPolicySet.For(workspace);
            var reads = ContextReads.For(workspace);
            return set.IsCarriedFromPrevious(workspace) && !set.HasGenerateRules
                && (reads.IsEmpty || !before.Objects.Any(reads.Reads) && !after.Objects.Any(reads.Reads));
        }
    }

    private static void AnalyzeFile(FileAnalysisContext context)
    {
        var file = context.File;
        foreach (var manifest in file.Manifests)
        {
            if (KyvernoPolicyLoader.IsPolicy(manifest))
            {
                var policy = KyvernoPolicySet.PolicyFor(file, manifest);
                context.Diagnostics.AddRange(policy.Notes);
                if (context.Role == FileRole.Resource)
                {
                    context.Diagnostics.AddRange(ErrorNotes(context, policy));
                }
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

        foreach (var manifest in file.Objects)
        {
            if (manifest.IsAdmittable)
            {
                EvaluateObject(context, set, manifest);
            }
        }
    }

    /// <summary>Every rule of the set offered the object's kind, decided on the object as admission stores it.</summary>
    private static void EvaluateObject(FileAnalysisContext context, KyvernoPolicySet set, Manifest manifest)
    {
        var kind = manifest.Kind!;
        context.CancellationToken.ThrowIfCancellationRequested();
        ResourceInfo? resource = null;
        foreach (var candidate in set.CandidatesFor(kind))
        {
            if (resource is null)
            {
                // Validate rules see the object as admission stores it: mutate rules first, as Kyverno orders them.
                (resource, var mutations) = AdmittedOnce(context.Workspace, context.File, set, manifest);
                context.Diagnostics.AddRange(mutations.Select(m => MutationDiagnostic(m, manifest)));
            }

            if (candidate.Rule.Generate is not null)
            {
                if (Applies(context.Workspace, context.File, set, candidate, resource) is { } code
                    && GenerationDiagnostic(context.Workspace, candidate, code, resource) is { } generated)
                {
                    context.Diagnostics.Add(generated);
                }
            }
            else if (candidate.Rule.Mutate is { Targets: not null } && candidate.AutogenKind is null)
            {
                if (Applies(context.Workspace, context.File, set, candidate, resource) is { } code)
                {
                    context.Diagnostics.AddRange(ExistingMutationDiagnostics.For(candidate, code, resource));
                }
            }
            else if (candidate.Rule.Mutate is null)
            {
                Evaluate(context, set, candidate, resource);
            }
        }
    }

    /// <summary>What a generate rule creates for this trigger (a note), why that cannot be known, or the error Kyverno reports.</summary>
    private static Diagnostic? GenerationDiagnostic(WorkspaceSnapshot workspace, IndexedRule candidate, string code, ResourceInfo trigger)
    {
        var (policy, rule, _) = candidate;
        var result = RuleGenerator.Generate(rule, trigger, (kind, ns, name) => FindObject(workspace, kind, ns, name));
        var properties = new Dictionary<string, string> { ["policy"] = policy.Name, ["rule"] = rule.Name, ["policyFile"] = policy.File.RelativePath };
        var span = KyvernoPolicyLoader.NameSpan(trigger.Manifest);
        var problems = result is { Status: RuleStatus.Pass, Generated: { } resource } ? GeneratedSchemaCheck.Problems(workspace.Schemas, resource) : [];
        if (problems.Count > 0)
        {
            // The API server would refuse the generated resource, and Kyverno reports the rule as failed.
            return new Diagnostic(code, DiagnosticSeverity.Warning, span,
                $"Rule '{rule.Name}' of Kyverno policy '{policy.Name}' generates {Describe(result.Generated!)}, which does not conform to its schema: {string.Join("; ", problems.Take(3))}", DiagnosticSources.Kyverno)
            {
                Properties = properties,
            };
        }

        string? message = result switch
        {
            { Status: RuleStatus.Error } => $"Kyverno reports an error for generate rule {rule.Name} of policy {policy.Name}: {result.Detail}",
            { Unknown: true } => $"Rule '{rule.Name}' of Kyverno policy '{policy.Name}' generates a resource for this object that GitOpsAi cannot compute: {result.Detail}.",
            { Status: RuleStatus.Pass, Generated: { } generated } => $"At admission, rule '{rule.Name}' of Kyverno policy '{policy.Name}' generates {Describe(generated)}.",
            _ => null,
        };
        return message is null ? null : new Diagnostic(code, result.Status == RuleStatus.Error ? DiagnosticSeverity.Warning : DiagnosticSeverity.Information, span, message, DiagnosticSources.Kyverno)
        {
            Properties = properties,
        };
    }

    private static string Describe(JObject generated)
    {
        var metadata = generated.Get("metadata") as JObject;
        var name = (metadata?.Get("name") as JString)?.Value ?? string.Empty;
        var ns = (metadata?.Get("namespace") as JString)?.Value;
        var json = generated.ToJson();
        return $"{(generated.Get("kind") as JString)?.Value} {(ns is null ? name : $"{ns}/{name}")}: {(json.Length > 300 ? json[..297] + "..." : json)}";
    }

    /// <summary>An object of the repository by kind, namespace and name (a clone source).</summary>
    private static JObject? FindObject(WorkspaceSnapshot workspace, string kind, string ns, string name)
    {
        foreach (var (_, manifest) in workspace.ObjectsOfKind(kind))
        {
            if (manifest.Name == name && (manifest.Namespace ?? string.Empty) == ns)
            {
                return JValue.FromYaml(manifest.Root) as JObject;
            }
        }

        return null;
    }

    /// <summary>What a mutate rule does to the object (a hint), or the error Kyverno reports for it.</summary>
    private static Diagnostic MutationDiagnostic(AppliedMutation mutation, Manifest manifest)
    {
        var (policy, rule, autogenKind) = mutation.Candidate;
        var name = autogenKind is null ? rule.Name : rule.AutogenName(autogenKind);
        var properties = new Dictionary<string, string> { ["policy"] = policy.Name, ["rule"] = rule.Name, ["policyFile"] = policy.File.RelativePath };
        if (mutation.Unknown is { } unknown)
        {
            return new Diagnostic(mutation.Code, DiagnosticSeverity.Information, KyvernoPolicyLoader.NameSpan(manifest),
                $"Mutate rule '{name}' of Kyverno policy '{policy.Name}' is not applied to this object: {unknown}; GitOpsAi never guesses what the cluster holds.", DiagnosticSources.Kyverno)
            {
                Properties = properties,
            };
        }

        if (mutation.Error is { } error)
        {
            return new Diagnostic(mutation.Code, DiagnosticSeverity.Warning, KyvernoPolicyLoader.NameSpan(manifest),
                $"Kyverno reports an error for mutate rule {name} of policy {policy.Name}: {error}", DiagnosticSources.Kyverno)
            {
                Properties = properties,
            };
        }

        const int shown = 5;
        var changes = string.Join("; ", mutation.Changes.Take(shown)) + (mutation.Changes.Count > shown ? $"; and {mutation.Changes.Count - shown} more change(s)" : string.Empty);
        return new Diagnostic(mutation.Code, DiagnosticSeverity.Information, KyvernoPolicyLoader.NameSpan(manifest),
            $"At admission, rule '{name}' of Kyverno policy '{policy.Name}' mutates this object: {changes}.", DiagnosticSources.Kyverno)
        {
            Properties = properties,
        };
    }

    private static void Evaluate(FileAnalysisContext context, KyvernoPolicySet set, IndexedRule candidate, ResourceInfo resource)
    {
        if (DecideOnce(context.Workspace, context.File, set, candidate, resource.Manifest, () => resource) is not { } decision)
        {
            return;
        }

        var (policy, rule, autogenKind) = candidate;
        var (evaluation, code, severity) = decision;
        var fallback = KyvernoPolicyLoader.NameSpan(resource.Manifest);
        var properties = new Dictionary<string, string>
        {
            ["policy"] = policy.Name,
            ["rule"] = rule.Name,
            ["policyFile"] = policy.File.RelativePath,
        };
        if (evaluation.Unknown)
        {
            var ruleName = autogenKind is null ? rule.Name : rule.AutogenName(autogenKind);
            context.Diagnostics.Add(new Diagnostic(code, DiagnosticSeverity.Information, fallback,
                $"Rule '{ruleName}' of Kyverno policy '{policy.Name}' is not evaluated on this object: {evaluation.Detail}; GitOpsAi never guesses what the cluster holds.", DiagnosticSources.Kyverno)
            {
                Properties = properties,
            });
            return;
        }

        if (evaluation.Status == RuleStatus.Error)
        {
            // Kyverno reports an error result (and admission fails closed); a silent drop would hide the rule.
            var name = autogenKind is null ? rule.Name : rule.AutogenName(autogenKind);
            var message = rule.Validate?.Cel is not null
                ? $"Rule '{name}' of policy '{policy.Name}': {evaluation.Detail}"
                : $"Kyverno reports an error for rule {name} of policy {policy.Name}: {evaluation.Detail}";
            context.Diagnostics.Add(new Diagnostic(code, severity, fallback, message, DiagnosticSources.Kyverno)
            {
                Properties = properties,
            });
            return;
        }

        foreach (var finding in evaluation.Findings)
        {
            context.Diagnostics.Add(new Diagnostic(code, severity, finding.Span ?? fallback, finding.Message, DiagnosticSources.Kyverno)
            {
                Properties = new Dictionary<string, string>(properties) { ["path"] = finding.Path },
            });
        }
    }

    /// <summary>
    /// The object as Kyverno's mutate rules leave it at admission, with the rules that changed it; null when no mutate
    /// rule of the repository changes it (the common case, answered from the per-kind rule index without evaluating).
    /// </summary>
    internal static (JObject Admitted, IReadOnlyList<AppliedMutation> Changes)? AdmittedObject(WorkspaceSnapshot workspace, WorkspaceFile file, Manifest manifest)
    {
        var set = KyvernoPolicySet.For(workspace);
        if (set.IsEmpty || manifest.Kind is not { Length: > 0 } kind || !set.CandidatesFor(kind).Any(c => c.Rule.Mutate is { Targets: null }))
        {
            return null;
        }

        if (!SnapshotMemo.Holds(workspace, file))
        {
            // A rendered object written out: its Kyverno pass and the checks of its admitted object ask this, once per text.
            return WrittenAdmissions.Get(workspace, file, manifest.Document.Span.Start, FileRole.Resource, () => AdmittedChanges(workspace, file, set, manifest));
        }

        return AdmittedChanges(workspace, file, set, manifest);
    }

    private static (JObject Admitted, IReadOnlyList<AppliedMutation> Changes)? AdmittedChanges(WorkspaceSnapshot workspace, WorkspaceFile file, KyvernoPolicySet set, Manifest manifest)
    {
        var (resource, applied) = AdmittedOnce(workspace, file, set, manifest);
        var changes = applied.Where(a => a.Changes.Count > 0).ToList();
        return changes.Count == 0 ? null : (resource.Object, changes);
    }

    /// <summary>The object as admission stores it (mutate rules first), which is what validate rules decide on.</summary>
    private static (ResourceInfo Resource, IReadOnlyList<AppliedMutation> Applied) Admitted(WorkspaceSnapshot workspace, WorkspaceFile file, KyvernoPolicySet set, Manifest manifest) =>
        AdmissionMutations.Apply(set, ResourceInfo.From(manifest, set.NamespaceLabels, RepositoryObjects.For(workspace), EarlierAsWritten(workspace, manifest)), (c, r) => Applies(workspace, file, set, c, r));

    /// <summary>
    /// The object as written, as the snapshot before an edit admitted it, when the object is unchanged (the same
    /// manifest) and no mutate rule changed it there: what the mutate rules do, and everything read from the snapshot, are
    /// worked out again. A mutated object is converted again rather than keeping its written form alive beside the
    /// mutated one (a tree per object); a root's siblings view (checked once) asks nothing: its rendered objects are new.
    /// </summary>
    private static ResourceInfo? EarlierAsWritten(WorkspaceSnapshot workspace, Manifest manifest) =>
        workspace.RenderedFrom is null && AdmittedObjects.TryGetEarlier(workspace, manifest, out var earlier) ? earlier.Resource : null;

    // Each object is admitted once per snapshot (460 policy files' error notes, each applying every mutate rule to
    // every object again, made the corpus check four times slower), and each rule decides on it once.
    private static readonly SnapshotMemo<Manifest, (ResourceInfo Resource, IReadOnlyList<AppliedMutation> Applied)> AdmittedObjects = new(ReferenceEqualityComparer.Instance);
    // Decisions are kept per object, in a small table each (95,000 rule/object pairs in the corpus in one shared table
    // made both cores queue on its locks while it grew).
    private static readonly SnapshotMemo<Manifest, ConcurrentDictionary<IndexedRule, Lazy<Verdict>>> Decisions = new(ReferenceEqualityComparer.Instance);
    private static readonly WrittenObjectMemo<Diagnostic[]> WrittenFindings = new();
    private static readonly WrittenObjectMemo<(JObject Admitted, IReadOnlyList<AppliedMutation> Changes)?> WrittenAdmissions = new();

    private static (ResourceInfo Resource, IReadOnlyList<AppliedMutation> Applied) AdmittedOnce(WorkspaceSnapshot workspace, WorkspaceFile file, KyvernoPolicySet set, Manifest manifest) =>
        AdmittedObjects.Get(workspace, file, manifest, () => Admitted(workspace, file, set, manifest));

    private static Decision? DecideOnce(WorkspaceSnapshot workspace, WorkspaceFile file, KyvernoPolicySet set, IndexedRule candidate, Manifest manifest, Func<ResourceInfo> resource)
    {
        if (!SnapshotMemo.Holds(workspace, file))
        {
            return Decide(workspace, file, set, candidate, resource()).Decision; // a rendered object, decided once per text (WrittenFindings)
        }

        var table = Decisions.GetHeld(workspace, manifest, () => new ConcurrentDictionary<IndexedRule, Lazy<Verdict>>(concurrencyLevel: 1, capacity: 8));
        if (table.TryGetValue(candidate, out var known))
        {
            return known.Value.Decision; // every policy file's error notes ask again what the object's own pass decided
        }

        return table.GetOrAdd(candidate, c => new Lazy<Verdict>(() => Decide(workspace, file, set, c, resource()))).Value.Decision;
    }

    /// <summary>
    /// The verdict of one rule on one object once match, exclude, configuration, exemptions and PolicyExceptions are
    /// applied: no decision when the rule does not apply or passes, else a failure or an error with its code and
    /// severity; with the rule's evaluation whenever it applies, for the next snapshot to keep.
    /// </summary>
    private static Verdict Decide(WorkspaceSnapshot workspace, WorkspaceFile file, KyvernoPolicySet set, IndexedRule candidate, ResourceInfo resource)
    {
        if (Applies(workspace, file, set, candidate, resource) is not { } code)
        {
            return default;
        }

        var (policy, rule, autogenKind) = candidate;
        var evaluation = EarlierEvaluation(workspace, set, candidate, resource);
        if (evaluation is null)
        {
            RulesEvaluatedOnThisThread++;
            evaluation = RuleEvaluator.Evaluate(rule, resource, autogenKind);
        }

        if (evaluation.Status == RuleStatus.Error && rule.Validate?.Cel is not null)
        {
            // A CEL rule that cannot be decided on this object (an unsupported function, a field the API server may
            // default) says so as a note: no verdict is not a pass, and not a failure either.
            return new(evaluation, (evaluation, code, DiagnosticSeverity.Information));
        }

        if (evaluation.Unknown)
        {
            return new(evaluation, (evaluation, code, DiagnosticSeverity.Information));
        }

        if (evaluation.Status is not (RuleStatus.Fail or RuleStatus.Error))
        {
            return new(evaluation, null);
        }

        // Kyverno's own severity; a configured one replaces it with every other finding's, in Findings.Apply.
        var severity = IsEnforced(policy, rule, resource) ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning;
        return new(evaluation, (evaluation, code, severity));
    }

    /// <summary>
    /// The evaluation the snapshot before an edit made of a rule that evaluates alike (<see cref="KyvernoPolicySet.EarlierRule"/>)
    /// on the same manifest, unmutated both times (so the same value) and in a namespace with the same labels: a keystroke in a policy then
    /// evaluates only the rules it changed (CEL evaluation was 65 % of a keystroke in a policy of one rule matching
    /// every Deployment, decided on all of them again). Whether the rule applies is always decided again.
    /// </summary>
    private static RuleEvaluation? EarlierEvaluation(WorkspaceSnapshot workspace, KyvernoPolicySet set, IndexedRule candidate, ResourceInfo resource)
    {
        if (workspace.RenderedFrom is not null || resource.IsMutated || candidate.Rule.EvaluationText is null
            || !AdmittedObjects.TryGetEarlier(workspace, resource.Manifest, out var admitted) || admitted.Resource.IsMutated
            || !KyvernoPolicySet.SameLabels(admitted.Resource.NamespaceLabels, resource.NamespaceLabels)
            || set.EarlierRule(workspace, candidate) is not { } earlierRule
            || !Decisions.TryGetEarlier(workspace, resource.Manifest, out var earlierVerdicts)
            || !earlierVerdicts.TryGetValue(earlierRule, out var earlier) || !earlier.IsValueCreated || earlier.Value.Evaluation is not { } evaluation)
        {
            return null;
        }

        return evaluation;
    }

    /// <summary>How many rules were evaluated on an object on this thread (tests: a policy edit evaluates only what it changed).</summary>
    [ThreadStatic]
    internal static int RulesEvaluatedOnThisThread;

    /// <summary>Files checked document by document on this thread (tests).</summary>
    [ThreadStatic]
    internal static int FilesCheckedByDocumentOnThisThread;

    /// <summary>A rule's evaluation on an object when the rule applies to it (else null), and the decision reported from it.</summary>
    private readonly record struct Verdict(RuleEvaluation? Evaluation, Decision? Decision);

    /// <summary>
    /// The rule's code when it applies to the object once match, exclude, configuration, exemptions and
    /// PolicyExceptions are taken into account; null when it does not.
    /// </summary>
    private static string? Applies(WorkspaceSnapshot workspace, WorkspaceFile file, KyvernoPolicySet set, IndexedRule candidate, ResourceInfo resource)
    {
        var (policy, rule, autogenKind) = candidate;
        if (policy.Namespace is { } policyNamespace)
        {
            // A namespaced Policy sees only objects of its own namespace.
            if (KindCatalog.IsClusterScoped(resource.Kind) || (resource.Namespace.Length == 0 ? "default" : resource.Namespace) != policyNamespace)
            {
                return null;
            }
        }

        var autogen = autogenKind is not null;
        if (!rule.Match!.Matches(resource, forExclude: false, autogen) || (rule.Exclude?.Matches(resource, forExclude: true, autogen) ?? false))
        {
            return null;
        }

        // Off or exempt rules are not evaluated; the decision is the one every finding gets (Findings.Apply).
        var code = policy.Code(rule);
        if (workspace.Findings.IsOff(code) || workspace.Findings.IsExempt(code, resource.Kind, resource.Manifest.Namespace, resource.Name, file.RelativePath))
        {
            return null;
        }

        var autogenName = autogenKind is null ? null : rule.AutogenName(autogenKind);
        foreach (var exception in set.Exceptions)
        {
            if (exception.Covers(policy, rule.Name, autogenName) && exception.Match.Matches(resource, forExclude: false, autogen: false)
                && (exception.Conditions is null || RuleEvaluator.Holds(exception.Conditions, resource)))
            {
                return null;
            }
        }

        return code;
    }

    /// <summary>
    /// The policy's side of an evaluation error: one note per rule that errors on some object of the repository,
    /// naming the first one, so whoever edits the policy sees it too (Kyverno's report shows it under the policy).
    /// </summary>
    private static IEnumerable<Diagnostic> ErrorNotes(FileAnalysisContext context, KyvernoPolicy policy)
    {
        var set = KyvernoPolicySet.For(context.Workspace);
        var errors = new Dictionary<KyvernoRule, (int Count, string First, string Detail)>();
        foreach (var (kind, candidate) in set.RulesOf(policy).Where(r => r.Rule.Rule.Validate is not null))
        {
            foreach (var (file, manifest) in EvaluatedObjects(context.Workspace, kind))
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                ResourceInfo Resource() => AdmittedOnce(context.Workspace, file, set, manifest).Resource;
                if (DecideOnce(context.Workspace, file, set, candidate, manifest, Resource) is { Evaluation.Status: RuleStatus.Error } decision)
                {
                    var resource = Resource();
                    var line = file.Source.GetLinePosition(manifest.Document.Span.Start).Line + 1;
                    errors[candidate.Rule] = errors.TryGetValue(candidate.Rule, out var seen)
                        ? seen with { Count = seen.Count + 1 }
                        : (1, $"{resource.Kind} {resource.Name} ({file.RelativePath}:{line})", decision.Evaluation.Detail ?? "unknown error");
                }
            }
        }

        foreach (var (rule, (count, first, detail)) in errors)
        {
            var others = count > 1 ? $" and {count - 1} other object(s)" : string.Empty;
            yield return new Diagnostic(policy.Code(rule), DiagnosticSeverity.Information, rule.NameSpan,
                $"Rule '{rule.Name}' cannot be evaluated on {first}{others}: {detail}. Kyverno reports an error result for them.", DiagnosticSources.Kyverno);
        }
    }

    private static readonly ConditionalWeakTable<WorkspaceSnapshot, ConcurrentDictionary<string, (WorkspaceFile File, Manifest Manifest)[]>> EvaluatedByKind = new();

    /// <summary>
    /// The snapshot's objects of a kind (null: of every kind) that rules decide on, in the order the snapshot lists
    /// them: found once per kind, not once per rule of every policy file (460 in the corpus, each walking every
    /// object of its kinds and looking up each file's role).
    /// </summary>
    private static (WorkspaceFile File, Manifest Manifest)[] EvaluatedObjects(WorkspaceSnapshot workspace, string? kind) =>
        EvaluatedByKind.GetValue(workspace, _ => new(StringComparer.Ordinal)).GetOrAdd(kind ?? string.Empty, k =>
            (k.Length == 0 ? workspace.Files.Values.SelectMany(f => f.Objects.Select(m => (File: f, Manifest: m))) : workspace.ObjectsOfKind(k))
                .Where(o => o.Manifest.IsAdmittable && workspace.Structure.RoleOf(o.File.Path) == FileRole.Resource)
                .ToArray());

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
