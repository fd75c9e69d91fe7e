using GitOpsAi.Core.Kustomize;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Tests.Kustomize;

/// <summary>The one walk of kustomization entries and Flux paths: what each path was found to be.</summary>
public sealed class InclusionEntriesTests
{
    private const string Root = InMemoryFileSystem.Root;

    private static WorkspaceFile File(string relative, string text) => WorkspaceFile.FromText($"{Root}/{relative}", Root, text);

    private static List<InclusionEntry> EntriesOf(string path, params WorkspaceFile[] files)
    {
        var byPath = files.ToDictionary(f => f.Path, StringComparer.Ordinal);
        var gitRepositories = files.SelectMany(f => f.Manifests).Where(m => m.Kind == "GitRepository" && m.Name is not null).Select(m => m.Name!).ToHashSet(StringComparer.Ordinal);
        return new InclusionEntries(byPath, new InMemoryFileSystem(), Root, gitRepositories).Of(byPath[$"{Root}/{path}"]);
    }

    [Test]
    public void Each_kustomization_entry_says_whether_its_path_resolves_to_what_the_field_takes()
    {
        var entries = EntriesOf("app/kustomization.yaml",
            File("app/kustomization.yaml", """
                resources:
                  - deploy.yaml
                  - missing.yaml
                  - ../../../etc/passwd
                  - https://github.com/o/r//deploy?ref=v1
                  - plain
                components:
                  - deploy.yaml
                patches:
                  - path: patches
                configMapGenerator:
                  - name: settings
                    files: [config=settings.yaml]
                """),
            File("app/deploy.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n"),
            File("app/plain/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n"),
            File("app/patches/p.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n"),
            File("app/settings.yaml", "level: info\n"));

        Assert.That(entries.Select(e => $"{e.Field} {e.Value} {e.Outcome}"), Is.EqualTo(new[]
        {
            "resources deploy.yaml Resolved",
            "resources missing.yaml NotFound",
            "resources ../../../etc/passwd LeavesRepository",
            "resources https://github.com/o/r//deploy?ref=v1 Remote",
            "resources plain DirectoryWithoutKustomization",
            "components deploy.yaml FileWhereDirectoryExpected",
            "patches patches DirectoryWhereFileExpected",
            "configMapGenerator settings.yaml Resolved",
        }));
        Assert.That(entries.Where(e => e.Outcome == EntryOutcome.Resolved).Select(e => (e.TargetPath, e.Role)), Is.EqualTo(new[]
        {
            ($"{Root}/app/deploy.yaml", FileRole.Resource),
            ($"{Root}/app/settings.yaml", FileRole.Data),
        }));
    }

    [Test]
    public void A_flux_path_of_another_source_is_not_checked_but_gets_the_folder_it_most_likely_names()
    {
        var entries = EntriesOf("clusters/prod/apps.yaml",
            File("clusters/prod/apps.yaml", "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: apps}\nspec:\n  path: ./apps/prod\n  sourceRef: {kind: GitRepository, name: other}\n"),
            File("clusters/prod/source.yaml", "apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata: {name: other}\n"),
            File("apps/prod/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n"));

        Assert.That(entries, Has.Count.EqualTo(1));
        Assert.That(entries[0].IsFluxPath, Is.True);
        Assert.That(entries[0].Outcome, Is.EqualTo(EntryOutcome.NotChecked));
        Assert.That(entries[0].TargetPath, Is.EqualTo($"{Root}/apps/prod"));
    }
}
