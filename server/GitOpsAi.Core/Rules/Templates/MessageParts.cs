using GitOpsAi.Core.Manifests;

namespace GitOpsAi.Core.Rules.Templates;

/// <summary>
/// An object's <see cref="Manifest.DisplayName"/> written straight into a message ($"{new ObjectName(manifest)} ..."),
/// without a string of its own: the findings every Deployment of a 50,000-resource check gets, rendered ones included,
/// made one for each message (about 49,000 each for replicas-not-spread and priority-class-not-set).
/// </summary>
internal readonly struct ObjectName(Manifest manifest) : ISpanFormattable
{
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        // As DisplayName: the kind and the name, or the kind alone (or "(no kind)") when the object has no name.
        if (manifest.Name is not { } name)
        {
            return Write(destination, manifest.Kind ?? "(no kind)", out charsWritten);
        }

        var kind = manifest.Kind ?? string.Empty;
        charsWritten = 0;
        if (destination.Length < kind.Length + 1 + name.Length)
        {
            return false;
        }

        kind.CopyTo(destination);
        destination[kind.Length] = ' ';
        name.CopyTo(destination[(kind.Length + 1)..]);
        charsWritten = kind.Length + 1 + name.Length;
        return true;
    }

    public string ToString(string? format, IFormatProvider? formatProvider) => manifest.DisplayName;

    public override string ToString() => manifest.DisplayName;

    private static bool Write(Span<char> destination, string text, out int charsWritten)
    {
        var fits = text.TryCopyTo(destination);
        charsWritten = fits ? text.Length : 0;
        return fits;
    }
}

/// <summary>Items written straight into a message with a separator between them (string.Join without its string).</summary>
internal readonly struct Joined(string separator, IReadOnlyList<string> items) : ISpanFormattable
{
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        charsWritten = 0;
        for (var i = 0; i < items.Count; i++)
        {
            if ((i > 0 && !Append(destination, separator, ref charsWritten)) || !Append(destination, items[i], ref charsWritten))
            {
                charsWritten = 0;
                return false;
            }
        }

        return true;
    }

    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    public override string ToString() => string.Join(separator, items);

    private static bool Append(Span<char> destination, string text, ref int charsWritten)
    {
        if (!text.TryCopyTo(destination[charsWritten..]))
        {
            return false;
        }

        charsWritten += text.Length;
        return true;
    }
}
