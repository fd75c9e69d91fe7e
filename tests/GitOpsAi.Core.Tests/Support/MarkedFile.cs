using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Tests.Support;

/// <summary>
/// The input of a language-service test: a file written in <see cref="Support.Markup"/> (<c>$$</c> the cursor,
/// <c>[|...|]</c> expected spans), loaded with any other files into an in-memory workspace.
/// </summary>
public sealed record MarkedFile(WorkspaceSnapshot Workspace, WorkspaceFile File, Markup Markup)
{
    public int Offset => Markup.Cursor ?? throw new InvalidOperationException("The test markup has no $$ cursor.");

    public static MarkedFile Load(string markup, string relativePath = "manifest.yaml", InMemoryFileSystem? otherFiles = null)
    {
        var parsed = Markup.Parse(markup);
        var fileSystem = (otherFiles ?? new InMemoryFileSystem()).Add(relativePath, parsed.Text);
        var workspace = WorkspaceLoader.Load(InMemoryFileSystem.Root, fileSystem);
        var file = workspace.GetFile(InMemoryFileSystem.PathOf(relativePath)) ?? throw new InvalidOperationException("no such file " + relativePath);
        return new MarkedFile(workspace, file, parsed);
    }
}
