using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.IO;
using GitOpsAi.Core.Manifests;
using GitOpsAi.Core.Text;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Workspace;

/// <summary>One YAML file of the workspace, parsed, with the objects it holds and any problem reading it.</summary>
public sealed class WorkspaceFile
{
    private WorkspaceFile(string path, string relativePath, YamlFile yaml, IReadOnlyList<Diagnostic> loadDiagnostics, bool isSkipped)
    {
        Path = path;
        RelativePath = relativePath;
        Yaml = yaml;
        LoadDiagnostics = loadDiagnostics;
        IsSkipped = isSkipped;
        Manifests = isSkipped ? [] : ManifestReader.Read(yaml, path);
    }

    /// <summary>The absolute path.</summary>
    public string Path { get; }

    /// <summary>The path relative to the workspace root, with forward slashes.</summary>
    public string RelativePath { get; }

    public YamlFile Yaml { get; }

    public SourceText Source => Yaml.Source;

    public IReadOnlyList<Manifest> Manifests { get; }

    /// <summary>Problems reading or decoding the file (unreadable, invalid UTF-8, binary).</summary>
    public IReadOnlyList<Diagnostic> LoadDiagnostics { get; }

    /// <summary>True when the file could not be read or is binary: nothing beyond <see cref="LoadDiagnostics"/> applies.</summary>
    public bool IsSkipped { get; }

    public string Directory => System.IO.Path.GetDirectoryName(Path) ?? Path;

    /// <summary>A file from text in memory; <paramref name="previous"/> (the same file before an edit) lets unchanged documents be reused.</summary>
    public static WorkspaceFile FromText(string path, string root, string text, WorkspaceFile? previous = null) =>
        new(path, RelativeTo(root, path), YamlParser.Parse(new SourceText(text), previous?.IsSkipped == false ? previous.Yaml : null), [], isSkipped: false);

    public static WorkspaceFile Load(IFileSystem fileSystem, string path, string root)
    {
        var relative = RelativeTo(root, path);
        byte[] bytes;
        try
        {
            bytes = fileSystem.ReadAllBytes(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            var reason = exception is UnauthorizedAccessException ? "permission denied" : exception.Message;
            var problem = CoreDiagnostics.Unreadable.Create(new TextSpan(0, 0), $"Cannot read this file: {reason}.");
            return new WorkspaceFile(path, relative, YamlParser.Parse(string.Empty), [problem], isSkipped: true);
        }

        var decoded = TextDecoder.Decode(bytes);
        var diagnostics = decoded.Problem is null ? Array.Empty<Diagnostic>() : [decoded.Problem];
        return new WorkspaceFile(path, relative, YamlParser.Parse(decoded.Text), diagnostics, decoded.IsBinary);
    }

    public static string RelativeTo(string root, string path)
    {
        var relative = System.IO.Path.GetRelativePath(root, path);
        return relative.Replace('\\', '/');
    }

    public override string ToString() => RelativePath;
}
