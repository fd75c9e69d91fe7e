using System.Collections;

namespace GitOpsAi.Core.Rules.Templates;

/// <summary>A read-only list that is several lists one after another, without copying them.</summary>
internal sealed class Segments<T>(IReadOnlyList<T>[] parts) : IReadOnlyList<T>
{
    public int Count { get; } = parts.Sum(p => p.Count);

    public T this[int index]
    {
        get
        {
            foreach (var part in parts)
            {
                if (index < part.Count)
                {
                    return part[index];
                }

                index -= part.Count;
            }

            throw new ArgumentOutOfRangeException(nameof(index));
        }
    }

    public IEnumerator<T> GetEnumerator()
    {
        foreach (var part in parts)
        {
            foreach (var item in part)
            {
                yield return item;
            }
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
