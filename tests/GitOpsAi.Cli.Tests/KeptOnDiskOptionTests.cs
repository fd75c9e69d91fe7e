using GitOpsAi.Core.Diagnostics;

namespace GitOpsAi.Cli.Tests;

/// <summary>
/// A check keeps the repository's texts on disk (read again when asked for), which a run that rewrites files must not:
/// a fix to one file would make another file's check read a text changed under it.
/// </summary>
public sealed class KeptOnDiskOptionTests
{
    [Test]
    public void A_check_keeps_the_texts_on_disk_and_a_check_with_fixes_keeps_them_in_memory()
    {
        var check = new CheckRequest(["."], "text", DiagnosticSeverity.Error, [], ValidateSchemas: true);

        Assert.Multiple(() =>
        {
            Assert.That(CheckRunner.OptionsFor(check).KeepTextsOnDisk, Is.True);
            Assert.That(CheckRunner.OptionsFor(check with { Fix = true }).KeepTextsOnDisk, Is.False);
        });
    }

    [Test]
    public void A_check_with_texts_on_disk_reports_an_inline_patch_at_its_line()
    {
        using var repository = new TempRepo().Write("app/kustomization.yaml", "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - deployment.yaml\npatches:\n  - patch: |-\n      - op: replace\n        path: /spec/replicas\n        value: \"2\"\n    target:\n      kind: Deployment\n").Write("app/deployment.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 1\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27.3\n");

        var result = CliRun.InProcess("check", repository.Root);

        Assert.That(result.Stdout, Does.Contain("app/kustomization.yaml:9:").And.Not.Contain("changed on disk"), result.Stdout);
    }
}
