namespace GitOpsAi.Core.Kustomize;

/// <summary>
/// How the render writer last wrote a string, remembered by the string: the overlays of a base write the same keys
/// and values (shared keys, the base's values) again and again, and deciding each time whether the text may
/// stay plain (<c>IsPlainSafe</c>, the YAML 1.1 words, quoting) and sharing the tree's string was about a fifth of the
/// writer's CPU at 50,000 resources. A hit is a string equal to the one remembered (ordinal), so it is exact: the
/// decision depends on the characters only. One table per thread, one slot per hash, bounded: a slot is simply taken
/// over by the next string that lands on it. What the writer checks of a string for its tree (whether it reads back,
/// whether it is a block) is decided with it: asked of every value, it was 3% of the writer at 50,000 resources.
/// </summary>
internal sealed class WrittenScalars
{
    internal const int Slots = 4096;

    /// <summary>A string as written: its text, whether it is quoted, and the string the tree holds for it.</summary>
    internal readonly record struct Written(string Value, string Text, bool Quoted, string TreeValue)
    {
        /// <summary>Quoted with characters a reader may not read back as written: no tree stands for the text.</summary>
        public bool ReadsBackOtherwise { get; init; }

        /// <summary>A value written as a literal block (several lines): <see cref="Text"/> and <see cref="Quoted"/> are unused.</summary>
        public bool IsBlock { get; init; }
    }

    private readonly Written[] _slots = new Written[Slots];

    [ThreadStatic]
    private static WrittenScalars? _keys;

    [ThreadStatic]
    private static WrittenScalars? _values;

    [ThreadStatic]
    private static WrittenScalars? _notStrings;

    /// <summary>This thread's table for mapping keys.</summary>
    public static WrittenScalars Keys => _keys ??= new WrittenScalars();

    /// <summary>This thread's table for string values.</summary>
    public static WrittenScalars Values => _values ??= new WrittenScalars();

    /// <summary>
    /// This thread's table for numbers and booleans: written as their value whatever their type, so the value decides
    /// (a null is written <c>null</c>, not remembered here). Sharing the tree's string for each was a pool lookup.
    /// </summary>
    public static WrittenScalars NotStrings => _notStrings ??= new WrittenScalars();

    /// <summary>How many lookups found their string (tests).</summary>
    internal int Hits { get; private set; }

    /// <summary>
    /// How <paramref name="value"/> is written: remembered when an equal string was written last in its slot, else
    /// <paramref name="decide"/>'s answer, remembered.
    /// </summary>
    public Written Get(string value, Func<string, Written> decide)
    {
        ref var slot = ref _slots[SlotOf(value)];
        if (string.Equals(slot.Value, value, StringComparison.Ordinal))
        {
            Hits++;
            return slot;
        }

        var written = decide(value);
        slot = written;
        return written;
    }

    /// <summary>
    /// A slot from the length and five of the characters: cheaper than hashing every character (or the identity hash,
    /// whose slow path took most of a first version's time), and a collision only costs a decision made again.
    /// </summary>
    private static int SlotOf(string value)
    {
        var length = value.Length;
        if (length == 0)
        {
            return 0;
        }

        var hash = (uint)length * 0x9E3779B1u;
        hash = (hash ^ value[0]) * 0x85EBCA77u;
        hash = (hash ^ value[length >> 2]) * 0xC2B2AE3Du;
        hash = (hash ^ value[length >> 1]) * 0x27D4EB2Fu;
        hash = (hash ^ value[(3 * length) >> 2]) * 0x165667B1u;
        hash = (hash ^ value[length - 1]) * 0x9E3779B1u;
        return (int)(hash >> 20) & (Slots - 1);
    }
}
