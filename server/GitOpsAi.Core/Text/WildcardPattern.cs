using System.Collections.Concurrent;

namespace GitOpsAi.Core.Text;

/// <summary>
/// Glob matching with <c>*</c> (any run of characters) and <c>?</c> (any one character), in time linear in the text:
/// the pattern is split at its stars, the first piece must start the text, the last must end it, and each middle piece
/// is found leftmost with a bit-parallel (Shift-And) search. A backtracking matcher is quadratic, and both the pattern
/// (a Kyverno policy, rules.yaml) and the text (a resource) come from the repository.
/// </summary>
public static class WildcardPattern
{
    private static readonly ConcurrentDictionary<string, Compiled> Cache = new(StringComparer.Ordinal);

    public static bool HasWildcards(string pattern) => pattern.AsSpan().IndexOfAny('*', '?') >= 0;

    public static bool IsMatch(string pattern, string text)
    {
        if (!HasWildcards(pattern))
        {
            return string.Equals(pattern, text, StringComparison.Ordinal);
        }

        if (!Cache.TryGetValue(pattern, out var compiled))
        {
            compiled = new Compiled(pattern);
            if (Cache.Count < 10_000)
            {
                Cache.TryAdd(pattern, compiled);
            }
        }

        return compiled.IsMatch(text);
    }

    private sealed class Compiled
    {
        private readonly Piece[] _pieces;

        public Compiled(string pattern) => _pieces = pattern.Split('*').Select(p => new Piece(p)).ToArray();

        public bool IsMatch(ReadOnlySpan<char> text)
        {
            var first = _pieces[0];
            if (_pieces.Length == 1)
            {
                return text.Length == first.Length && first.MatchesAt(text, 0);
            }

            var last = _pieces[^1];
            if (text.Length < first.Length + last.Length || !first.MatchesAt(text, 0) || !last.MatchesAt(text, text.Length - last.Length))
            {
                return false;
            }

            var position = first.Length;
            var middle = text[..(text.Length - last.Length)];
            for (var i = 1; i < _pieces.Length - 1; i++)
            {
                var found = _pieces[i].FindFrom(middle, position);
                if (found < 0)
                {
                    return false;
                }

                position = found + _pieces[i].Length;
            }

            return true;
        }
    }

    /// <summary>A star-free piece of the pattern; <c>?</c> matches any character.</summary>
    private sealed class Piece
    {
        private readonly string _text;
        private readonly int _words;
        private readonly ulong[] _wild;
        private readonly Dictionary<char, ulong[]> _masks = [];

        public Piece(string text)
        {
            _text = text;
            _words = (text.Length + 63) / 64;
            _wild = new ulong[_words];
            for (var i = 0; i < text.Length; i++)
            {
                if (text[i] == '?')
                {
                    _wild[i / 64] |= 1UL << (i % 64);
                }
                else
                {
                    if (!_masks.TryGetValue(text[i], out var mask))
                    {
                        _masks[text[i]] = mask = new ulong[_words];
                    }

                    mask[i / 64] |= 1UL << (i % 64);
                }
            }
        }

        public int Length => _text.Length;

        public bool MatchesAt(ReadOnlySpan<char> text, int start)
        {
            for (var i = 0; i < _text.Length; i++)
            {
                if (_text[i] != '?' && _text[i] != text[start + i])
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>The leftmost start at or after <paramref name="from"/> where the piece matches, or -1 (Shift-And, O(n·⌈m/64⌉)).</summary>
        public int FindFrom(ReadOnlySpan<char> text, int from)
        {
            if (_text.Length == 0)
            {
                return from;
            }

            var state = new ulong[_words];
            var lastWord = (_text.Length - 1) / 64;
            var lastBit = 1UL << ((_text.Length - 1) % 64);
            for (var t = from; t < text.Length; t++)
            {
                _masks.TryGetValue(text[t], out var mask);
                var carry = 1UL;
                for (var w = 0; w < _words; w++)
                {
                    var shifted = (state[w] << 1) | carry;
                    carry = state[w] >> 63;
                    state[w] = shifted & ((mask?[w] ?? 0) | _wild[w]);
                }

                if ((state[lastWord] & lastBit) != 0)
                {
                    return t - _text.Length + 1;
                }
            }

            return -1;
        }
    }
}
