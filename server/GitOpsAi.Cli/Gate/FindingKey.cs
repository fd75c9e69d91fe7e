using GitOpsAi.Cli.Reporting;
using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Cli.Gate;

/// <summary>
/// What identifies a finding across runs without its line: the code, the file (relative to the repository root) and
/// the object it is in (<c>Kind/namespace/name</c>, empty outside any object). Lines move with every edit above them;
/// these do not.
/// </summary>
internal sealed record FindingKey(string Code, string Path, string Object)
{
    public static FindingKey Of(ReportedFile file, Diagnostic diagnostic) =>
        new(diagnostic.Code, file.RelativePath, ObjectAt(file.Analysis.File, diagnostic.Span.Start));

    /// <summary>The identity of the object whose document holds <paramref name="offset"/>, or "" outside any.</summary>
    public static string ObjectAt(WorkspaceFile file, int offset)
    {
        foreach (var manifest in file.Manifests)
        {
            var span = manifest.Document.Span;
            if (offset >= span.Start && offset <= span.End)
            {
                return Identity(manifest);
            }
        }

        return string.Empty;
    }

    public static string Identity(Core.Manifests.Manifest manifest) => $"{manifest.Kind}/{manifest.Namespace}/{manifest.Name}";
}
