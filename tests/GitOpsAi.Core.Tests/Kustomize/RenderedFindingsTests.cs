namespace GitOpsAi.Core.Tests.Kustomize;

/// <summary>Checks run on rendered output; a finding only the render has is reported where it was caused, naming the overlays.</summary>
public sealed class RenderedFindingsTests
{
    private const string Deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          selector:
            matchLabels:
              app: web
          template:
            metadata:
              labels:
                app: web
            spec:
              containers:
                - name: web
                  image: nginx:1.25
        """;

    [Test]
    public void A_latest_tag_set_by_an_overlay_images_entry_is_reported_on_that_line_naming_the_overlay()
    {
        var overlay = Markup.Parse("resources:\n  - ../../base\nimages:\n  - name: nginx\n    newTag: [|latest|]\n");
        var fileSystem = WithBase().Add("overlays/prod/kustomization.yaml", overlay.Text);

        var finding = TestAnalysis.AnalyzeAll(fileSystem, "overlays/prod/kustomization.yaml").Single(d => d.Code == "latest-tag");

        Assert.That(finding.Span, Is.EqualTo(overlay.Span));
        Assert.That(finding.Message, Does.EndWith("(in overlays/prod)"));
        Assert.That(TestAnalysis.AnalyzeAll(fileSystem, "base/deployment.yaml").Where(d => d.Code == "latest-tag"), Is.Empty, "the base itself is fine");
    }

    [Test]
    public void A_privileged_container_set_by_an_inline_patch_is_reported_on_the_patch_line()
    {
        var overlay = Markup.Parse("""
            resources:
              - ../../base
            patches:
              - patch: |-
                  apiVersion: apps/v1
                  kind: Deployment
                  metadata:
                    name: web
                  spec:
                    template:
                      spec:
                        containers:
                          - name: web
                            securityContext:
                              privileged: [|true|]
            """);
        var fileSystem = WithBase().Add("overlays/prod/kustomization.yaml", overlay.Text);

        var finding = TestAnalysis.AnalyzeAll(fileSystem, "overlays/prod/kustomization.yaml").Single(d => d.Code == "privileged-container");

        Assert.That(finding.Span, Is.EqualTo(overlay.Span));
        Assert.That(finding.Message, Does.EndWith("(in overlays/prod)"));
    }

    [Test]
    public void The_same_cause_reached_through_two_overlays_is_one_finding_naming_both()
    {
        var component = Markup.Parse("apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nimages:\n  - name: nginx\n    newTag: [|latest|]\n");
        var fileSystem = WithBase()
            .Add("components/latest/kustomization.yaml", component.Text)
            .Add("overlays/prod/kustomization.yaml", "resources:\n  - ../../base\ncomponents:\n  - ../../components/latest\n")
            .Add("overlays/staging/kustomization.yaml", "namePrefix: staging-\nresources:\n  - ../../base\ncomponents:\n  - ../../components/latest\n");

        var finding = TestAnalysis.AnalyzeAll(fileSystem, "components/latest/kustomization.yaml").Single(d => d.Code == "latest-tag");

        Assert.That(finding.Span, Is.EqualTo(component.Span));
        Assert.That(finding.Message, Does.EndWith("(in overlays/prod, overlays/staging)"));
    }

    [Test]
    public void A_finding_already_reported_on_the_source_is_not_repeated()
    {
        var fileSystem = WithBase(Deployment.Replace("nginx:1.25", "nginx:latest"))
            .Add("overlays/prod/kustomization.yaml", "namespace: prod\nresources:\n  - ../../base\n")
            .Add("overlays/staging/kustomization.yaml", "namespace: staging\nresources:\n  - ../../base\n");

        var findings = TestAnalysis.AnalyzeAll(fileSystem, "base/deployment.yaml").Where(d => d.Code == "latest-tag").ToList();

        Assert.That(findings, Has.Count.EqualTo(1));
        Assert.That(findings[0].Message, Does.Not.Contain("(in "));
    }

    [Test]
    public void A_namespaced_kyverno_match_sees_the_namespace_each_overlay_gives()
    {
        var policy = """
            apiVersion: kyverno.io/v1
            kind: ClusterPolicy
            metadata:
              name: prod-needs-team
            spec:
              validationFailureAction: Audit
              rules:
                - name: team-label
                  match:
                    any:
                      - resources:
                          kinds: [Deployment]
                          namespaces: [prod]
                  validate:
                    message: Production workloads need a team label.
                    pattern:
                      metadata:
                        labels:
                          team: "?*"
            """;
        var fileSystem = WithBase()
            .Add("policies/team.yaml", policy)
            .Add("overlays/prod/kustomization.yaml", "namespace: prod\nresources:\n  - ../../base\n")
            .Add("overlays/staging/kustomization.yaml", "namespace: staging\nresources:\n  - ../../base\n");

        var findings = TestAnalysis.AnalyzeAll(fileSystem, "base/deployment.yaml").Where(d => d.Source == DiagnosticSources.Kyverno).ToList();

        Assert.That(findings, Has.Count.EqualTo(1), string.Join("\n", findings.Select(f => f.Message)));
        Assert.That(findings[0].Message, Does.EndWith("(in overlays/prod)"));
    }

    [Test]
    public void Findings_on_several_objects_of_one_root_each_go_back_to_their_own_patch_line()
    {
        // A ConfigMap and a Service are written before the Deployments (kustomize's order), so each Deployment's source
        // map starts well into the root's: a finding must be taken back through its own object's part of it.
        var overlay = Markup.Parse("""
            resources:
              - ../../base
            patches:
              - patch: |-
                  apiVersion: apps/v1
                  kind: Deployment
                  metadata:
                    name: api
                  spec:
                    template:
                      spec:
                        containers:
                          - name: web
                            securityContext:
                              privileged: [|true|]
              - patch: |-
                  apiVersion: apps/v1
                  kind: Deployment
                  metadata:
                    name: web
                  spec:
                    template:
                      spec:
                        containers:
                          - name: web
                            securityContext:
                              privileged: [|true|]
            """);
        var fileSystem = new InMemoryFileSystem()
            .Add("base/kustomization.yaml", "resources:\n  - deployment.yaml\n  - api.yaml\n  - extras.yaml\n")
            .Add("base/deployment.yaml", Deployment)
            .Add("base/api.yaml", Deployment.Replace("name: web\nspec", "name: api\nspec"))
            .Add("base/extras.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  a: b\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n    - port: 80\n")
            .Add("overlays/prod/kustomization.yaml", overlay.Text);

        var findings = TestAnalysis.AnalyzeAll(fileSystem, "overlays/prod/kustomization.yaml").Where(d => d.Code == "privileged-container").ToList();

        Assert.That(findings.Select(f => f.Span).OrderBy(s => s.Start), Is.EqualTo(overlay.Spans.OrderBy(s => s.Start)));
    }

    private static InMemoryFileSystem WithBase(string deployment = Deployment) => new InMemoryFileSystem()
        .Add("base/kustomization.yaml", "resources:\n  - deployment.yaml\n")
        .Add("base/deployment.yaml", deployment);
}
