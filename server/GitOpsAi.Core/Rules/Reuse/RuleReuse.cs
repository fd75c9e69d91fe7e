using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Kustomize;
using GitOpsAi.Core.Manifests;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Rules.Reuse;

/// <summary>
/// Each rule's findings on a rendered object, taken from another render of the same origin object when the rule read
/// nothing the overlays changed (issue 13: a base rendered by dev, staging and prod differs in namespace, image tags,
/// replicas and generated names, so no two renders are written alike, yet most rules read none of that). The first render
/// of an origin records what each rule read (<see cref="ReadRecorder"/>); a later render replays those reads on its own
/// tree and, when every answer is the same, takes the rule's findings at the same nodes instead of running it. A rule
/// that looked outside the object (the file, the workspace, the text) is always run. One per snapshot (its rules,
/// schemas and policies), bounded: a table of <see cref="Slots"/> origins, each in the slot of its hash (a newer origin
/// takes an older one's slot; no lock: a concurrent dictionary's, taken for every new origin by both threads, cost more
/// than the rules it saved).
/// Off outside tests (<see cref="EveryRuleOnThisThread"/>): measured at 50,000 resources it saved about what it cost. Most
/// rules read a few fields and decide, which is what replaying their reads costs, and the one that computes much per
/// read (the secret-value rules' regular expressions) has its answers remembered per value instead
/// (<see cref="Templates.RememberedVerdicts.Answer"/>). The tests turn it on and prove it exact for every rule.
/// </summary>
internal sealed class RuleReuse
{
    internal const int Slots = 4096;

    private readonly OriginRecordings?[] _slots = new OriginRecordings?[Slots];

    /// <summary>Set by tests that compare the findings with reuse and without.</summary>
    [ThreadStatic]
    internal static bool OffOnThisThread;

    /// <summary>Set by tests: every rule of a rendered object is recorded (first render of an origin) or replayed (the others).</summary>
    [ThreadStatic]
    internal static bool EveryRuleOnThisThread;

    /// <summary>Set by tests: each rule run on a rendered object, by rule id, and whether its findings were reused.</summary>
    [ThreadStatic]
    internal static List<(string Rule, bool Reused)>? Log;

    /// <summary>How many rule runs on rendered objects took their findings from another render, on this thread (tests, benchmarks).</summary>
    [ThreadStatic]
    internal static int ReusedOnThisThread;

    /// <summary>How many rule runs on rendered objects were run (recorded or not), on this thread.</summary>
    [ThreadStatic]
    internal static int RunOnThisThread;

    // Per rule (by index among the effective rules): how many of its recordings could be reused and how many could not.
    private readonly int[] _reusable = new int[MaxRules];
    private readonly int[] _notReusable = new int[MaxRules];
    private const int MaxRules = 512;

    /// <summary>
    /// Whether recording the rule may pay: not for a rule that looked outside the object on its first
    /// <see cref="Trials"/> recordings and never did not (the cross-object rules read the workspace every time).
    /// </summary>
    public bool WorthRecording(int rule) => rule >= MaxRules || Volatile.Read(ref _reusable[rule]) > 0 || Volatile.Read(ref _notReusable[rule]) < Trials;

    private const int Trials = 32;

    public void Count(int rule, bool reusable)
    {
        if (rule < MaxRules)
        {
            Interlocked.Increment(ref reusable ? ref _reusable[rule] : ref _notReusable[rule]);
        }
    }

    /// <summary>The rule session of one rendered object, or null when reuse is off on this thread.</summary>
    public ObjectRules? For(SourceRef origin) => OffOnThisThread || !EveryRuleOnThisThread ? null : new ObjectRules(this, origin);

    /// <summary>
    /// The origin's recordings: those in its slot, or new ones (<paramref name="made"/>: this render records them) when the
    /// slot holds another origin's or none. A render that loses the slot to another thread's origin records nothing.
    /// </summary>
    internal OriginRecordings Recordings(OriginKey key, int rules, out bool made)
    {
        ref var slot = ref _slots[key.GetHashCode() & (Slots - 1)];
        var known = Volatile.Read(ref slot);
        if (known is not null && known.Key == key)
        {
            made = false;
            return known;
        }

        var fresh = new OriginRecordings(key, rules);
        var seen = Interlocked.CompareExchange(ref slot, fresh, known);
        made = ReferenceEquals(seen, known);
        return made ? fresh : seen is not null && seen.Key == key ? seen : fresh;
    }
}

/// <summary>
/// What makes two rendered objects the same object for the rules, besides what the rules read: the origin document, the
/// identity the rules are chosen by, and where exemptions are decided by path, namespace or name, those too.
/// </summary>
internal readonly record struct OriginKey(SourceRef Origin, string? ApiVersion, string? Kind, bool HasImpliedIdentity, string? ExemptionPlace);

/// <summary>The places of the recorded tree's nodes and, per rule (by its index among the effective rules), what it read and found.</summary>
internal sealed class OriginRecordings(OriginKey key, int rules)
{
    public OriginKey Key { get; } = key;

    private Places? _places;

    /// <summary>The places of the nodes the rules reached in the recorded render, once all its rules ran (no replay before).</summary>
    public Places? Places
    {
        get => Volatile.Read(ref _places);
        set => Volatile.Write(ref _places, value);
    }

    public RuleRecording?[] ByRule { get; } = new RuleRecording?[rules];
}

/// <summary>What one rule read of the recorded render and what it found there (each finding at the place of its node); null reads when it is never reused.</summary>
internal sealed record RuleRecording(TreeRead[]? Reads, (Diagnostic Diagnostic, int Node)[] Findings)
{
    public static readonly RuleRecording NotReusable = new(null, []);
}

/// <summary>The rules' run over one rendered object: records them (the origin's first render) or replays them (the others).</summary>
internal sealed class ObjectRules(RuleReuse reuse, SourceRef origin)
{
    private OriginRecordings? _recordings;
    private TreePaths? _paths;
    private Func<int, Yaml.YamlNode?>? _nodes;
    private Manifest? _manifest;

    /// <summary>Starts the object's rules; false when this object is not one the rules can be reused for.</summary>
    public bool Begin(WorkspaceSnapshot workspace, WorkspaceFile file, Manifest manifest)
    {
        if (file.Objects.Count != 1 || workspace.RulesConfig.Regexes.AnyExceeded)
        {
            // A List's items share one tree; a pattern that ran out of time makes answers depend on the moment.
            return false;
        }

        var findings = workspace.Findings;
        var place = findings.HasExemptions ? string.Join('\n', file.RelativePath, manifest.Namespace, manifest.Name) : null;
        var key = new OriginKey(origin, manifest.ApiVersion, manifest.Kind, manifest.HasImpliedIdentity, place);
        var count = workspace.EffectiveRules.Count;
        _recordings = reuse.Recordings(key, count, out var made);
        _paths = made ? TreePaths.OnThisThread(manifest.Root) : null;
        _manifest = manifest;
        return true;
    }

    /// <summary>Adds the rule's findings from the recorded render when every read gives the same answer here; false when the rule must run.</summary>
    public bool TryReuse(int rule, List<Diagnostic> output)
    {
        if (_paths is not null || _recordings!.Places is not { } places || Volatile.Read(ref _recordings.ByRule[rule]) is not { Reads: { } reads } recording)
        {
            return false;
        }

        _nodes ??= places.In(_manifest!.Root);
        foreach (var read in reads)
        {
            if (!read.HoldsFor(_nodes(read.Node), _manifest!))
            {
                return false;
            }
        }

        var found = new Diagnostic[recording.Findings.Length];
        for (var i = 0; i < found.Length; i++)
        {
            var (diagnostic, place) = recording.Findings[i];
            if (_nodes(place) is not { } node)
            {
                return false;
            }

            found[i] = node.Span == diagnostic.Span ? diagnostic : diagnostic with { Span = node.Span };
        }

        output.AddRange(found);
        RuleReuse.ReusedOnThisThread++;
        return true;
    }

    /// <summary>A recorder for the rule about to run, when this render records its origin (started: the rule's reads are noted).</summary>
    public ReadRecorder? Record(int rule)
    {
        RuleReuse.RunOnThisThread++;
        if (_paths is null || !reuse.WorthRecording(rule))
        {
            return null;
        }

        var recorder = ReadRecorder.OnThisThread(_paths);
        recorder.Start();
        return recorder;
    }

    /// <summary>Keeps what the rule read and found (the findings added to <paramref name="output"/> from <paramref name="from"/> on).</summary>
    public void Recorded(int rule, ReadRecorder recorder, bool failed, List<Diagnostic> output, int from)
    {
        recorder.Stop();
        var findings = new (Diagnostic, int)[output.Count - from];
        var reusable = !failed && !recorder.Escaped;
        for (var i = 0; reusable && i < findings.Length; i++)
        {
            // Each finding is at a node's span (a node the rule reached), found again in the other renders by its place.
            var place = _paths!.IdAt(output[from + i].Span);
            reusable = place >= 0;
            findings[i] = (output[from + i], place);
        }

        reuse.Count(rule, reusable);
        Volatile.Write(ref _recordings!.ByRule[rule], reusable ? new RuleRecording(recorder.Reads(), findings) : RuleRecording.NotReusable);
    }

    /// <summary>Ends the object's rules: a recorded render's places are kept, and its recordings may now be replayed.</summary>
    public void End()
    {
        if (_paths is not null)
        {
            _recordings!.Places = _paths.Places;
        }
    }
}
