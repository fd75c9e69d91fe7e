using System.Text.Json;
using System.Text.RegularExpressions;
using GitOpsAi.Core.Diagnostics;

namespace GitOpsAi.Cli.Tests;

/// <summary>SARIF names the tool's version and links documentation only at a real address (issue 11).</summary>
public sealed class SarifMetadataTests
{
    [Test]
    public void The_driver_carries_the_tool_version_and_no_web_address_is_invented()
    {
        using var repo = new TempRepo().Write("settings.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndta:\n  mode: fast\n");

        var result = CliRun.InProcess("check", repo.Root, "--format", "sarif");

        using var sarif = JsonDocument.Parse(result.Stdout);
        var driver = sarif.RootElement.GetProperty("runs")[0].GetProperty("tool").GetProperty("driver");
        Assert.That(driver.GetProperty("version").GetString(), Is.EqualTo(typeof(CliApplication).Assembly.GetName().Version!.ToString(3)));
        var addresses = Regex.Matches(result.Stdout, "\"https?://[^\"]*\"").Select(m => m.Value.Trim('"')).Distinct().ToList();
        var expected = new List<string> { "https://json.schemastore.org/sarif-2.1.0.json" };
        if (RepositoryUrlFromPackageJson() is { } repository)
        {
            expected.Add(repository);
            expected.Add($"{repository}/blob/main/docs/diagnostics.md#schema-unknown-field");
        }

        Assert.That(addresses, Is.EquivalentTo(expected), "only the SARIF schema and, when package.json names one, the repository's docs");
    }

    [TestCase("https://github.com/example/gitops-ai", "https://github.com/example/gitops-ai/blob/main/docs/rules.md#latest-tag")]
    [TestCase("git+https://github.com/example/gitops-ai.git", "https://github.com/example/gitops-ai/blob/main/docs/rules.md#latest-tag")]
    [TestCase("github:example/gitops-ai", null)]
    [TestCase("", null)]
    public void The_help_address_derives_from_the_package_json_repository_field(string repository, string? expected) =>
        Assert.That(DiagnosticDocs.HelpUri("latest-tag", repository), Is.EqualTo(expected));

    private static string? RepositoryUrlFromPackageJson()
    {
        using var package = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryScopeTests.RepositoryRoot(), "package.json")));
        if (!package.RootElement.TryGetProperty("repository", out var repository))
        {
            return null;
        }

        var value = repository.ValueKind == JsonValueKind.String ? repository.GetString() : repository.GetProperty("url").GetString();
        return DiagnosticDocs.NormalizeRepositoryUrl(value);
    }
}
