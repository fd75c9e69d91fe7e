using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using GitOpsAi.Core.AdmissionPolicies;
using GitOpsAi.Core.Kyverno.Mutation;
using GitOpsAi.Core.Manifests;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Kyverno;

/// <summary>
/// The repository objects the workspace's policies read through context entries (configMap, apiCall GET of an object
/// or a list), with the
/// kinds the reading rules evaluate: an edit of such an object changes the verdicts on objects of those kinds, which
/// no name or label links to it. A name or namespace given by a variable (<c>{{request.namespace}}</c>) is a wildcard,
/// so every object of the kind counts as read. Built once per snapshot; empty (and free to ask) when no policy reads
/// context.
/// </summary>
internal sealed partial class ContextReads
{
    private static readonly ConditionalWeakTable<WorkspaceSnapshot, ContextReads> Cache = new();

    private readonly List<Read> _reads;

    private ContextReads(List<Read> reads) => _reads = reads;

    public bool IsEmpty => _reads.Count == 0;

    public static ContextReads For(WorkspaceSnapshot workspace) => Cache.GetValue(workspace, Build);

    /// <summary>True when some policy's context entry reads <paramref name="manifest"/>.</summary>
    public bool Reads(Manifest manifest) => _reads.Any(r => r.Matches(manifest));

    /// <summary>
    /// The kinds evaluated by the rules that read any of <paramref name="changed"/>; <c>AnyKind</c> when one such rule
    /// matches any kind; null when no rule reads them.
    /// </summary>
    public (IReadOnlySet<string> Kinds, bool AnyKind)? EvaluatedKindsReading(IEnumerable<Manifest> changed)
    {
        if (IsEmpty)
        {
            return null;
        }

        var kinds = new HashSet<string>(StringComparer.Ordinal);
        var anyKind = false;
        var found = false;
        foreach (var manifest in changed)
        {
            foreach (var read in _reads.Where(r => r.Matches(manifest)))
            {
                found = true;
                anyKind |= read.EvaluatedKinds is null;
                kinds.UnionWith(read.EvaluatedKinds ?? Enumerable.Empty<string>());
            }
        }

        return found ? (kinds, anyKind) : null;
    }

    /// <summary>
    /// The codes of the rules that read any of <paramref name="changed"/>, with the kinds they evaluate (null: any
    /// kind): the verdicts that may change with them.
    /// </summary>
    public IReadOnlyList<(string Code, IReadOnlySet<string>? Kinds)> ReadersOf(IReadOnlyCollection<Manifest> changed) =>
        IsEmpty || changed.Count == 0
            ? []
            : _reads.Where(r => changed.Any(r.Matches)).Select(r => (r.Code, r.EvaluatedKinds)).ToList();

    private static ContextReads Build(WorkspaceSnapshot workspace)
    {
        var set = KyvernoPolicySet.For(workspace);
        var reads = new List<Read>();
        foreach (var policy in set.AllPolicies)
        {
            foreach (var rules in set.RulesOf(policy).GroupBy(r => r.Rule.Rule))
            {
                var lookups = LookupsOf(rules.Key).ToList();
                var targets = rules.Key.Mutate?.Targets ?? [];
                if (lookups.Count == 0 && targets.Count == 0)
                {
                    continue;
                }

                var kinds = rules.Any(r => r.Kind is null) ? null : rules.Select(r => r.Kind!).ToHashSet(StringComparer.Ordinal);
                var code = policy.Code(rules.Key);
                reads.AddRange(lookups.Select(l => Read.Of(l, kinds, code)).OfType<Read>());

                // A mutate-existing rule reads its targets: editing one changes what the trigger's hint says.
                reads.AddRange(targets.Select(t => new Read(t.Group, ObjectIdentity.PluralOf(t.Kind),
                    string.IsNullOrEmpty(t.Namespace) ? "*" : AsPattern(t.Namespace), string.IsNullOrEmpty(t.Name) ? "*" : AsPattern(t.Name), kinds, code)));
            }
        }

        return new ContextReads(reads);
    }

    /// <summary>The configMap and apiCall entries of the rule, its foreach entries' included.</summary>
    internal static IEnumerable<ContextLookup> LookupsOf(KyvernoRule rule)
    {
        var entries = rule.Context
            .Concat(ValidationEntries(rule.Validate?.ForEach))
            .Concat(MutationEntries(rule.Mutate?.ForEach));
        return entries.Select(e => e.Lookup).OfType<ContextLookup>();
    }

    private static IEnumerable<ContextVariable> ValidationEntries(IReadOnlyList<ForEachValidation>? entries) =>
        (entries ?? []).SelectMany(e => e.Context.Concat(ValidationEntries(e.ForEach)));

    private static IEnumerable<ContextVariable> MutationEntries(IReadOnlyList<ForEachMutation>? entries) =>
        (entries ?? []).SelectMany(e => e.Context.Concat(MutationEntries(e.ForEach)));

    /// <summary>Variables in a name or namespace become wildcards: the entry may read any object they can resolve to.</summary>
    private static string AsPattern(string text) => VariablePattern().Replace(text.Trim(), "*");

    [GeneratedRegex(@"\{\{[^{}]*\}\}")]
    private static partial Regex VariablePattern();

    /// <summary>
    /// One object (or pattern of objects) a rule reads, and the kinds that rule evaluates (null: any kind). An object
    /// without a namespace may get one from its kustomization, so it matches any namespace.
    /// </summary>
    private sealed record Read(string Group, string Resource, string Namespace, string Name, IReadOnlySet<string>? EvaluatedKinds, string Code)
    {
        public static Read? Of(ContextLookup lookup, IReadOnlySet<string>? kinds, string code)
        {
            if (lookup.UrlPath is { } url)
            {
                // A list reads every object of its namespace (or of every namespace); its selectors are ignored (over-approximated).
                return ApiPath.Parse(AsPattern(url)) is { } target
                    ? new Read(target.Group, target.Resource, target is { IsList: true, Namespace: "" } ? "*" : target.Namespace, target.Name ?? "*", kinds, code)
                    : null;
            }

            var ns = string.IsNullOrEmpty(lookup.ConfigMapNamespace) ? "default" : AsPattern(lookup.ConfigMapNamespace);
            return new Read(string.Empty, "configmaps", ns, AsPattern(lookup.ConfigMapName ?? string.Empty), kinds, code);
        }

        public bool Matches(Manifest manifest) =>
            manifest.Kind is { Length: > 0 } kind && manifest.Group == Group
            && ObjectIdentity.PluralOf(kind) == Resource
            && (manifest.Namespace is null || Wildcard.Match(Namespace, manifest.Namespace))
            && Wildcard.Match(Name, manifest.Name ?? string.Empty);
    }
}
