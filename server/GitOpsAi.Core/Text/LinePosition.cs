namespace GitOpsAi.Core.Text;

/// <summary>A zero-based line and a zero-based column counted in UTF-16 code units (what LSP calls a Position).</summary>
public readonly record struct LinePosition(int Line, int Character) : IComparable<LinePosition>
{
    public int CompareTo(LinePosition other) => Line != other.Line ? Line.CompareTo(other.Line) : Character.CompareTo(other.Character);

    public override string ToString() => $"{Line}:{Character}";
}

/// <summary>The start and end of a span as line positions.</summary>
public readonly record struct LineRange(LinePosition Start, LinePosition End);
