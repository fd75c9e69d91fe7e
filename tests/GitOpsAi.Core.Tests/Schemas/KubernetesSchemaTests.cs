namespace GitOpsAi.Core.Tests.Schemas;

public sealed class KubernetesSchemaTests
{
    private const string Deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          labels:
            app: web
        spec:
          replicas: 2
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
                  image: nginx:1.27
                  ports:
                    - containerPort: 80
                  resources:
                    requests:
                      cpu: 100m
                      memory: 128Mi

        """;

    [Test]
    public void A_valid_deployment_has_no_findings()
    {
        Assert.That(TestAnalysis.Analyze(Deployment), Is.Empty);
    }

    [Test]
    public void An_unknown_field_is_an_error_with_a_did_you_mean_suggestion()
    {
        var markup = Markup.Parse(Deployment.Replace("  replicas: 2", "  [|replica|]: 2"));
        var diagnostic = TestAnalysis.Analyze(markup.Text).Single();

        Assert.That(diagnostic.Code, Is.EqualTo("schema-unknown-field"));
        Assert.That(diagnostic.Severity, Is.EqualTo(DiagnosticSeverity.Error));
        Assert.That(diagnostic.Span, Is.EqualTo(markup.Span));
        Assert.That(diagnostic.Message, Does.Contain("did you mean 'replicas'"));
        Assert.That(diagnostic.Fixes.Single().Edits.Single().NewText, Is.EqualTo("replicas"));
    }

    [Test]
    public void A_wrong_type_is_an_error_at_the_value()
    {
        var markup = Markup.Parse(Deployment.Replace("replicas: 2", "replicas: [|\"two\"|]"));
        var diagnostic = TestAnalysis.Analyze(markup.Text).Single();

        Assert.That(diagnostic.Code, Is.EqualTo("schema-type-mismatch"));
        Assert.That(diagnostic.Span, Is.EqualTo(markup.Span));
        Assert.That(diagnostic.Message, Does.Contain("spec.replicas must be an integer"));
    }

    [Test]
    public void A_number_where_a_string_is_expected_is_an_error_with_a_quote_fix()
    {
        var markup = Markup.Parse(Deployment.Replace("    app: web\nspec:", "    version: [|1.0|]\nspec:"));
        var diagnostic = TestAnalysis.Analyze(markup.Text).Single();

        Assert.That(diagnostic.Code, Is.EqualTo("schema-type-mismatch"));
        Assert.That(diagnostic.Span, Is.EqualTo(markup.Span));
        Assert.That(diagnostic.Fixes.Single().Edits.Single().NewText, Is.EqualTo("\"1.0\""));
    }

    [Test]
    public void A_missing_required_field_is_reported_at_the_key_that_owns_it()
    {
        var markup = Markup.Parse(Deployment.Replace("        - name: web\n          image", "        - image"));
        var diagnostics = TestAnalysis.Analyze(markup.Text);

        var missing = diagnostics.Single();
        Assert.That(missing.Code, Is.EqualTo("schema-required-field"));
        Assert.That(missing.Message, Does.Contain("spec.template.spec.containers[0] is missing the required field 'name'"));
        Assert.That(markup.Text.Substring(missing.Span.Start, missing.Span.Length), Is.EqualTo("image"));
    }

    [Test]
    public void An_enum_value_in_the_wrong_case_suggests_the_right_one()
    {
        var markup = Markup.Parse(Deployment.Replace("image: nginx:1.27", "image: nginx:1.27\n          imagePullPolicy: [|always|]"));
        var diagnostic = TestAnalysis.Analyze(markup.Text).Single();

        Assert.That(diagnostic.Code, Is.EqualTo("schema-enum-value"));
        Assert.That(diagnostic.Span, Is.EqualTo(markup.Span));
        Assert.That(diagnostic.Message, Does.Contain("Did you mean 'Always'"));
    }

    [Test]
    public void An_invalid_quantity_is_reported()
    {
        var markup = Markup.Parse(Deployment.Replace("memory: 128Mi", "memory: [|128MB|]"));
        var diagnostic = TestAnalysis.Analyze(markup.Text).Single();

        Assert.That(diagnostic.Code, Is.EqualTo("schema-invalid-format"));
        Assert.That(diagnostic.Span, Is.EqualTo(markup.Span));
    }

    [Test]
    public void Flux_substitution_variables_never_produce_type_errors()
    {
        var text = Deployment.Replace("replicas: 2", "replicas: ${REPLICAS}").Replace("containerPort: 80", "containerPort: ${PORT:=80}");
        Assert.That(TestAnalysis.Analyze(text), Is.Empty);
    }

    [Test]
    public void A_yaml_1_1_boolean_in_a_string_field_is_a_warning_with_a_quote_fix()
    {
        var markup = Markup.Parse(Deployment.Replace("    app: web\nspec:", "    enabled: [|yes|]\nspec:"));
        var diagnostic = TestAnalysis.Analyze(markup.Text).Single();

        Assert.That(diagnostic.Code, Is.EqualTo("yaml11-boolean"));
        Assert.That(diagnostic.Severity, Is.EqualTo(DiagnosticSeverity.Warning));
        Assert.That(diagnostic.Span, Is.EqualTo(markup.Span));
    }

    [TestCase("extensions/v1beta1", "Deployment", "apps/v1", "Kubernetes 1.16")]
    [TestCase("autoscaling/v2beta1", "HorizontalPodAutoscaler", "autoscaling/v2", "Kubernetes 1.25")]
    [TestCase("policy/v1beta1", "PodSecurityPolicy", "Pod Security Admission", "Kubernetes 1.25")]
    public void A_removed_api_version_names_its_replacement_and_the_release_that_removed_it(string apiVersion, string kind, string replacement, string removedIn)
    {
        var markup = Markup.Parse($"apiVersion: [|{apiVersion}|]\nkind: {kind}\nmetadata:\n  name: x\n");
        var diagnostic = TestAnalysis.Analyze(markup.Text).Single();

        Assert.That(diagnostic.Code, Is.EqualTo("removed-api-version"));
        Assert.That(diagnostic.Severity, Is.EqualTo(DiagnosticSeverity.Error));
        Assert.That(diagnostic.Span, Is.EqualTo(markup.Span));
        Assert.That(diagnostic.Message, Does.Contain(replacement).And.Contain(removedIn));
    }

    [Test]
    public void A_kind_without_a_schema_gets_one_note_per_file()
    {
        var text = "apiVersion: example.com/v1\nkind: Widget\n---\napiVersion: example.com/v1\nkind: Gadget\n---\napiVersion: example.com/v1\nkind: Widget\n";
        var diagnostics = TestAnalysis.Analyze(text);

        var note = diagnostics.Single();
        Assert.That(note.Code, Is.EqualTo("no-schema"));
        Assert.That(note.Severity, Is.EqualTo(DiagnosticSeverity.Information));
        Assert.That(note.Message, Does.Contain("example.com/v1 Widget").And.Contain("1 other kind"));
    }

    [Test]
    public void Field_descriptions_from_the_kubernetes_docs_are_kept_for_hover()
    {
        var schema = GitOpsAi.Core.Schemas.SchemaRegistry.Default.Find("apps/v1", "Deployment")!;
        var replicas = schema.Root.GetProperty("spec")!.Schema.GetProperty("replicas")!;

        Assert.That(replicas.EffectiveDescription, Does.Contain("Number of desired pods"));
    }
}
