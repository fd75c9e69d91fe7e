using GitOpsAi.Core.IO;
using GitOpsAi.Core.Manifests;
using GitOpsAi.Core.Schemas;

namespace GitOpsAi.Core.Tests.Schemas;

/// <summary>
/// Every real example in ../shared/corpus of a kind we bundle a schema for is validated twice: with our schema and
/// with the upstream CRD. Our schema may never report a problem the upstream CRD does not (no false positives); where
/// the upstream CRD itself rejects an example, the example is wrong, and those are listed.
/// </summary>
public sealed class CorpusExamplesAgainstUpstreamTests
{
    [Test]
    public void Our_bundled_schemas_never_reject_an_example_the_upstream_crd_accepts()
    {
        var corpus = SharedData.RequireCorpus();
        SharedData.RequireCrds();
        var falsePositives = new List<string>();
        var upstreamDefects = new List<string>();
        var checkedDocuments = 0;

        foreach (var path in Directory.EnumerateFiles(corpus, "*.*", SearchOption.AllDirectories).Where(p => p.EndsWith(".yaml", StringComparison.Ordinal) || p.EndsWith(".yml", StringComparison.Ordinal)))
        {
            var file = YamlParser.Parse(TextDecoder.Decode(File.ReadAllBytes(path)).Text);
            foreach (var manifest in ManifestReader.Read(file, path))
            {
                if (manifest.ApiVersion is not { } apiVersion || manifest.Kind is not { } kind
                    || SchemaRegistry.Default.Find(apiVersion, kind) is not { Origin: SchemaOrigin.Bundled } ours
                    || UpstreamCrds.Find(apiVersion, kind) is not { } upstream)
                {
                    continue;
                }

                checkedDocuments++;
                var ourErrors = Errors(manifest, ours);
                var upstreamErrors = Errors(manifest, upstream);
                var upstreamSpans = upstreamErrors.Select(d => d.Span).ToHashSet();
                var location = Path.GetRelativePath(corpus, path);
                foreach (var error in ourErrors.Where(e => !upstreamSpans.Contains(e.Span)))
                {
                    var line = file.Source.GetLinePosition(error.Span.Start).Line + 1;
                    falsePositives.Add($"{location}:{line}: {error.Code}: {error.Message}");
                }

                upstreamDefects.AddRange(upstreamErrors.Select(e => $"{location}:{file.Source.GetLinePosition(e.Span.Start).Line + 1}: {e.Message}"));
            }
        }

        TestContext.Out.WriteLine($"{checkedDocuments} corpus documents of bundled kinds checked; the upstream CRDs themselves reject {upstreamDefects.Count} values in them:");
        foreach (var defect in upstreamDefects.Take(50))
        {
            TestContext.Out.WriteLine("  " + defect);
        }

        Assert.That(checkedDocuments, Is.GreaterThan(0));
        Assert.That(falsePositives, Is.Empty, string.Join("\n", falsePositives.Take(100)));
    }

    private static List<Diagnostic> Errors(Manifest manifest, KindSchema schema)
    {
        var output = new List<Diagnostic>();
        SchemaValidator.Validate(manifest.Root, schema.Root, SchemaValidationOptions.Default, output);
        return output.Where(d => d.Severity == DiagnosticSeverity.Error && !d.Message.Contains("sops", StringComparison.Ordinal)).ToList();
    }
}
