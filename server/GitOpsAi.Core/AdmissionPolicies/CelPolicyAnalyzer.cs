using System.Runtime.CompilerServices;
using GitOpsAi.Core.Analysis;
using GitOpsAi.Core.Config;
using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Expressions.Cel;
using GitOpsAi.Core.Kyverno;
using GitOpsAi.Core.Manifests;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.AdmissionPolicies;

/// <summary>
/// Evaluates the repository's CEL policies (Kubernetes ValidatingAdmissionPolicy through its bindings, Kyverno
/// ValidatingPolicy) against its objects as you type. A failed validation is reported at the field it reads, with the
/// severity its validation actions give (Deny: error; Warn, Audit: warning) unless .gitops-ai/rules.yaml says
/// otherwise; what cannot be evaluated is said as information (once at the expression when it is the expression's
/// fault, on the object when it is the object's).
/// </summary>
internal sealed class CelPolicyAnalyzer : IFileAnalyzer
{
    private static readonly ConditionalWeakTable<CelPolicy, IReadOnlyList<Diagnostic>> PolicyNotes = new();

    /// <summary>
    /// In the editor, a file of plain objects is checked document by document, and each unchanged document keeps its
    /// findings while another one is typed in (every object of the file was evaluated against every bound policy on
    /// each keystroke).
    /// </summary>
    private readonly ObjectFindingsCache _byDocument = new(new DocumentChecks());

    public void Analyze(FileAnalysisContext context)
    {
        // Only where a policy is bound: without one a file of plain objects has no findings here, and keeping them per
        // document cost a keystroke in a file of 1,000 documents 1.6 MB more (lspbench's k8s-10k.yaml).
        if (context.WantsFixes && CelPolicySet.For(context.Workspace).Bound.Count > 0 && SnapshotMemo.Holds(context.Workspace, context.File)
            && IsPlainObjects(context.File))
        {
            FilesCheckedByDocumentOnThisThread++;
            _byDocument.Analyze(context);
            return;
        }

        AnalyzeFile(context, onlyCodes: null);
    }

    /// <summary>Files checked document by document on this thread (tests).</summary>
    [ThreadStatic]
    internal static int FilesCheckedByDocumentOnThisThread;

    /// <summary>Objects only: no policy or binding (whose notes are the file's), no List (whose items are checked).</summary>
    private static bool IsPlainObjects(WorkspaceFile file) =>
        ObjectFindingsCache.HoldsOnlyPlainObjects(file, static m =>
            AdmissionPolicyLoader.IsPolicy(m) || AdmissionPolicyLoader.IsBinding(m) || KyvernoValidatingPolicyLoader.IsValidatingPolicy(m));

    /// <summary>The findings of one object of a file of plain objects: what the whole-file check finds on it.</summary>
    private sealed class DocumentChecks : IObjectAnalyzer
    {
        public bool AppliesTo(FileAnalysisContext context) => true;

        public IReadOnlyList<Manifest> ObjectsOf(WorkspaceFile file) => file.Manifests;

        public void Analyze(FileAnalysisContext context) => AnalyzeFile(context, onlyCodes: null);

        public void AnalyzeObject(FileAnalysisContext context, Manifest manifest, List<Diagnostic> output)
        {
            var set = CelPolicySet.For(context.Workspace);
            if (context.Role == FileRole.Resource && set.Bound.Count > 0 && manifest.IsAdmittable)
            {
                EvaluateObject(context with { Diagnostics = output }, set, manifest, onlyCodes: null);
            }
        }

        /// <summary>
        /// An object's findings depend on it, on the policies and bindings, on its namespace and on params objects:
        /// unchanged documents keep theirs when the set is the previous snapshot's and the file holds no params.
        /// </summary>
        public bool KeepsUnchangedDocuments(WorkspaceSnapshot workspace, WorkspaceFile before, WorkspaceFile after)
        {
            var set = CelPolicySet.For(workspace);
            return set.IsCarriedFromPrevious(workspace) && !before.Objects.Any(set.MayBeParams) && !after.Objects.Any(set.MayBeParams);
        }
    }

    /// <param name="onlyCodes">When set, only the policies with these codes are evaluated (re-judging an object Kyverno mutated).</param>
    internal void Analyze(FileAnalysisContext context, IReadOnlySet<string>? onlyCodes) => AnalyzeFile(context, onlyCodes);

    private static void AnalyzeFile(FileAnalysisContext context, IReadOnlySet<string>? onlyCodes)
    {
        var file = context.File;
        var config = context.Workspace.RulesConfig;
        foreach (var manifest in file.Manifests)
        {
            if (AdmissionPolicyLoader.IsPolicy(manifest) || KyvernoValidatingPolicyLoader.IsValidatingPolicy(manifest))
            {
                var policy = CelPolicySet.PolicyFor(file, manifest);
                if (config.Rules.GetValueOrDefault(policy.Code)?.Enabled != false)
                {
                    context.Diagnostics.AddRange(NotesOf(policy));
                    if (AdmissionPolicyLoader.IsPolicy(manifest) && !CelPolicySet.For(context.Workspace).Bindings.Any(b => b.PolicyName == policy.Name))
                    {
                        context.Diagnostics.Add(Note(policy, policy.NameSpan,
                            $"ValidatingAdmissionPolicy '{policy.Name}' is not bound by any ValidatingAdmissionPolicyBinding in the repository; the cluster does not enforce it, so objects are not checked against it."));
                    }
                }
            }
        }

        if (context.Role != FileRole.Resource || file.Manifests.Count == 0)
        {
            return;
        }

        var set = CelPolicySet.For(context.Workspace);
        if (set.Bound.Count == 0)
        {
            return;
        }

        foreach (var manifest in file.Objects)
        {
            if (manifest.IsAdmittable)
            {
                EvaluateObject(context, set, manifest, onlyCodes);
            }
        }
    }

    private static void EvaluateObject(FileAnalysisContext context, CelPolicySet set, Manifest manifest, IReadOnlySet<string>? onlyCodes)
    {
        context.CancellationToken.ThrowIfCancellationRequested();
        var identity = ObjectIdentity.Of(manifest);
        var values = new ObjectValues(manifest, identity.Namespace, set.Namespace(identity.Namespace)?.Root);
        var seen = new HashSet<(string, int, string)>();
        foreach (var bound in set.Bound)
        {
            if (onlyCodes is not null && !onlyCodes.Contains(bound.Policy.Code))
            {
                continue;
            }

            foreach (var diagnostic in Evaluate(context, set, bound, manifest, identity, values))
            {
                if (seen.Add((diagnostic.Code, diagnostic.Span.Start, diagnostic.Message)))
                {
                    context.Diagnostics.Add(diagnostic);
                }
            }
        }
    }

    /// <summary>How many policies were evaluated on an object on this thread (tests: an edit evaluates only what it changed).</summary>
    [ThreadStatic]
    internal static int PoliciesEvaluatedOnThisThread;

    private static IEnumerable<Diagnostic> Evaluate(FileAnalysisContext context, CelPolicySet set, BoundCelPolicy bound, Manifest manifest, ObjectIdentity identity, ObjectValues values)
    {
        var policy = bound.Policy;
        if (policy.Namespace is { } only && (identity.Namespace.Length == 0 ? "default" : identity.Namespace) != only)
        {
            return [];
        }

        var ns = set.Namespace(identity.Namespace);
        var namespaceLabels = ns?.Labels;
        if (policy.MatchConstraints?.Matches(manifest, identity, namespaceLabels, rulesRequired: true) is not MatchVerdict.Yes
            || (bound.Binding?.MatchResources is { } narrower && narrower.Matches(manifest, identity, namespaceLabels, rulesRequired: false) is not MatchVerdict.Yes))
        {
            return [];
        }

        var config = context.Workspace.RulesConfig;
        var setting = config.Rules.GetValueOrDefault(policy.Code);
        if (setting?.Enabled == false
            || (config.Exemptions.Count > 0 && config.Exemptions.Any(e => e.Covers(policy.Code) && e.Matches(identity.Kind, identity.Namespace, identity.Name, context.File.RelativePath))))
        {
            return [];
        }

        var paramsList = set.ParamsFor(policy, bound.Binding, identity.Namespace);
        if (paramsList is { Count: 0 })
        {
            return []; // the params live in the cluster, not here: nothing is decided
        }

        var severity = setting?.Severity ?? ValidationActions.SeverityOf(bound.Actions);
        var namespaceObject = values.NamespaceObject;
        var fallback = (manifest.Metadata?["name"] ?? manifest.Root["kind"] ?? manifest.Root).Span;
        var quiet = NotesOf(policy).Count > 0; // the policy already says what it cannot evaluate
        var diagnostics = new List<Diagnostic>();
        PoliciesEvaluatedOnThisThread++;
        foreach (var parameters in paramsList ?? [null])
        {
            foreach (var result in CelPolicyEvaluator.Evaluate(policy.ValidationSet, values.Object, manifest.Root, identity, new CelRequestContext(parameters, namespaceObject, NamespaceIsPartial: ns is null)))
            {
                if (result.Kind == CelResultKind.NotEvaluated && quiet)
                {
                    continue;
                }

                var level = result.Kind == CelResultKind.Violation ? severity : DiagnosticSeverity.Information;
                diagnostics.Add(new Diagnostic(policy.Code, level, result.Span ?? fallback, $"{policy.Manifest.Kind} '{policy.Name}': {result.Message}", policy.Source)
                {
                    Properties = new Dictionary<string, string>
                    {
                        ["policy"] = policy.Name,
                        ["policyFile"] = policy.File.RelativePath,
                        ["binding"] = bound.Binding?.Name ?? string.Empty,
                    },
                });
            }
        }

        return diagnostics;
    }

    /// <summary>
    /// The CEL values of one object and of its namespace, made on first use and shared by every policy evaluated on it
    /// (each policy converted the object again; the library never changes the values it is given).
    /// </summary>
    private sealed class ObjectValues(Manifest manifest, string ns, Yaml.YamlMapping? definedNamespace)
    {
        private (object? Value, bool Made) _object;
        private (object? Value, bool Made) _namespace;

        public object? Object => (_object = _object.Made ? _object : (CelValues.FromYaml(manifest.Root), true)).Value;

        public object? NamespaceObject => (_namespace = _namespace.Made ? _namespace : (CelRequestContext.NamespaceObjectFor(ns, definedNamespace), true)).Value;
    }

    /// <summary>What a policy says about itself, once: expressions that do not parse or call functions we do not have.</summary>
    private static IReadOnlyList<Diagnostic> NotesOf(CelPolicy policy) => PolicyNotes.GetValue(policy, p =>
    {
        var notes = new List<Diagnostic>();
        foreach (var expression in p.AllExpressions)
        {
            if (CelEvaluator.UnsupportedFunctions(expression.Text) is { Count: > 0 } functions)
            {
                var names = string.Join(", ", functions.Select(f => f + "()"));
                notes.Add(Note(p, expression.Span, $"{p.Manifest.Kind} '{p.Name}': this expression uses {names}, which GitOpsAi does not evaluate; objects are not checked against it."));
            }
            else if (CelEvaluator.CompileProblem(expression.Text) is { } problem)
            {
                notes.Add(Note(p, expression.Span, $"{p.Manifest.Kind} '{p.Name}': this expression is not evaluated ({problem.Message})."));
            }
        }

        return notes;
    });

    private static Diagnostic Note(CelPolicy policy, Text.TextSpan span, string message) =>
        new(policy.Code, DiagnosticSeverity.Information, span, message, policy.Source);
}
