using GitOpsAi.Core.Analysis;
using GitOpsAi.Core.IO;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Tests.Hostile;

/// <summary>Paths named in a committed .gitops-ai/rules.yaml are confined to the repository and never weaken the gate.</summary>
public class ConfiguredPathTests
{
    private const string PlainSecret = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  namespace: apps\nstringData:\n  password: s3cr3t-Value-42x\n";

    private static string Config(string certificate) => $"settings:\n  sealedSecretsCertificate: {certificate}\n";

    private static Dictionary<string, IReadOnlyList<Diagnostic>> Check(TempRepository repository) =>
        TempRepository.WithinSeconds(60, () =>
        {
            var workspace = WorkspaceLoader.Load(repository.Root, PhysicalFileSystem.Instance);
            return new Analyzer().AnalyzeAll(workspace).ToDictionary(a => WorkspaceFile.RelativeTo(repository.Root, a.Path), a => a.Diagnostics);
        });

    [TestCase("/dev/zero")]
    [TestCase("/dev/stdin")]
    [TestCase("../outside.pem")]
    [TestCase("certs/link-to-dev-zero.pem")]
    public void A_certificate_outside_the_repository_is_refused_at_its_config_line_and_the_plain_secret_stays_an_error(string certificate)
    {
        TempRepository.RequireUnix();
        using var repository = new TempRepository().Write("secret.yaml", PlainSecret).Write(".gitops-ai/rules.yaml", Config(certificate));
        Directory.CreateDirectory(repository.PathOf("certs"));
        repository.Link("certs/link-to-dev-zero.pem", "/dev/zero");

        var findings = Check(repository);

        var plain = findings["secret.yaml"].Single(d => d.Code == "plain-secret");
        Assert.That(plain.Severity, Is.EqualTo(DiagnosticSeverity.Error));
        Assert.That(plain.Message, Does.Contain("outside the repository"));
        var refusal = findings[".gitops-ai/rules.yaml"].Single(d => d.Code == "file-outside-repository");
        Assert.That(refusal.Span.Start, Is.EqualTo(Config(certificate).IndexOf(certificate, StringComparison.Ordinal)), "at the configured value");
    }

    [Test]
    public void A_fifo_as_certificate_is_never_opened_and_is_reported_at_its_config_line()
    {
        using var repository = new TempRepository().Write("secret.yaml", PlainSecret).Write(".gitops-ai/rules.yaml", Config(".gitops-ai/cert.pem"));
        repository.Fifo(".gitops-ai/cert.pem");

        var findings = Check(repository);

        Assert.That(findings["secret.yaml"].Single(d => d.Code == "plain-secret").Severity, Is.EqualTo(DiagnosticSeverity.Error));
        Assert.That(findings[".gitops-ai/rules.yaml"].Single(d => d.Code == "file-not-regular").Message, Does.Contain("FIFO"));
    }

    [Test]
    public void A_configuration_linked_from_outside_the_repository_is_not_read_so_it_cannot_switch_rules_off()
    {
        using var outside = new TempRepository().Write("rules.yaml", "rules:\n  plain-secret: off\n");
        using var repository = new TempRepository().Write("secret.yaml", PlainSecret);
        Directory.CreateDirectory(repository.PathOf(".gitops-ai"));
        repository.Link(".gitops-ai/rules.yaml", outside.PathOf("rules.yaml"));

        var findings = Check(repository);
        var lazy = WorkspaceLoader.Create(repository.Root, [WorkspaceFile.Load(PhysicalFileSystem.Instance, repository.PathOf("secret.yaml"), repository.Root)], PhysicalFileSystem.Instance);

        Assert.That(findings["secret.yaml"].Select(d => d.Code), Does.Contain("plain-secret"));
        Assert.That(findings[".gitops-ai/rules.yaml"].Single().Code, Is.EqualTo("file-outside-repository"));
        Assert.That(lazy.RulesConfig.Rules, Is.Empty, "the configuration read when first asked for is refused too");
    }

    [Test]
    public void A_rule_that_fails_keeps_its_error_severity_so_the_gate_stays_closed()
    {
        var fileSystem = new ExplodingCertificateFileSystem(new InMemoryFileSystem()
            .Add("secret.yaml", PlainSecret)
            .Add(".gitops-ai/rules.yaml", Config("cert.pem"))
            .Add("cert.pem", "not read"));

        var workspace = WorkspaceLoader.Load(InMemoryFileSystem.Root, fileSystem);
        var diagnostics = new Analyzer().Analyze(workspace, workspace.GetFile(InMemoryFileSystem.PathOf("secret.yaml"))!).Diagnostics;

        var failed = diagnostics.Single(d => d.Code == "rule-failed");
        Assert.That(failed.Severity, Is.EqualTo(DiagnosticSeverity.Error));
        Assert.That(failed.Message, Does.Contain("plain-secret"));
    }

    /// <summary>Reading the certificate throws something no rule expects, as a defect in GitOpsAi would.</summary>
    private sealed class ExplodingCertificateFileSystem(InMemoryFileSystem inner) : IFileSystem
    {
        public bool FileExists(string path) => inner.FileExists(path);

        public bool DirectoryExists(string path) => inner.DirectoryExists(path);

        public byte[] ReadAllBytes(string path) =>
            path.EndsWith("cert.pem", StringComparison.Ordinal) ? throw new InvalidOperationException("boom") : inner.ReadAllBytes(path);

        public IEnumerable<string> EnumerateFiles(string directory) => inner.EnumerateFiles(directory);

        public IEnumerable<string> EnumerateDirectories(string directory) => inner.EnumerateDirectories(directory);
    }
}
