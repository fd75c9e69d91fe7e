using System.Buffers;
using System.Text;
using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Text;

namespace GitOpsAi.Core.IO;

/// <summary>The text of a file and any problem found while decoding it.</summary>
public sealed record DecodedText(string Text, Diagnostic? Problem, bool IsBinary);

/// <summary>
/// Bytes to text: UTF-8 (a BOM is dropped), UTF-16 when it has a BOM. Invalid UTF-8 is decoded with replacement
/// characters and reported where the first bad byte is; files with NUL bytes are binary and skipped.
/// </summary>
public static class TextDecoder
{
    private static readonly UTF8Encoding Lenient = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    public static DecodedText Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF)))
        {
            var encoding = bytes[0] == 0xFF ? Encoding.Unicode : Encoding.BigEndianUnicode;
            return new DecodedText(encoding.GetString(bytes[2..]), null, false);
        }

        if (bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF)
        {
            bytes = bytes[3..];
        }

        if (bytes[..Math.Min(bytes.Length, 8000)].IndexOf((byte)0) >= 0)
        {
            return new DecodedText(string.Empty, CoreDiagnostics.BinaryFile.Create(new TextSpan(0, 0), "This file contains NUL bytes: it is binary, not YAML, and was skipped."), true);
        }

        if (System.Text.Unicode.Utf8.IsValid(bytes))
        {
            return new DecodedText(Encoding.UTF8.GetString(bytes), null, false);
        }

        var validPrefix = ValidPrefixLength(bytes);
        var text = Lenient.GetString(bytes);
        var offset = Encoding.UTF8.GetCharCount(bytes[..validPrefix]);
        var problem = CoreDiagnostics.InvalidEncoding.Create(new TextSpan(offset, 1),
            $"This file is not valid UTF-8 (byte 0x{bytes[validPrefix]:X2} at byte offset {validPrefix}); Kubernetes tools require UTF-8. Re-save it as UTF-8.");
        return new DecodedText(text, problem, false);
    }

    private static int ValidPrefixLength(ReadOnlySpan<byte> bytes)
    {
        var status = System.Text.Unicode.Utf8.ToUtf16(bytes, new char[bytes.Length].AsSpan(), out var read, out _, replaceInvalidSequences: false);
        return status == OperationStatus.InvalidData ? read : bytes.Length;
    }
}
