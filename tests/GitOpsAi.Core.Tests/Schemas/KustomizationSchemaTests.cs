using GitOpsAi.Core.IO;
using GitOpsAi.Core.Manifests;
using GitOpsAi.Core.Schemas;

namespace GitOpsAi.Core.Tests.Schemas;

/// <summary>
/// kustomize's own kustomization.yaml (Kustomization and Component) has no upstream CRD to compare our bundled schema
/// with, so it is checked against every real kustomization file in ../shared/corpus instead, plus a few inline cases.
/// </summary>
public sealed class KustomizationSchemaTests
{
    /// <summary>
    /// Corpus files with a genuine defect our schema rightly reports, by path relative to the corpus, with the reason.
    /// None so far: every kustomization file in the corpus is valid.
    /// </summary>
    private static readonly Dictionary<string, string> KnownDefects = new(StringComparer.Ordinal);

    private const string Kustomization = """
        apiVersion: kustomize.config.k8s.io/v1beta1
        kind: Kustomization
        namespace: apps
        resources:
          - deployment.yaml
        replicas:
          - name: web
            count: 2
        configMapGenerator:
          - name: web-config
            behavior: create
            literals:
              - LOG_LEVEL=info

        """;

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
                  image: nginx:1.27

        """;

    [Test]
    public void Every_kustomization_file_in_the_corpus_validates_without_schema_errors()
    {
        var corpus = SharedData.RequireCorpus();
        var problems = new List<string>();
        var defectsSeen = new HashSet<string>(StringComparer.Ordinal);
        var checkedFiles = 0;

        var files = Directory.EnumerateFiles(corpus, "*", SearchOption.AllDirectories)
            .Where(ManifestReader.IsKustomizationFileName)
            .Order(StringComparer.Ordinal);
        foreach (var path in files)
        {
            var location = Path.GetRelativePath(corpus, path);
            var file = YamlParser.Parse(TextDecoder.Decode(File.ReadAllBytes(path)).Text);
            var errors = new List<Diagnostic>();
            var sawKustomization = false;
            foreach (var manifest in ManifestReader.Read(file, path).Where(m => m.IsKustomizeConfig))
            {
                var schema = SchemaRegistry.Default.Find(manifest.ApiVersion!, manifest.Kind!);
                Assert.That(schema?.Origin, Is.EqualTo(SchemaOrigin.Bundled), $"{location}: no bundled schema for {manifest.ApiVersion} {manifest.Kind}");
                sawKustomization = true;
                SchemaValidator.Validate(manifest.Root, schema!.Root, SchemaValidationOptions.Default, errors);
            }

            checkedFiles += sawKustomization ? 1 : 0;
            foreach (var error in errors.Where(d => d.Severity == DiagnosticSeverity.Error))
            {
                if (KnownDefects.ContainsKey(location))
                {
                    defectsSeen.Add(location);
                    continue;
                }

                var line = file.Source.GetLinePosition(error.Span.Start).Line + 1;
                problems.Add($"{location}:{line}: {error.Code}: {error.Message}");
            }
        }

        TestContext.Out.WriteLine($"{checkedFiles} kustomization files checked.");
        Assert.That(checkedFiles, Is.GreaterThan(400));
        Assert.That(problems, Is.Empty, string.Join("\n", problems.Take(100)));
        Assert.That(defectsSeen, Is.EquivalentTo(KnownDefects.Keys), "a known defect was fixed or no longer reported; update KnownDefects");
    }

    [Test]
    public void A_valid_kustomization_and_a_component_have_no_findings()
    {
        var component = "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\npatches:\n  - path: deployment.yaml\n    target:\n      kind: Deployment\n";

        Assert.That(Analyze(Kustomization), Is.Empty);
        Assert.That(Analyze(component), Is.Empty);
    }

    [Test]
    public void A_misspelt_field_is_an_error_at_the_key_with_a_did_you_mean_fix()
    {
        // No apiVersion/kind: kustomize allows that, and the file is still validated as a Kustomization.
        var markup = Markup.Parse("namespace: apps\n[|resource|]:\n  - deployment.yaml\n");
        var diagnostic = Analyze(markup.Text).Single();

        Assert.That(diagnostic.Code, Is.EqualTo("schema-unknown-field"));
        Assert.That(diagnostic.Severity, Is.EqualTo(DiagnosticSeverity.Error));
        Assert.That(diagnostic.Span, Is.EqualTo(markup.Span));
        Assert.That(diagnostic.Message, Does.Contain("did you mean 'resources'"));
        Assert.That(diagnostic.Fixes.Single().Edits.Single().NewText, Is.EqualTo("resources"));
    }

    [Test]
    public void A_wrong_type_is_an_error_at_the_value()
    {
        var markup = Markup.Parse(Kustomization.Replace("count: 2", "count: [|two|]"));
        var diagnostic = Analyze(markup.Text).Single();

        Assert.That(diagnostic.Code, Is.EqualTo("schema-type-mismatch"));
        Assert.That(diagnostic.Span, Is.EqualTo(markup.Span));
        Assert.That(diagnostic.Message, Does.Contain("replicas[0].count must be an integer"));
    }

    [Test]
    public void A_generator_behavior_in_the_wrong_case_suggests_the_right_one()
    {
        var markup = Markup.Parse(Kustomization.Replace("behavior: create", "behavior: [|Merge|]"));
        var diagnostic = Analyze(markup.Text).Single();

        Assert.That(diagnostic.Code, Is.EqualTo("schema-enum-value"));
        Assert.That(diagnostic.Span, Is.EqualTo(markup.Span));
        Assert.That(diagnostic.Message, Does.Contain("Did you mean 'merge'"));
    }

    /// <summary>Analyses <paramref name="text"/> as kustomization.yaml beside the deployment.yaml it lists.</summary>
    private static IReadOnlyList<Diagnostic> Analyze(string text)
    {
        var fileSystem = new InMemoryFileSystem().Add("kustomization.yaml", text).Add("deployment.yaml", Deployment);
        return TestAnalysis.AnalyzeFile(fileSystem, "kustomization.yaml");
    }
}
