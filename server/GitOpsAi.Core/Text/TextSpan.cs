namespace GitOpsAi.Core.Text;

/// <summary>A range of UTF-16 code units in a document's text: the unit every core result is positioned in.</summary>
public readonly record struct TextSpan(int Start, int Length)
{
    public int End => Start + Length;

    public static TextSpan FromBounds(int start, int end) => new(start, Math.Max(0, end - start));

    public bool Contains(int offset) => offset >= Start && offset < End;

    /// <summary>True when <paramref name="offset"/> is inside the span or right after its last character (a cursor at the end).</summary>
    public bool ContainsOrTouches(int offset) => offset >= Start && offset <= End;

    public bool OverlapsWith(TextSpan other) => Start < other.End && other.Start < End || (Length == 0 && other.ContainsOrTouches(Start));

    public TextSpan Shift(int delta) => new(Start + delta, Length);

    public override string ToString() => $"[{Start}..{End})";
}
