namespace GitOpsAi.Core.Text;

/// <summary>
/// Where two versions of a text differ: from <see cref="Start"/> to <see cref="OldEnd"/> in the first, to
/// <see cref="NewEnd"/> in the second (what lies between their longest common prefix and longest common suffix).
/// </summary>
public readonly record struct ChangedRange(int Start, int OldEnd, int NewEnd)
{
    public static ChangedRange Between(string before, string after)
    {
        var start = before.AsSpan().CommonPrefixLength(after);
        var oldEnd = before.Length;
        var newEnd = after.Length;

        // The common suffix compared a block at a time (vectorised), then character by character in the block that
        // differs: a keystroke in the middle of a 10,000-line file compares half of it.
        const int Block = 256;
        while (oldEnd - start >= Block && newEnd - start >= Block && before.AsSpan(oldEnd - Block, Block).SequenceEqual(after.AsSpan(newEnd - Block, Block)))
        {
            oldEnd -= Block;
            newEnd -= Block;
        }

        while (oldEnd > start && newEnd > start && before[oldEnd - 1] == after[newEnd - 1])
        {
            oldEnd--;
            newEnd--;
        }

        return new ChangedRange(start, oldEnd, newEnd);
    }
}
