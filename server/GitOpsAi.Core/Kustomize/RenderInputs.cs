using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using GitOpsAi.Core.IO;
using GitOpsAi.Core.Manifests;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Kustomize;

/// <summary>
/// The files a render reads: the workspace's parsed files first (so unsaved editor buffers count), the disk for the
/// rest. Every path is confined to the repository root before the file system is asked anything about it.
/// </summary>
internal sealed class RenderInputs(string root, IFileSystem fileSystem, IReadOnlyDictionary<string, WorkspaceFile>? files)
{
    // Every render of a snapshot made its own set of the snapshot's folders: at 50,000 resources that walk was a third
    // of the CLI's CPU. A snapshot's file map never changes once made, so its folders are found once per map.
    private static readonly ConditionalWeakTable<IReadOnlyDictionary<string, WorkspaceFile>, HashSet<string>> FoldersByFiles = new();
    private static readonly HashSet<string> NoFolders = new(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<string, WorkspaceFile> _loaded = new(StringComparer.Ordinal);

    public string Root { get; } = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));

    public IFileSystem FileSystem => fileSystem;

    public string? Resolve(string directory, string relative) => RepositoryPaths.Resolve(Root, directory, relative);

    /// <remarks>
    /// A folder that holds workspace files is no file: the disk is not asked (every base an overlay lists is tested as a
    /// file before it is found to be a folder, and those lstat calls were 4% of rendering a 50,000-resource monorepo).
    /// </remarks>
    public bool FileExists(string path) => files?.ContainsKey(path) == true || (!HoldsWorkspaceFiles(path) && fileSystem.FileExists(path));

    public bool DirectoryExists(string path) => Directories().Contains(Path.TrimEndingDirectorySeparator(path)) || fileSystem.DirectoryExists(path);

    /// <summary>True when a workspace file is in the folder or below it.</summary>
    public bool HoldsWorkspaceFiles(string directory) => Directories().Contains(Path.TrimEndingDirectorySeparator(directory));

    /// <summary>The kustomization file of a folder, if it has one.</summary>
    public string? KustomizationIn(string directory)
    {
        foreach (var name in ManifestReader.KustomizationFileNames)
        {
            var candidate = Path.Combine(directory, name);
            if (FileExists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>A YAML file, parsed (from the workspace when it holds it).</summary>
    public WorkspaceFile Yaml(string path)
    {
        var file = Holding(path);
        Dependencies[path] = file;
        return file;
    }

    /// <summary>
    /// The file that holds text this render took from a file it read already (an inline patch of a kustomization or of the
    /// Flux Kustomization rendered), not counted as read again: a Flux Kustomization's render reads its own file only
    /// through its own document (see <see cref="RootReads"/>).
    /// </summary>
    public WorkspaceFile Holding(string path) =>
        files?.GetValueOrDefault(path) ?? _loaded.GetOrAdd(path, p => WorkspaceFile.Load(fileSystem, p, Root));

    /// <summary>
    /// Every YAML file this render read, as it was: a cached render stays valid while all are unchanged. A plain
    /// dictionary: a render runs on one thread and its result is only read once it is made. The concurrent one took a
    /// lock for every file added, and those locks were 14% of rendering a 50,000-resource monorepo (issue 13).
    /// </summary>
    public Dictionary<string, WorkspaceFile> Dependencies { get; } = new(StringComparer.Ordinal);

    /// <summary>The text of a YAML file already read by this render (never reads anything new).</summary>
    public Text.SourceText? SourceOf(string path) =>
        files?.GetValueOrDefault(path)?.Source ?? (_loaded.TryGetValue(path, out var file) ? file.Source : null);

    /// <summary>A data file's text (generator input); null when it cannot be read.</summary>
    public string? Text(string path)
    {
        if (files?.GetValueOrDefault(path) is { IsSkipped: false } open)
        {
            return open.Source.Text;
        }

        try
        {
            return TextDecoder.Decode(fileSystem.ReadAllBytes(path)).Text;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private HashSet<string> Directories() => files is null ? NoFolders : FoldersByFiles.GetValue(files, FoldersOf);

    private static HashSet<string> FoldersOf(IReadOnlyDictionary<string, WorkspaceFile> files)
    {
        var directories = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in files.Keys)
        {
            for (var directory = Path.GetDirectoryName(path); directory is not null && directories.Add(directory); directory = Path.GetDirectoryName(directory))
            {
            }
        }

        return directories;
    }
}
