using GitOpsAi.Core.Text;

namespace GitOpsAi.Core.Kustomize;

/// <summary>
/// What changed in a repository (since a Git ref, say): per changed file (full path), the spans that changed, or null
/// when the whole file counts as changed (a new file, or one that is not YAML, like a generator's .env input).
/// </summary>
public sealed class SourceChange(IReadOnlyDictionary<string, IReadOnlyList<TextSpan>?> files)
{
    public IReadOnlyCollection<string> Files => (IReadOnlyCollection<string>)files.Keys;

    /// <summary>True when the file <paramref name="path"/> changed at all.</summary>
    public bool TouchesFile(string path) => files.ContainsKey(path);

    /// <summary>True when the changed text of the file overlaps <paramref name="source"/>.</summary>
    public bool Touches(SourceRef source) =>
        files.TryGetValue(source.Path, out var spans) && (spans is null || spans.Any(span => span.OverlapsWith(source.Span)));

    /// <summary>True when a changed file lies in <paramref name="folder"/> or below it.</summary>
    public bool TouchesFileUnder(string folder)
    {
        var prefix = Path.TrimEndingDirectorySeparator(folder) + Path.DirectorySeparatorChar;
        return files.Keys.Any(path => path.StartsWith(prefix, StringComparison.Ordinal));
    }
}
