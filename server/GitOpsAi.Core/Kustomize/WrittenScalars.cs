using System.Runtime.CompilerServices;

namespace GitOpsAi.Core.Kustomize;

/// <summary>
/// How the render writer last wrote a string, remembered by the string instance: the overlays of a base write the same
/// key and value instances (shared keys, the base's values) again and again, and deciding each time whether the text may
/// stay plain (<c>IsPlainSafe</c>, the YAML 1.1 words, quoting) and sharing the tree's string was about a fifth of the
/// writer's CPU at 50,000 resources. Keyed by reference, so a hit is exact whatever the string holds (strings do not
/// change); an equal string that is another instance is decided again. One table per thread, one slot per hash, bounded:
/// a slot is simply taken over by the next string that lands on it.
/// </summary>
internal sealed class WrittenScalars
{
    internal const int Slots = 4096;

    /// <summary>A string as written: its text, whether it is quoted, and the string the tree holds for it.</summary>
    internal readonly record struct Written(string Value, string Text, bool Quoted, string TreeValue);

    private readonly Written[] _slots = new Written[Slots];

    [ThreadStatic]
    private static WrittenScalars? _keys;

    [ThreadStatic]
    private static WrittenScalars? _values;

    /// <summary>This thread's table for mapping keys.</summary>
    public static WrittenScalars Keys => _keys ??= new WrittenScalars();

    /// <summary>This thread's table for string values.</summary>
    public static WrittenScalars Values => _values ??= new WrittenScalars();

    /// <summary>How many lookups found their string (tests).</summary>
    internal int Hits { get; private set; }

    /// <summary>
    /// How <paramref name="value"/> is written: remembered when this very instance was written last in its slot, else
    /// <paramref name="decide"/>'s answer, remembered.
    /// </summary>
    public Written Get(string value, Func<string, Written> decide)
    {
        ref var slot = ref _slots[RuntimeHelpers.GetHashCode(value) & (Slots - 1)];
        if (ReferenceEquals(slot.Value, value))
        {
            Hits++;
            return slot;
        }

        var written = decide(value);
        slot = written;
        return written;
    }
}
