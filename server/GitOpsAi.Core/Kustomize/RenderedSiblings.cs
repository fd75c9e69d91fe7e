using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Rules;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Kustomize;

/// <summary>
/// The repository as one root's render puts it, for the rules that look other objects up: the resource files the root
/// read are replaced by its rendered objects (prefixed, hashed, patched or deleted as kustomize leaves them), every
/// other file stays as written. Built once per rendered root, derived from the source snapshot so the object index and
/// the placed objects are updated for the replaced files only, not rebuilt from every file.
/// </summary>
internal static class RenderedSiblings
{
    /// <summary>
    /// Cross-object rules checked against the rendered siblings. Two of <see cref="RenderedAnalysis"/>'s excluded list
    /// stay on the sources only: flux-tenant-service-account decides by the file's path (a tenant folder glob), which a
    /// rendered object does not have; plain-secret looks nothing up, but on rendered output it would report every Secret a
    /// secretGenerator makes (from env files that may be decrypted at apply time), a policy question of its own.
    /// </summary>
    public static readonly HashSet<string> Rules = new(StringComparer.Ordinal)
    {
        "dangling-service", "dangling-hpa", "dangling-pdb", "dangling-network-policy", "dangling-ingress",
        "dangling-service-monitor", "flagger-canary-target-not-found", "non-existent-service-account",
        "non-existent-configmap", "non-existent-secret", "mismatching-selector", "invalid-target-ports",
        "flux-source-not-found", "binding-allows-pod-exec", "cluster-admin-binding", "deployment-missing-replicas",
        "pdb-min-available-too-high", "missing-pod-disruption-budget", "missing-network-policy",
        "automount-service-account-token", "hpa-min-replicas",
    };

    /// <summary>
    /// The snapshot of the root's siblings and, for each rendered object (in order), the file it is in there.
    /// <paramref name="texts"/> are the objects written out, in the order of <paramref name="render"/>'s objects.
    /// </summary>
    public static (WorkspaceSnapshot Snapshot, IReadOnlyList<WorkspaceFile> Files) Build(WorkspaceSnapshot source, RenderResult render, IReadOnlyList<string> texts)
    {
        var files = new Dictionary<string, WorkspaceFile>(source.Files, StringComparer.Ordinal);
        var changed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in render.DependencyFiles.Keys)
        {
            // The files whose objects the render emits, and its patch files (a patch is not an object the cluster gets:
            // a `$patch: delete` file must not stand in for the object it deletes); kustomizations shape the structure, which is kept.
            if (source.Structure.RoleOf(path) is FileRole.Resource or FileRole.Patch && files.Remove(path))
            {
                changed.Add(path);
            }
        }

        var rendered = new List<WorkspaceFile>(texts.Count);
        for (var i = 0; i < texts.Count; i++)
        {
            var path = $"{render.Objects[i].Origin.Path}{Marker}{i}";
            var file = WorkspaceFile.FromText(path, source.Root, texts[i]);
            files[path] = file;
            changed.Add(path);
            rendered.Add(file);
        }

        var snapshot = new WorkspaceSnapshot(source.Root, files, source.FileSystem, source.Options, source.ExtraSchemas, source.SchemaProblems, source,
            reuseStructure: true, reuseSchemas: true, lineage: new SnapshotLineage(source, changed)) { RenderedFrom = source };
        return (snapshot, rendered);
    }

    private const string Marker = "#rendered-";

    /// <summary>The source file a rendered object of a siblings snapshot was written from (other paths: themselves).</summary>
    public static string OriginOf(string path) =>
        path.LastIndexOf(Marker, StringComparison.Ordinal) is var at and >= 0 ? path[..at] : path;

    /// <summary>The findings of the sibling-aware rules on one rendered object's file of the siblings snapshot.</summary>
    public static List<Diagnostic> Check(WorkspaceSnapshot siblings, WorkspaceFile file, CancellationToken cancellationToken)
    {
        var output = new List<Diagnostic>();
        foreach (var manifest in file.Objects)
        {
            if (manifest.Kind is not { } kind)
            {
                continue;
            }

            foreach (var rule in siblings.EffectiveRules)
            {
                if (!Rules.Contains(rule.Definition.Id) || !rule.Definition.AppliesTo(kind)
                    || siblings.Findings.IsExempt(rule.Definition.Id, kind, manifest.Namespace, manifest.Name, file.RelativePath))
                {
                    continue;
                }

                cancellationToken.ThrowIfCancellationRequested();
                try
                {
                    rule.Template.Check(new RuleContext(rule.Definition, rule.Severity, manifest, file, siblings, output));
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // A rule defect is reported by the source check of the same object (rule-failed at its kind); here
                    // the rendered findings of that rule are only missing, and the other rules still run.
                    _ = exception;
                }
            }
        }

        return output.Where(d => d.Severity <= DiagnosticSeverity.Warning).ToList();
    }
}
