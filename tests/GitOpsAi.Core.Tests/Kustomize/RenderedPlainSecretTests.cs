namespace GitOpsAi.Core.Tests.Kustomize;

/// <summary>
/// plain-secret on rendered objects: a Secret a kustomization generates from literals, or an overlay patches plain
/// values into, is a plain secret in Git, reported at the line that wrote the value; encrypted input is not.
/// </summary>
public sealed class RenderedPlainSecretTests
{
    private const string Deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n";

    [Test]
    public void A_secret_generated_from_a_literal_is_reported_at_the_literal_naming_the_overlay()
    {
        var kustomization = Markup.Parse("resources:\n  - deployment.yaml\nsecretGenerator:\n  - name: db\n    literals:\n      - [|password=hunter2|]\n");
        var fileSystem = new InMemoryFileSystem().Add("app/kustomization.yaml", kustomization.Text).Add("app/deployment.yaml", Deployment);

        var findings = TestAnalysis.AnalyzeAll(fileSystem, "app/kustomization.yaml").Where(d => d.Code == "plain-secret").ToList();

        Assert.That(findings, Has.Count.EqualTo(1));
        Assert.That(findings[0].Span, Is.EqualTo(kustomization.Span));
        Assert.That(findings[0].Message, Does.Contain("password").And.EndWith("(in app)"));
    }

    [Test]
    public void A_plain_value_an_overlay_patches_into_a_base_secret_is_reported_on_the_patch_line()
    {
        var overlay = Markup.Parse("""
            resources:
              - ../../base
            patches:
              - patch: |-
                  apiVersion: v1
                  kind: Secret
                  metadata:
                    name: db
                  [|stringData|]:
                    password: hunter2
            """);
        var fileSystem = new InMemoryFileSystem()
            .Add("base/kustomization.yaml", "resources:\n  - secret.yaml\n")
            .Add("base/secret.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ntype: Opaque\n")
            .Add("overlays/prod/kustomization.yaml", overlay.Text);

        var findings = TestAnalysis.AnalyzeAll(fileSystem, "overlays/prod/kustomization.yaml").Where(d => d.Code == "plain-secret").ToList();

        Assert.That(findings, Has.Count.EqualTo(1));
        Assert.That(findings[0].Span, Is.EqualTo(overlay.Span));
        Assert.That(TestAnalysis.AnalyzeAll(fileSystem, "base/secret.yaml").Where(d => d.Code == "plain-secret"), Is.Empty, "the base holds no value");
    }

    [Test]
    public void A_secret_generated_from_a_sops_encrypted_env_file_is_not_reported()
    {
        var fileSystem = new InMemoryFileSystem()
            .Add("app/kustomization.yaml", "resources:\n  - deployment.yaml\nsecretGenerator:\n  - name: db\n    envs:\n      - db.env\n")
            .Add("app/deployment.yaml", Deployment)
            .Add("app/db.env", "password=ENC[AES256_GCM,data:p8Vd2A==,iv:qZ8=,tag:eY7=,type:str]\nsops_version=3.9.0\n");

        Assert.That(TestAnalysis.AnalyzeAll(fileSystem, "app/kustomization.yaml").Where(d => d.Code == "plain-secret"), Is.Empty);
    }

    [Test]
    public void A_secret_generated_from_a_sops_encrypted_yaml_file_with_clear_values_is_not_reported()
    {
        var fileSystem = new InMemoryFileSystem()
            .Add("app/kustomization.yaml", "resources:\n  - deployment.yaml\nsecretGenerator:\n  - name: values\n    files:\n      - values.yaml=values.enc.yaml\n")
            .Add("app/deployment.yaml", Deployment)
            .Add("app/values.enc.yaml", "server:\n  ops: admin\n  password: ENC[AES256_GCM,data:p8Vd2A==,iv:qZ8=,tag:eY7=,type:str]\nsops:\n  mac: ENC[AES256_GCM,data:x1==,iv:y2=,tag:z3=,type:str]\n  encrypted_regex: ^password$\n  version: 3.9.0\n");

        Assert.That(TestAnalysis.AnalyzeAll(fileSystem, "app/kustomization.yaml").Where(d => d.Code == "plain-secret"), Is.Empty);
    }

    [Test]
    public void A_secret_generated_from_a_plain_data_file_is_reported_at_its_file_entry()
    {
        var kustomization = Markup.Parse("resources:\n  - deployment.yaml\nsecretGenerator:\n  - name: values\n    files:\n      - [|values.yaml=values.plain.yaml|]\n");
        var fileSystem = new InMemoryFileSystem()
            .Add("app/kustomization.yaml", kustomization.Text)
            .Add("app/deployment.yaml", Deployment)
            .Add("app/values.plain.yaml", "server:\n  password: hunter2\n");

        var findings = TestAnalysis.AnalyzeAll(fileSystem, "app/kustomization.yaml").Where(d => d.Code == "plain-secret").ToList();

        Assert.That(findings.Select(d => d.Span), Is.EqualTo(new[] { kustomization.Span }));
    }

    [Test]
    public void A_plain_base_secret_is_reported_once_at_its_own_line_not_again_for_the_overlay()
    {
        var secret = Markup.Parse("apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n[|stringData|]:\n  password: hunter2\n");
        var fileSystem = new InMemoryFileSystem()
            .Add("base/kustomization.yaml", "resources:\n  - secret.yaml\n")
            .Add("base/secret.yaml", secret.Text)
            .Add("overlays/prod/kustomization.yaml", "namespace: prod\nresources:\n  - ../../base\n");

        var findings = TestAnalysis.AnalyzeAll(fileSystem, "base/secret.yaml").Where(d => d.Code == "plain-secret").ToList();

        Assert.That(findings.Select(d => d.Span), Is.EqualTo(new[] { secret.Span }));
        Assert.That(TestAnalysis.AnalyzeAll(fileSystem, "overlays/prod/kustomization.yaml").Where(d => d.Code == "plain-secret"), Is.Empty);
    }
}
