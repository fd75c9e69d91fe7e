using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.IO;
using GitOpsAi.Core.Manifests;
using GitOpsAi.Core.Text;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Workspace;

/// <summary>One YAML file of the workspace, parsed, with the objects it holds and any problem reading it.</summary>
public sealed class WorkspaceFile
{
    private IReadOnlyList<Manifest>? _objects;
    private string? _relativePath;

    // A rendered object's relative path, made when first asked: its origin's relative path and the rest of its own path
    // after the origin's. It is read only for exemptions and messages; made up front for each of the 150,000 rendered
    // objects at 50k, it was 22 MB of the check's allocations.
    private readonly string? _originRelativePath;
    private readonly int _originPathLength;

    private WorkspaceFile(string path, string? relativePath, YamlFile yaml, IReadOnlyList<Diagnostic> loadDiagnostics, bool isSkipped, string? originRelativePath = null, int originPathLength = 0)
    {
        Path = path;
        _relativePath = relativePath;
        _originRelativePath = originRelativePath;
        _originPathLength = originPathLength;
        Yaml = yaml;
        LoadDiagnostics = loadDiagnostics;
        IsSkipped = isSkipped;
        Manifests = isSkipped ? [] : ManifestReader.Read(yaml, path);
    }

    /// <summary>The absolute path.</summary>
    public string Path { get; }

    /// <summary>The path relative to the workspace root, with forward slashes.</summary>
    public string RelativePath => _relativePath ??= string.Concat(_originRelativePath, Path.AsSpan(_originPathLength));

    public YamlFile Yaml { get; }

    public SourceText Source => Yaml.Source;

    public IReadOnlyList<Manifest> Manifests { get; }

    /// <summary>
    /// The objects the file gives the cluster: <see cref="Manifests"/> with every <c>List</c> (v1 List, ConfigMapList...)
    /// replaced by its items. What rules, policies and cross-object lookups see. None for a cluster snapshot
    /// (<see cref="KubernetesLists.IsClusterSnapshot"/>): live objects are not what the repository asks for.
    /// </summary>
    public IReadOnlyList<Manifest> Objects => _objects ??= KubernetesLists.IsClusterSnapshot(Manifests) ? [] : KubernetesLists.Expand(Manifests);

    /// <summary>Problems reading or decoding the file (unreadable, invalid UTF-8, binary).</summary>
    public IReadOnlyList<Diagnostic> LoadDiagnostics { get; }

    /// <summary>True when the file could not be read or is binary: nothing beyond <see cref="LoadDiagnostics"/> applies.</summary>
    public bool IsSkipped { get; }

    public string Directory => System.IO.Path.GetDirectoryName(Path) ?? Path;

    /// <summary>A file from text in memory; <paramref name="previous"/> (the same file before an edit) lets unchanged documents be reused.</summary>
    public static WorkspaceFile FromText(string path, string root, string text, WorkspaceFile? previous = null) =>
        new(path, RelativeTo(root, path), YamlParser.Parse(new SourceText(text), previous?.IsSkipped == false ? previous.Yaml : null), [], isSkipped: false);

    /// <summary>
    /// A file in memory whose text was parsed already (a rendered object, whose tree is built as it is written), whose path
    /// is its origin file's with a suffix: its relative path is the origin's, <paramref name="originRelativePath"/>, with
    /// the same suffix (see <see cref="Kustomize.RenderedSiblings"/>).
    /// </summary>
    internal static WorkspaceFile FromTree(string path, string originRelativePath, int originPathLength, YamlFile yaml) =>
        new(path, null, yaml, [], isSkipped: false, originRelativePath, originPathLength);

    /// <param name="keepTextOnDisk">Keep an ASCII text on disk, read again when asked for (<see cref="SourceText.KeepOnDisk"/>), rather than in memory as bytes.</param>
    public static WorkspaceFile Load(IFileSystem fileSystem, string path, string root, bool keepTextOnDisk = false)
    {
        var relative = RelativeTo(root, path);
        if (Refusal(fileSystem, path, root) is { } refusal)
        {
            return Skipped(path, relative, refusal);
        }

        byte[] bytes;
        try
        {
            bytes = fileSystem.ReadAllBytes(path);
        }
        catch (Exception exception) when (exception is NotRegularFileException or FileTooLargeException)
        {
            // The file changed between the look and the read.
            return Skipped(path, relative, Refused(exception));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            var reason = exception is UnauthorizedAccessException ? "permission denied" : exception.Message;
            return Skipped(path, relative, CoreDiagnostics.Unreadable.Create(new TextSpan(0, 0), $"Cannot read this file: {reason}."));
        }

        var decoded = TextDecoder.Decode(bytes);
        var diagnostics = decoded.Problem is null ? Array.Empty<Diagnostic>() : [decoded.Problem];
        var yaml = YamlParser.Parse(decoded.Text);

        // A file read from disk is read again by few checks once parsed: its text is kept as bytes (see ReleaseToAscii), or
        // only on disk. Then the one check that reads every file (for generation placeholders) is answered now.
        bool? holdsPlaceholder = null;
        if (keepTextOnDisk && yaml.Source.KeepOnDisk(bytes, () => fileSystem.ReadAllBytes(path), relative))
        {
            holdsPlaceholder = Generation.Placeholders.ContainsMarker(bytes);
        }
        else
        {
            yaml.Source.ReleaseToAscii(bytes);
        }

        return new WorkspaceFile(path, relative, yaml, diagnostics, decoded.IsBinary) { HoldsPlaceholder = holdsPlaceholder };
    }

    /// <summary>
    /// Whether the file's text holds a generation placeholder, when the loader looked (a text kept on disk); else null, and
    /// the text is searched when asked (<see cref="Generation.Placeholders.Contains(SourceText)"/>).
    /// </summary>
    internal bool? HoldsPlaceholder { get; private init; }

    /// <summary>A file whose loading failed because of a defect in GitOpsAi.</summary>
    public static WorkspaceFile Failed(string path, string root, Exception exception)
    {
        var relative = RelativeTo(root, path);
        return Skipped(path, relative, Analysis.InternalErrors.Create(relative, "the YAML parser", exception));
    }

    /// <summary>A folder the walk could not list: one finding, so its files are not silently unchecked.</summary>
    public static WorkspaceFile UnlistableFolder(string path, string root, string reason) =>
        Skipped(path, RelativeTo(root, path), CoreDiagnostics.Unreadable.Create(new TextSpan(0, 0), $"Cannot list this folder ({reason}); the files in it were not checked."));

    /// <summary>Why the path must not be opened: not a regular file, a link leading outside the root, or too large.</summary>
    private static Diagnostic? Refusal(IFileSystem fileSystem, string path, string root)
    {
        var facts = fileSystem.Inspect(path);
        if (facts.Kind is FileKind.Fifo or FileKind.CharacterDevice or FileKind.BlockDevice or FileKind.Socket or FileKind.Other)
        {
            return Refused(new NotRegularFileException(path, facts));
        }

        if (LeadsOutside(path, facts, root))
        {
            return CoreDiagnostics.OutsideRoot.Create(new TextSpan(0, 0), "This path leads through a symlink outside the repository; it was not read.");
        }

        return facts.Kind == FileKind.Regular && facts.Length > FileLimits.MaxFileBytes ? Refused(new FileTooLargeException(path, FileLimits.MaxFileBytes)) : null;
    }

    private static Diagnostic Refused(Exception exception) => exception switch
    {
        NotRegularFileException notRegular => CoreDiagnostics.NotRegularFile.Create(new TextSpan(0, 0),
            $"This path is {notRegular.Facts.KindDescription}{(notRegular.Facts.LinkTarget is null ? "" : " (through a symlink)")}, not a regular file; it was not opened."),
        FileTooLargeException tooLarge => CoreDiagnostics.FileOverLimit.Create(new TextSpan(0, 0),
            $"This file is larger than {tooLarge.Limit / (1024 * 1024)} MB, the most GitOpsAi reads; it was not checked."),
        _ => throw new ArgumentException("not a refusal", nameof(exception)),
    };

    /// <summary>
    /// True when a path written inside the root really lies outside it: the file is a symlink out, or one of its folders
    /// is (an editor may name a file under a linked folder the walk never enters). Paths outside the root to begin
    /// with are not this check's business.
    /// </summary>
    private static bool LeadsOutside(string path, FileFacts facts, string root)
    {
        if (!PathConfinement.IsUnder(path, root))
        {
            return false;
        }

        var realRoot = RealPathOf(root);
        var real = facts.LinkTarget ?? System.IO.Path.Combine(RealPathOf(System.IO.Path.GetDirectoryName(path) ?? root), System.IO.Path.GetFileName(path));
        return !PathConfinement.IsUnder(real, realRoot);
    }

    // Real paths of roots and folders, resolved once each: a repository has far fewer folders than files. A fixed number of
    // locks, and the size asked only for a folder not yet resolved: Count takes every lock, and grown with the table (to
    // 1,024 for 35,000 folders) they were taken twice per file loaded, 7 % of a 43,000-file Argo CD repository's check,
    // the load phase's CPU per file growing with the repository.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> RealPaths = new(Environment.ProcessorCount, 1024, StringComparer.Ordinal);

    private static string RealPathOf(string directory)
    {
        if (RealPaths.TryGetValue(directory, out var real))
        {
            return real;
        }

        // Bounded: a long-running server sees folders come and go.
        if (RealPaths.Count > 100_000)
        {
            RealPaths.Clear();
        }

        return RealPaths.GetOrAdd(directory, PathConfinement.RealPath);
    }

    private static WorkspaceFile Skipped(string path, string relative, Diagnostic problem) =>
        new(path, relative, YamlParser.Parse(string.Empty), [problem], isSkipped: true);

    public static string RelativeTo(string root, string path)
    {
        var relative = System.IO.Path.GetRelativePath(root, path);
        return relative.Replace('\\', '/');
    }

    public override string ToString() => RelativePath;
}
