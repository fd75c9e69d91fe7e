namespace GitOpsAi.LanguageServer.Tests;

/// <summary>A repository on disk for one test.</summary>
public sealed class TempWorkspace : IDisposable
{
    public TempWorkspace()
    {
        Root = Path.Combine(Path.GetTempPath(), "gitops-ai-lsp-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public TempWorkspace Write(string relativePath, string text)
    {
        var path = PathOf(relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return this;
    }

    public string PathOf(string relativePath) => Path.Combine(Root, relativePath);

    public string UriOf(string relativePath) => new Uri(PathOf(relativePath)).AbsoluteUri;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
