using System.Runtime.CompilerServices;
using GitOpsAi.Core.Manifests;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Kyverno;

/// <summary>One rule as the index hands it out: the rule as written, or its auto-generated copy for a pod controller.</summary>
internal readonly record struct IndexedRule(KyvernoPolicy Policy, KyvernoRule Rule, string? AutogenKind);

/// <summary>
/// The workspace's Kyverno policies and exceptions, loaded once per snapshot and indexed by the kinds their rules
/// match. Each policy is parsed once per file version (a keystroke in a manifest re-parses nothing).
/// </summary>
internal sealed class KyvernoPolicySet
{
    private static readonly ConditionalWeakTable<WorkspaceSnapshot, KyvernoPolicySet> Sets = new();
    private static readonly ConditionalWeakTable<Manifest, KyvernoPolicy> Policies = new();
    private static readonly ConditionalWeakTable<Manifest, StrongBox<KyvernoException?>> ExceptionCache = new();

    private readonly Dictionary<string, List<IndexedRule>> _byKind = new(StringComparer.Ordinal);
    private readonly List<IndexedRule> _anyKind = [];
    private readonly Dictionary<KyvernoPolicy, List<(string? Kind, IndexedRule Rule)>> _byPolicy = [];
    private readonly Dictionary<string, IReadOnlyDictionary<string, string>> _namespaceLabels = new(StringComparer.Ordinal);

    private KyvernoPolicySet(IReadOnlyList<KyvernoPolicy> policies, IReadOnlyList<KyvernoException> exceptions)
    {
        AllPolicies = policies;
        Exceptions = exceptions;
        foreach (var policy in policies)
        {
            foreach (var rule in policy.Rules.Where(r => r.IsSupported))
            {
                if (rule.Match!.IndexKinds() is { } kinds)
                {
                    foreach (var kind in kinds)
                    {
                        Add(kind, new IndexedRule(policy, rule, null));
                    }
                }
                else
                {
                    _anyKind.Add(new IndexedRule(policy, rule, null));
                    RulesOfPolicy(policy).Add((null, new IndexedRule(policy, rule, null)));
                }

                if (rule.MatchesPod)
                {
                    foreach (var controller in policy.AutogenControllers)
                    {
                        Add(controller, new IndexedRule(policy, rule, controller));
                    }
                }
            }
        }
    }

    public IReadOnlyList<KyvernoPolicy> AllPolicies { get; }

    public IReadOnlyList<KyvernoException> Exceptions { get; }

    public bool IsEmpty => _byKind.Count == 0 && _anyKind.Count == 0;

    /// <summary>The kinds the set is built from: an edit to a file holding none of them keeps the previous snapshot's set.</summary>
    private static readonly HashSet<string> SourceKinds = new(StringComparer.Ordinal) { "ClusterPolicy", "Policy", "PolicyException", "Namespace" };

    /// <summary>
    /// The snapshot's set: the previous snapshot's when the edit could not change it (no changed file holds a policy, an
    /// exception or a Namespace, and which files are resources is the same), else built from the object index.
    /// </summary>
    public static KyvernoPolicySet For(WorkspaceSnapshot workspace) =>
        Sets.GetValue(workspace, w => SnapshotLineage.Carried(w, Sets, f => SnapshotLineage.Holds(f, SourceKinds), needsSameStructure: true) ?? SameAsPrevious(w, Build(w)));

    /// <summary>
    /// The previous snapshot's set when <paramref name="built"/> has the same policies, exceptions and namespace labels
    /// (an edit in a file that also holds a Namespace, which did not change its labels): what was decided with that set
    /// stays valid, and the edited file's other documents keep their findings.
    /// </summary>
    private static KyvernoPolicySet SameAsPrevious(WorkspaceSnapshot workspace, KyvernoPolicySet built) =>
        SnapshotLineage.PreviousValue(workspace, Sets) is { } earlier
        && earlier.AllPolicies.SequenceEqual(built.AllPolicies) && earlier.Exceptions.SequenceEqual(built.Exceptions)
        && earlier._namespaceLabels.Count == built._namespaceLabels.Count
        && earlier._namespaceLabels.All(n => built._namespaceLabels.TryGetValue(n.Key, out var labels) && SameLabels(n.Value, labels))
            ? earlier
            : built;

    /// <summary>Whether two label maps hold the same labels (a namespace's, before and after an edit).</summary>
    internal static bool SameLabels(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        ReferenceEquals(a, b) || a.Count == b.Count && a.All(l => b.TryGetValue(l.Key, out var value) && value == l.Value);

    /// <summary>The parsed form of a policy manifest (cached for as long as the manifest lives).</summary>
    public static KyvernoPolicy PolicyFor(WorkspaceFile file, Manifest manifest) => Policies.GetValue(manifest, m => KyvernoPolicyLoader.Load(file, m));

    public IEnumerable<IndexedRule> CandidatesFor(string kind) =>
        _byKind.TryGetValue(kind, out var rules) ? rules.Concat(_anyKind) : _anyKind;

    /// <summary>
    /// The mutate rules that change the admitted object of a kind (mutate-existing rules change other objects), in
    /// the order admission applies them: policy by policy and rule by rule as the repository lists them. Worked out
    /// once per kind (every object sorted them again, with a map of all 700 policies of the corpus each time).
    /// </summary>
    public IReadOnlyList<IndexedRule> AdmissionMutatorsFor(string kind) => _admissionMutators.GetOrAdd(kind, k =>
    {
        var candidates = CandidatesFor(k).Where(c => c.Rule.Mutate is { Targets: null }).ToList();
        if (candidates.Count == 0)
        {
            return [];
        }

        var order = new Dictionary<KyvernoPolicy, int>();
        for (var i = 0; i < AllPolicies.Count; i++)
        {
            order[AllPolicies[i]] = i;
        }

        return candidates.OrderBy(c => order.GetValueOrDefault(c.Policy)).ThenBy(c => c.Policy.IndexOf(c.Rule)).ToList();
    });

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, IReadOnlyList<IndexedRule>> _admissionMutators = new(StringComparer.Ordinal);

    /// <summary>
    /// The rule of the previous snapshot's set that evaluates every object as <paramref name="candidate"/> does (the
    /// same rule, or one of the same <see cref="KyvernoRule.EvaluationText"/> in an edited policy), whose verdicts on
    /// unchanged objects an edit can keep; null when there is none or the previous snapshot is gone.
    /// </summary>
    public IndexedRule? EarlierRule(WorkspaceSnapshot workspace, IndexedRule candidate)
    {
        if (SnapshotLineage.PreviousValue(workspace, Sets) is not { } earlier)
        {
            return null;
        }

        if (ReferenceEquals(earlier, this))
        {
            return candidate;
        }

        var rules = _sameRulesIn.GetValue(earlier, SameRules);
        return rules.KeptPolicies.Contains(candidate.Policy) ? candidate
            : rules.ByRule.TryGetValue(candidate.Rule, out var same) ? new IndexedRule(same.Policy, same.Rule, candidate.AutogenKind)
            : null;
    }

    /// <summary>Whether this set is the previous snapshot's too (an edit that changed no policy, exception or Namespace).</summary>
    public bool IsCarriedFromPrevious(WorkspaceSnapshot workspace) =>
        ReferenceEquals(SnapshotLineage.PreviousValue(workspace, Sets), this);

    /// <summary>Whether some rule generates resources (which may clone any object of the repository).</summary>
    public bool HasGenerateRules => _hasGenerateRules ??= AllPolicies.Any(p => p.Rules.Any(r => r.Generate is not null));

    private bool? _hasGenerateRules;

    /// <summary>The policies an earlier set shares with this one, and the rules of the others that evaluate alike.</summary>
    private sealed record SameRulesIn(IReadOnlySet<KyvernoPolicy> KeptPolicies, IReadOnlyDictionary<KyvernoRule, (KyvernoPolicy Policy, KyvernoRule Rule)> ByRule);

    // Keyed by the earlier set, held no longer than it is.
    private readonly ConditionalWeakTable<KyvernoPolicySet, SameRulesIn> _sameRulesIn = new();

    private SameRulesIn SameRules(KyvernoPolicySet earlier)
    {
        var kept = earlier.AllPolicies.Intersect(AllPolicies).ToHashSet(); // policies and rules compare by reference
        var earlierByText = new Dictionary<string, (KyvernoPolicy Policy, KyvernoRule Rule)>(StringComparer.Ordinal);
        foreach (var policy in earlier.AllPolicies.Where(p => !kept.Contains(p)))
        {
            foreach (var rule in policy.Rules)
            {
                if (rule.EvaluationText is { } text)
                {
                    earlierByText.TryAdd(text, (policy, rule));
                }
            }
        }

        var byRule = new Dictionary<KyvernoRule, (KyvernoPolicy Policy, KyvernoRule Rule)>();
        foreach (var rule in AllPolicies.Where(p => !kept.Contains(p)).SelectMany(p => p.Rules))
        {
            if (rule.EvaluationText is { } text && earlierByText.TryGetValue(text, out var same))
            {
                byRule[rule] = same;
            }
        }

        return new SameRulesIn(kept, byRule);
    }

    /// <summary>Whether <see cref="CandidatesFor"/> offers any rule for the kind.</summary>
    public bool HasCandidates(string kind) => _anyKind.Count > 0 || _byKind.ContainsKey(kind);

    public IReadOnlyDictionary<string, string> NamespaceLabels(string name) =>
        _namespaceLabels.TryGetValue(name, out var labels) ? labels : new Dictionary<string, string> { ["kubernetes.io/metadata.name"] = name };

    /// <summary>The indexed rules of one policy with the kind each is indexed under (null: any kind).</summary>
    public IReadOnlyList<(string? Kind, IndexedRule Rule)> RulesOf(KyvernoPolicy policy) =>
        _byPolicy.TryGetValue(policy, out var rules) ? rules : [];

    private List<(string? Kind, IndexedRule Rule)> RulesOfPolicy(KyvernoPolicy policy)
    {
        if (!_byPolicy.TryGetValue(policy, out var rules))
        {
            _byPolicy[policy] = rules = [];
        }

        return rules;
    }

    private void Add(string kind, IndexedRule rule)
    {
        RulesOfPolicy(rule.Policy).Add((kind, rule));
        if (!_byKind.TryGetValue(kind, out var list))
        {
            _byKind[kind] = list = [];
        }

        list.Add(rule);
    }

    private static KyvernoPolicySet Build(WorkspaceSnapshot workspace)
    {
        var written = new List<(WorkspaceFile File, Manifest Manifest)>();
        foreach (var kind in (string[])["ClusterPolicy", "Policy"])
        {
            foreach (var (file, manifest) in workspace.ObjectsOfKind(kind))
            {
                if (KyvernoPolicyLoader.IsPolicy(manifest) && workspace.Structure.RoleOf(file.Path) == FileRole.Resource)
                {
                    written.Add((file, manifest));
                }
            }
        }

        // Parsed on every core (a repository of 700 policies took a quarter of a second of one core, while every check
        // waited for the set); each lands at its own index, so the order is that of the loop above.
        var policies = new KyvernoPolicy[written.Count];
        Parallel.For(0, written.Count, i => policies[i] = PolicyFor(written[i].File, written[i].Manifest));

        var exceptions = new List<KyvernoException>();
        foreach (var (file, manifest) in workspace.ObjectsOfKind("PolicyException"))
        {
            if (KyvernoPolicyLoader.IsException(manifest) && workspace.Structure.RoleOf(file.Path) == FileRole.Resource
                && ExceptionCache.GetValue(manifest, m => new StrongBox<KyvernoException?>(KyvernoPolicyLoader.LoadException(m))).Value is { } exception)
            {
                exceptions.Add(exception);
            }
        }

        var set = new KyvernoPolicySet(policies.OrderBy(p => p.File.Path, StringComparer.Ordinal).ToList(), exceptions);
        if (!set.IsEmpty)
        {
            foreach (var (_, manifest) in workspace.ObjectsOfKind("Namespace"))
            {
                if (manifest.Name is { } name && manifest.Group.Length == 0)
                {
                    var labels = new Dictionary<string, string>(manifest.Labels, StringComparer.Ordinal) { ["kubernetes.io/metadata.name"] = name };
                    set._namespaceLabels[name] = labels;
                }
            }
        }

        return set;
    }
}
