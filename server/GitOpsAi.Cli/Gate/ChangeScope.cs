using System.Diagnostics;
using GitOpsAi.Core.Kustomize;
using GitOpsAi.Core.Text;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Cli.Gate;

/// <summary>
/// Which findings a change touches, for <c>--changed-since</c>: an object counts as changed when its own text changed
/// in its file (<see cref="GitChangeScope"/>); findings that exist only in rendered output follow the rendered objects
/// the change touches (<see cref="RenderedChangeScope"/>).
/// </summary>
internal interface IChangeScope
{
    /// <param name="objectIdentity">The object the finding is in (<see cref="FindingKey.Object"/>), "" outside any object.</param>
    bool Includes(string relativePath, string objectIdentity);
}

/// <summary>
/// Changes since a Git ref, read with the git CLI: files that differ from the ref in the working tree (committed or
/// not) and untracked files. Within a changed file, only objects whose text differs from the ref (or that are new) count;
/// a finding outside any object counts whenever its file changed.
/// </summary>
internal sealed class GitChangeScope : IChangeScope
{
    // Per changed file: the identities of the changed objects, or null when the whole file is new.
    private readonly Dictionary<string, HashSet<string>?> _changed;

    private GitChangeScope(string root, Dictionary<string, HashSet<string>?> changed, IReadOnlyList<string> changedAnyFiles)
    {
        Root = root;
        _changed = changed;
        ChangedAnyFiles = changedAnyFiles;
    }

    public string Root { get; }

    /// <summary>The changed YAML files (relative to <see cref="Root"/>).</summary>
    public IReadOnlyCollection<string> ChangedFiles => _changed.Keys;

    /// <summary>Every changed file that still exists, YAML or not (a generator's .env input counts for rendering).</summary>
    public IReadOnlyList<string> ChangedAnyFiles { get; }

    /// <summary>The change as the core's rendering model takes it: full paths, with the document spans of changed objects.</summary>
    public SourceChange ToSourceChange(WorkspaceSnapshot workspace)
    {
        var files = new Dictionary<string, IReadOnlyList<TextSpan>?>(StringComparer.Ordinal);
        foreach (var relative in ChangedAnyFiles)
        {
            var fullPath = Path.GetFullPath(Path.Combine(Root, relative));
            files[fullPath] = _changed.TryGetValue(relative, out var objects) && objects is not null && workspace.GetFile(fullPath) is { } file
                ? file.Manifests.Where(m => objects.Contains(FindingKey.Identity(m))).Select(m => m.Document.Span).ToList()
                : null;
        }

        return new SourceChange(files);
    }

    public static GitChangeScope Load(string root, string reference)
    {
        Git(root, "rev-parse", "--verify", "--quiet", reference + "^{commit}");
        var prefix = Git(root, "rev-parse", "--show-prefix").Trim(); // where root lies inside the Git work tree
        var changedPaths = Git(root, "diff", "--name-only", "--no-renames", "--relative", "-z", reference, "--")
            .Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Concat(Git(root, "ls-files", "--others", "--exclude-standard", "-z").Split('\0', StringSplitOptions.RemoveEmptyEntries))
            .Distinct(StringComparer.Ordinal);
        var changed = new Dictionary<string, HashSet<string>?>(StringComparer.Ordinal);
        var changedAny = new List<string>();
        foreach (var relative in changedPaths)
        {
            var fullPath = Path.Combine(root, relative);
            if (!File.Exists(fullPath))
            {
                continue; // deleted files have no findings to show
            }

            changedAny.Add(relative);
            if (!WorkspaceLoader.IsYamlFile(relative))
            {
                continue;
            }

            var before = TryGit(root, "show", $"{reference}:{prefix}{relative}");
            changed[relative] = before is null ? null : ChangedObjects(root, fullPath, before);
        }

        return new GitChangeScope(root, changed, changedAny);
    }

    public bool Includes(string relativePath, string objectIdentity) =>
        _changed.TryGetValue(relativePath, out var objects) && (objects is null || objectIdentity.Length == 0 || objects.Contains(objectIdentity));

    private static HashSet<string> ChangedObjects(string root, string fullPath, string before)
    {
        var old = ObjectTexts(WorkspaceFile.FromText(fullPath, root, before));
        var now = ObjectTexts(WorkspaceFile.FromText(fullPath, root, File.ReadAllText(fullPath)));
        return now.Where(pair => !old.TryGetValue(pair.Key, out var text) || text != pair.Value).Select(pair => pair.Key).ToHashSet(StringComparer.Ordinal);
    }

    private static Dictionary<string, string> ObjectTexts(WorkspaceFile file)
    {
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var manifest in file.Manifests)
        {
            var span = manifest.Document.Span;
            var identity = FindingKey.Identity(manifest);
            var text = file.Source.Text.Substring(span.Start, span.Length).Trim();
            texts[identity] = texts.TryGetValue(identity, out var earlier) ? earlier + "\n---\n" + text : text;
        }

        return texts;
    }

    private static string Git(string root, params string[] args) =>
        TryGit(root, args) ?? throw new ChangeScopeException($"git {string.Join(' ', args)} failed in {root}: is it a Git repository, and does the ref exist?");

    private static string? TryGit(string root, params string[] args)
    {
        var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = root };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        try
        {
            using var process = Process.Start(start) ?? throw new ChangeScopeException("git could not be started");
            var output = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            return process.ExitCode == 0 ? output.Result : null;
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new ChangeScopeException($"--changed-since needs the git command: {exception.Message}");
        }
    }
}

internal sealed class ChangeScopeException(string message) : Exception(message);
