using GitOpsAi.Core.Manifests;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Rules.Reuse;

internal enum ReadKind : byte
{
    /// <summary>A key looked up in a mapping: found at which pair (and what the pair holds), or not.</summary>
    Lookup,

    /// <summary>A mapping's pairs enumerated: how many, and what each holds.</summary>
    Pairs,

    /// <summary>A sequence's items enumerated: how many, and what each is.</summary>
    Items,

    /// <summary>A scalar's value, style and tag.</summary>
    Scalar,

    /// <summary>The object's name (<see cref="Manifest.Name"/>).</summary>
    Name,

    /// <summary>The object's namespace (<see cref="Manifest.Namespace"/>).</summary>
    Namespace,
}

/// <summary>One thing a rule learned from the object: what it asked (<paramref name="Kind"/> of the node at place <paramref name="Node"/>, with <paramref name="Key"/>) and what it got.</summary>
internal readonly record struct TreeRead(ReadKind Kind, int Node, string? Key, int Result, string? Text)
{
    /// <summary>Whether asking the same of <paramref name="node"/> (in another render) gets the same answer.</summary>
    public bool HoldsFor(YamlNode? node, Manifest manifest) => Kind switch
    {
        ReadKind.Lookup => node is YamlMapping mapping && ReadRecorder.Lookup(mapping, Key!) == Result,
        ReadKind.Pairs => node is YamlMapping mapping && mapping.Pairs.Count == Result && ReadRecorder.HasShapes(mapping, Text!),
        ReadKind.Items => node is YamlSequence sequence && sequence.Items.Count == Result && ReadRecorder.HasShapes(sequence, Text!),
        ReadKind.Scalar => node is YamlScalar scalar && scalar.UnrecordedValue == Text && (int)scalar.Style == Result && scalar.Tag == Key,
        ReadKind.Name => manifest.Name == Text,
        ReadKind.Namespace => manifest.Namespace == Text,
        _ => false,
    };
}

/// <summary>
/// Notes what one rule reads of the object it checks (only while it checks a rendered object): every lookup, hit or
/// miss, every mapping and sequence it enumerates, every scalar it reads, and whether it looked outside the object
/// (the file, the workspace, the text), which makes its findings depend on more than the object. Off everywhere
/// else: the tree's accessors ask <see cref="Current"/>, which is one static field read while no recorder runs.
/// </summary>
internal sealed class ReadRecorder
{
    [ThreadStatic]
    private static ReadRecorder? t_current;

    /// <summary>How many recorders run now, on any thread (the cheap test before the thread's own recorder).</summary>
    private static int s_recording;

    [ThreadStatic]
    private static ReadRecorder? t_spare;

    // One per thread, reused rule after rule: a recorder per rule run (and its growing lists) was most of its cost.
    private readonly List<TreeRead> _reads = new(64);
    private TreePaths _paths = null!;

    private ReadRecorder()
    {
    }

    /// <summary>This thread's recorder, emptied, for a rule about to check the object of <paramref name="paths"/>.</summary>
    public static ReadRecorder OnThisThread(TreePaths paths)
    {
        var recorder = t_spare ??= new ReadRecorder();
        recorder._paths = paths;
        recorder._reads.Clear();
        recorder.Escaped = false;
        return recorder;
    }

    /// <summary>The recorder of the rule running on this thread, or null.</summary>
    internal static ReadRecorder? Current => s_recording == 0 ? null : t_current;

    /// <summary>True once the rule read something that is not the object's tree (or a node reached twice).</summary>
    public bool Escaped { get; private set; }

    /// <summary>What the rule read, each question once.</summary>
    public TreeRead[] Reads() => [.. _reads];

    /// <summary>Makes this the recorder of the rule about to run on this thread, until <see cref="Stop"/>.</summary>
    public void Start()
    {
        Interlocked.Increment(ref s_recording);
        t_current = this;
    }

    /// <summary>Stops recording (once; a second call does nothing).</summary>
    public void Stop()
    {
        if (ReferenceEquals(t_current, this))
        {
            t_current = null;
            Interlocked.Decrement(ref s_recording);
        }
    }

    public void Read(YamlScalar scalar)
    {
        if (Ask(ReadKind.Scalar, scalar, null) is var id and >= 0)
        {
            _reads.Add(new TreeRead(ReadKind.Scalar, id, scalar.Tag, (int)scalar.Style, scalar.UnrecordedValue));
            t_current = this;
        }
    }

    public void LookedUp(YamlMapping mapping, string key)
    {
        if (Ask(ReadKind.Lookup, mapping, key) is var id and >= 0)
        {
            var result = Lookup(mapping, key);
            if (result >= 0)
            {
                var index = result / 32;
                _paths.Reached(mapping.Pairs[index].Key, id, TreePaths.PairStep(index, value: false));
                _paths.Reached(mapping.Pairs[index].Value, id, TreePaths.PairStep(index, value: true));
            }

            _reads.Add(new TreeRead(ReadKind.Lookup, id, key, result, null));
            t_current = this;
        }
    }

    public void Enumerated(YamlMapping mapping)
    {
        if (Ask(ReadKind.Pairs, mapping, null) is var id and >= 0)
        {
            var pairs = mapping.Pairs;
            for (var i = 0; i < pairs.Count; i++)
            {
                _paths.Reached(pairs[i].Key, id, TreePaths.PairStep(i, value: false));
                _paths.Reached(pairs[i].Value, id, TreePaths.PairStep(i, value: true));
            }

            _reads.Add(new TreeRead(ReadKind.Pairs, id, null, pairs.Count, Shapes(mapping)));
            t_current = this;
        }
    }

    public void Enumerated(YamlSequence sequence)
    {
        if (Ask(ReadKind.Items, sequence, null) is var id and >= 0)
        {
            var items = sequence.Items;
            for (var i = 0; i < items.Count; i++)
            {
                _paths.Reached(items[i], id, i);
            }

            _reads.Add(new TreeRead(ReadKind.Items, id, null, items.Count, Shapes(sequence)));
            t_current = this;
        }
    }

    /// <summary>The object's name or namespace was read (its identity: the same tree gives the same, so it is read from the manifest).</summary>
    public void Identity(ReadKind kind, string? value)
    {
        if (!Asked(kind, 0, null))
        {
            _reads.Add(new TreeRead(kind, 0, null, 0, value));
        }
    }

    /// <summary>The rule read what is not the object: its findings are not reused.</summary>
    public void Escape() => Escaped = true;

    /// <summary>
    /// The place of the node a new question is about, with the recorder off until the answer is noted (the answer's own
    /// reads of the tree are not the rule's; the caller turns it back on); -1 when asked before or not about a place.
    /// </summary>
    private int Ask(ReadKind kind, YamlNode node, string? key)
    {
        var id = _paths.IdOf(node);
        if (id < 0)
        {
            Escaped = true;
            return -1;
        }

        if (Asked(kind, id, key))
        {
            return -1;
        }

        t_current = null;
        return id;
    }

    /// <summary>
    /// Whether the rule asked this before (its answer is noted): looked through, not hashed, as a rule asks a few dozen
    /// questions; past <see cref="Deduplicated"/> a question asked again is noted again (a longer replay, never a wrong one).
    /// </summary>
    private bool Asked(ReadKind kind, int node, string? key)
    {
        var count = Math.Min(_reads.Count, Deduplicated);
        for (var i = 0; i < count; i++)
        {
            var read = _reads[i];
            if (read.Node == node && read.Kind == kind && (kind != ReadKind.Lookup || string.Equals(read.Key, key, StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }

    private const int Deduplicated = 128;

    /// <summary>Where <paramref name="key"/> is among the mapping's pairs and what that pair holds, or -1: what a lookup learns.</summary>
    internal static int Lookup(YamlMapping mapping, string key)
    {
        var pairs = mapping.Pairs;
        for (var i = 0; i < pairs.Count; i++)
        {
            if (pairs[i].Key is YamlScalar scalar && scalar.UnrecordedValue == key)
            {
                return i * 32 + Shape(pairs[i]);
            }
        }

        return -1;
    }

    /// <summary>What each pair holds (the kinds of key and value, merged or not), one character per pair.</summary>
    internal static string Shapes(YamlMapping mapping) => string.Create(mapping.Pairs.Count, mapping, static (chars, m) =>
    {
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = (char)('A' + Shape(m.Pairs[i]));
        }
    });

    /// <summary>Whether the mapping's pairs hold what <paramref name="shapes"/> says (<see cref="Shapes(YamlMapping)"/>, without making it).</summary>
    internal static bool HasShapes(YamlMapping mapping, string shapes)
    {
        var pairs = mapping.Pairs;
        for (var i = 0; i < pairs.Count; i++)
        {
            if (shapes[i] != (char)('A' + Shape(pairs[i])))
            {
                return false;
            }
        }

        return true;
    }

    internal static bool HasShapes(YamlSequence sequence, string shapes)
    {
        var items = sequence.Items;
        for (var i = 0; i < items.Count; i++)
        {
            if (shapes[i] != (char)('A' + KindOf(items[i])))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>What each item is, one character per item.</summary>
    internal static string Shapes(YamlSequence sequence) => string.Create(sequence.Items.Count, sequence, static (chars, s) =>
    {
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = (char)('A' + KindOf(s.Items[i]));
        }
    });

    private static int Shape(YamlPair pair) => KindOf(pair.Key) + 4 * KindOf(pair.Value) + (pair.IsMerged ? 16 : 0);

    private static int KindOf(YamlNode node) => node switch
    {
        YamlScalar => 0,
        YamlMapping => 1,
        YamlSequence => 2,
        _ => 3,
    };
}
