using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;

namespace GitOpsAi.Core.Text;

/// <summary>
/// A text's 128-bit hash and length: what a memo of answers per rendered text is keyed by instead of the text, so it
/// does not keep every text alive (150,000 rendered objects of a 50,000-resource repository are 200 MB of text, most
/// of them seen once). Two different texts share a fingerprint with a probability of about n² / 2¹²⁹: never, in practice.
/// </summary>
internal readonly record struct TextFingerprint(UInt128 Hash, int Length)
{
    public static TextFingerprint Of(string text) => new(XxHash128.HashToUInt128(MemoryMarshal.AsBytes(text.AsSpan())), text.Length);

    /// <summary>The fingerprint <see cref="Of(string)"/> gives the builder's text, hashed chunk by chunk (no string made).</summary>
    public static TextFingerprint Of(StringBuilder text)
    {
        var hash = CachedHash ??= new XxHash128();
        hash.Reset();
        foreach (var chunk in text.GetChunks())
        {
            hash.Append(MemoryMarshal.AsBytes(chunk.Span));
        }

        return new TextFingerprint(hash.GetCurrentHashAsUInt128(), text.Length);
    }

    [ThreadStatic]
    private static XxHash128? CachedHash;
}
