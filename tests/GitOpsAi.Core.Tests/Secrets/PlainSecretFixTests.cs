using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using GitOpsAi.Core.Editing;
using GitOpsAi.Core.Secrets;

namespace GitOpsAi.Core.Tests.Secrets;

/// <summary>
/// The plain-secret fixes: the SealedSecret one is random, so it is checked by unsealing with the private key that
/// belongs to the configured certificate; the ExternalSecret one by its text and the files it writes beside the manifest.
/// </summary>
public sealed class PlainSecretFixTests
{
    private const string CertificatePath = ".sealed-secrets/controller.pem";

    private const string Manifest = """
        # Keep this comment and the Service below.
        apiVersion: v1
        kind: Service
        metadata:
          name: web
        spec:
          ports:
            - port: 80
        ---
        apiVersion: v1
        kind: Secret
        metadata:
          name: db-credentials
          namespace: web
          labels:
            app.kubernetes.io/name: web
          annotations:
            kubectl.kubernetes.io/last-applied-configuration: '{"data":{"password":"c2VjcmV0"}}'
            owner: team-web
        type: kubernetes.io/basic-auth
        data:
          username: d2ViYXBw
          password: aHVudGVyMiBob3JzZQ==
        stringData:
          dsn: "postgres://webapp@db:5432/web?sslmode=require"
          multi-line: |
            first line
            second line
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: after
        data:
          a: b
        """;

    private static readonly Dictionary<string, string> Originals = new()
    {
        ["username"] = "webapp",
        ["password"] = "hunter2 horse",
        ["dsn"] = "postgres://webapp@db:5432/web?sslmode=require",
        ["multi-line"] = "first line\nsecond line\n",
    };

    private static readonly RSA ControllerKey = RSA.Create(2048);

    [OneTimeTearDown]
    public static void DisposeKey() => ControllerKey.Dispose();

    [Test]
    public void SealedSecret_fix_seals_every_value_so_the_controller_key_unseals_it()
    {
        var (finding, text) = Analyze(Manifest, Settings("strict"));

        var fix = finding.Fixes.Single(f => f.Title.StartsWith("Convert to a SealedSecret", StringComparison.Ordinal));
        Assert.That(fix.IsPreferred, Is.True);
        Assert.That(fix.OtherFiles, Is.Null, "sealing needs no other file, so check --fix can apply it");
        var sealedText = YamlEdits.Apply(text, fix.Edits);
        var sealedSecret = Document(sealedText, "SealedSecret");

        Assert.Multiple(() =>
        {
            Assert.That(sealedSecret.GetString("apiVersion"), Is.EqualTo("bitnami.com/v1alpha1"));
            Assert.That(sealedSecret.At("metadata", "name")?.ToString(), Is.EqualTo("db-credentials"));
            Assert.That(sealedSecret.At("metadata", "namespace")?.ToString(), Is.EqualTo("web"));
            Assert.That(sealedSecret.At("metadata", "annotations"), Is.Null, "strict scope adds no scope annotation");
            Assert.That(Unsealed(sealedSecret, "web/db-credentials"), Is.EqualTo(Originals));
            Assert.That(sealedSecret.At("spec", "template", "type")?.ToString(), Is.EqualTo("kubernetes.io/basic-auth"));
            Assert.That(sealedSecret.At("spec", "template", "metadata", "labels", "app.kubernetes.io/name")?.ToString(), Is.EqualTo("web"));
            Assert.That(sealedSecret.At("spec", "template", "metadata", "annotations", "owner")?.ToString(), Is.EqualTo("team-web"));
            Assert.That(sealedText, Does.Not.Contain("last-applied-configuration"), "kubeseal strips the annotation that copies the plain object");
            Assert.That(sealedText, Does.Not.Contain("aHVudGVyMiBob3JzZQ").And.Not.Contain("hunter2"));
            Assert.That(sealedText, Does.StartWith("# Keep this comment and the Service below.\napiVersion: v1\nkind: Service"));
            Assert.That(sealedText, Does.EndWith("---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: after\ndata:\n  a: b"));
        });

        var recheck = TestAnalysis.AnalyzeAll(sealedText).Where(d => d.Code == "plain-secret");
        Assert.That(recheck, Is.Empty, "the sealed text satisfies the rule");
    }

    [Test]
    public void Analysing_the_same_Secret_again_offers_the_same_sealed_text()
    {
        // The editor re-analyses on every keystroke: a new random seal each time would make the fix flicker.
        using var certificate = Certificate(DateTimeOffset.UtcNow.AddYears(10));
        var fileSystem = new InMemoryFileSystem()
            .Add("apps/secret.yaml", Manifest)
            .Add(".gitops-ai/rules.yaml", Settings("strict"))
            .Add(CertificatePath, certificate.ExportCertificatePem());

        string SealedText() => TestAnalysis.AnalyzeAll(fileSystem, "apps/secret.yaml").Single(d => d.Code == "plain-secret")
            .Fixes.Single(f => f.Title.StartsWith("Convert to a SealedSecret", StringComparison.Ordinal)).Edits.Single().NewText;

        var first = SealedText();
        Assert.That(SealedText(), Is.EqualTo(first));

        fileSystem.Add("apps/secret.yaml", Manifest.Replace("d2ViYXBw", "b3RoZXI="));
        Assert.That(SealedText(), Is.Not.EqualTo(first), "a changed Secret is sealed anew");
    }

    [Test]
    public void Sealed_values_use_standard_oaep_with_sha256_and_aes_gcm_with_a_zero_nonce()
    {
        using var certificate = Certificate(DateTimeOffset.UtcNow.AddYears(1));
        using var publicKey = KubesealCrypto.PublicKeyFromPem(certificate.ExportCertificatePem(), DateTimeOffset.UtcNow, out _)!;
        var sealedValue = Convert.FromBase64String(KubesealCrypto.Seal(publicKey, "s3cr3t"u8, []));

        // 2-byte big-endian length of the RSA ciphertext, the RSA ciphertext, then AES-GCM ciphertext and 16-byte tag.
        var rsaLength = (sealedValue[0] << 8) | sealedValue[1];
        Assert.That(rsaLength, Is.EqualTo(256));
        Assert.That(sealedValue, Has.Length.EqualTo(2 + 256 + 6 + 16));

        // .NET's own OAEP-SHA256 (empty label, as for cluster-wide) recovers the 32-byte session key...
        var sessionKey = ControllerKey.Decrypt(sealedValue[2..258], RSAEncryptionPadding.OaepSHA256);
        Assert.That(sessionKey, Has.Length.EqualTo(32));

        // ...which opens the value with AES-256-GCM under a zero nonce.
        var plaintext = new byte[6];
        using var aes = new AesGcm(sessionKey, 16);
        aes.Decrypt(new byte[12], sealedValue[258..264], sealedValue[264..], plaintext);
        Assert.That(Encoding.UTF8.GetString(plaintext), Is.EqualTo("s3cr3t"));
    }

    [Test]
    public void Each_value_gets_its_own_session_key()
    {
        using var certificate = Certificate(DateTimeOffset.UtcNow.AddYears(1));
        using var publicKey = KubesealCrypto.PublicKeyFromPem(certificate.ExportCertificatePem(), DateTimeOffset.UtcNow, out _)!;
        var label = KubesealCrypto.Label("web", "db", SealingScope.Strict);

        var first = KubesealCrypto.Seal(publicKey, "same"u8, label);
        var second = KubesealCrypto.Seal(publicKey, "same"u8, label);
        Assert.That(first, Is.Not.EqualTo(second));
    }

    [TestCase("strict", "web/db-credentials", null)]
    [TestCase("namespace-wide", "web", "sealedsecrets.bitnami.com/namespace-wide")]
    [TestCase("cluster-wide", "", "sealedsecrets.bitnami.com/cluster-wide")]
    public void The_scope_decides_the_label_and_the_annotations(string scope, string label, string? annotation)
    {
        var (finding, text) = Analyze(Manifest, Settings(scope));

        var fix = finding.Fixes.Single(f => f.Title.StartsWith("Convert to a SealedSecret", StringComparison.Ordinal));
        Assert.That(fix.Title, Does.Contain($"{scope} scope"));
        var sealedSecret = Document(YamlEdits.Apply(text, fix.Edits), "SealedSecret");
        Assert.Multiple(() =>
        {
            Assert.That(Unsealed(sealedSecret, label), Is.EqualTo(Originals));
            if (annotation is null)
            {
                Assert.That(sealedSecret.At("metadata", "annotations"), Is.Null);
            }
            else
            {
                Assert.That(sealedSecret.At("metadata", "annotations", annotation)?.ToString(), Is.EqualTo("true"), "the controller reads the scope from the SealedSecret");
                Assert.That(sealedSecret.At("spec", "template", "metadata", "annotations", annotation)?.ToString(), Is.EqualTo("true"), "kubeseal --scope also annotates the Secret it seals");
            }
        });

        // A value sealed for one scope does not open under another scope's label.
        foreach (var other in new[] { "web/db-credentials", "web", string.Empty }.Where(l => l != label))
        {
            Assert.That(() => Unsealed(sealedSecret, other), Throws.InstanceOf<CryptographicException>(), $"label '{other}'");
        }
    }

    [Test]
    public void With_the_default_scope_the_Secrets_own_scope_annotation_decides()
    {
        var manifest = Manifest.Replace("    owner: team-web", "    owner: team-web\n    sealedsecrets.bitnami.com/cluster-wide: \"true\"", StringComparison.Ordinal);
        var (finding, text) = Analyze(manifest, Settings("strict"));

        var fix = finding.Fixes.Single(f => f.Title.StartsWith("Convert to a SealedSecret", StringComparison.Ordinal));
        Assert.That(fix.Title, Does.Contain("cluster-wide scope"));
        Assert.That(Unsealed(Document(YamlEdits.Apply(text, fix.Edits), "SealedSecret"), string.Empty), Is.EqualTo(Originals));
    }

    [Test]
    public void A_strict_seal_needs_a_namespace_and_the_ExternalSecret_fix_remains()
    {
        var manifest = Manifest.Replace("  namespace: web\n", string.Empty, StringComparison.Ordinal);
        var (finding, _) = Analyze(manifest, Settings("strict"));

        Assert.That(finding.Fixes.Select(f => f.Title), Has.None.StartsWith("Convert to a SealedSecret"));
        Assert.That(finding.Fixes.Single().Title, Does.StartWith("Convert to an ExternalSecret"));
        Assert.That(finding.Message, Does.Contain("No SealedSecret fix: a strict seal needs the Secret's namespace"));
    }

    [Test]
    public void A_cluster_wide_seal_works_without_a_namespace()
    {
        var manifest = Manifest.Replace("  namespace: web\n", string.Empty, StringComparison.Ordinal);
        var (finding, text) = Analyze(manifest, Settings("cluster-wide"));

        var fix = finding.Fixes.Single(f => f.Title.StartsWith("Convert to a SealedSecret", StringComparison.Ordinal));
        Assert.That(Unsealed(Document(YamlEdits.Apply(text, fix.Edits), "SealedSecret"), string.Empty), Is.EqualTo(Originals));
    }

    [Test]
    public void Without_a_certificate_only_the_ExternalSecret_fix_is_offered()
    {
        var (finding, _) = Analyze(Manifest, rulesYaml: null);

        Assert.That(finding.Fixes, Has.Count.EqualTo(1));
        Assert.That(finding.Fixes[0].Title, Does.StartWith("Convert to an ExternalSecret"));
        Assert.That(finding.Fixes[0].IsPreferred, Is.True);
        Assert.That(finding.Message, Does.Not.Contain("No SealedSecret fix"));
    }

    [Test]
    public void A_missing_or_expired_certificate_is_explained_and_no_SealedSecret_fix_is_offered()
    {
        var (missing, _) = Analyze(Manifest, $"settings:\n  sealedSecretsCertificate: does/not/exist.pem\n", writeCertificate: false);
        Assert.That(missing.Message, Does.Contain("No SealedSecret fix: the sealed-secrets certificate does/not/exist.pem does not exist"));
        Assert.That(missing.Fixes.Single().Title, Does.StartWith("Convert to an ExternalSecret"));

        var (expired, _) = Analyze(Manifest, Settings("strict"), notAfter: DateTimeOffset.UtcNow.AddDays(-1));
        Assert.That(expired.Message, Does.Contain("the certificate expired on"));
        Assert.That(expired.Fixes.Single().Title, Does.StartWith("Convert to an ExternalSecret"));
    }

    [Test]
    public void Undecodable_data_is_reported_but_not_sealed()
    {
        var manifest = Manifest.Replace("password: aHVudGVyMiBob3JzZQ==", "password: not base64!", StringComparison.Ordinal);
        var (finding, _) = Analyze(manifest, Settings("strict"));

        Assert.That(finding.Message, Does.Contain("No SealedSecret fix: a data value is not valid base64"));
    }

    [Test]
    public void ExternalSecret_fix_refers_to_the_configured_store_and_carries_the_values_apart_from_every_file_edit()
    {
        var rules = "settings:\n  externalSecretStore: vault-backend\n  externalSecretStoreKind: SecretStore\n";
        var (finding, text) = Analyze(Manifest, rules, writeCertificate: false, extraFiles: new() { ["apps/.gitignore"] = "node_modules/" });

        var fix = finding.Fixes.Single();
        Assert.That(fix.Title, Is.EqualTo("Convert to an ExternalSecret reading from SecretStore vault-backend; the values are handed to you (clipboard or a file outside the repository) for uploading to the store"));
        var externalSecret = Document(YamlEdits.Apply(text, fix.Edits), "ExternalSecret");
        Assert.Multiple(() =>
        {
            Assert.That(externalSecret.GetString("apiVersion"), Is.EqualTo("external-secrets.io/v1"));
            Assert.That(externalSecret.At("spec", "secretStoreRef", "name")?.ToString(), Is.EqualTo("vault-backend"));
            Assert.That(externalSecret.At("spec", "secretStoreRef", "kind")?.ToString(), Is.EqualTo("SecretStore"));
            Assert.That(externalSecret.At("spec", "target", "name")?.ToString(), Is.EqualTo("db-credentials"));
            Assert.That(externalSecret.At("spec", "target", "template", "type")?.ToString(), Is.EqualTo("kubernetes.io/basic-auth"));
            var data = (YamlSequence)externalSecret.At("spec", "data")!;
            Assert.That(data.Items.Cast<YamlMapping>().Select(d => d.GetString("secretKey")), Is.EqualTo(new[] { "username", "password", "dsn", "multi-line" }));
            Assert.That(data.Items.Cast<YamlMapping>().Select(d => d.At("remoteRef", "property")?.ToString()), Is.EqualTo(new[] { "username", "password", "dsn", "multi-line" }));
            Assert.That(data.Items.Cast<YamlMapping>().Select(d => d.At("remoteRef", "key")?.ToString()).Distinct(), Is.EqualTo(new[] { "web-db-credentials" }));
        });

        Assert.That(fix.OtherFiles, Is.Null, "no file of the repository receives the values");
        Assert.That(fix.Edits.Select(e => e.NewText), Has.None.Contain("hunter2").And.None.Contain("webapp@db"));
        Assert.That(fix.SecretValues!.FileName, Is.EqualTo("db-credentials.secret-values.env"));
        var values = fix.SecretValues.Text;
        Assert.That(values, Does.Contain("username=webapp\n"));
        Assert.That(values, Does.Contain("password=\"hunter2 horse\"\n"));
        Assert.That(values, Does.Contain("dsn=postgres://webapp@db:5432/web?sslmode=require\n"));
        Assert.That(values, Does.Contain("multi-line=\"first line\\nsecond line\\n\"\n"));
        Assert.That(values, Does.Contain("SecretStore 'vault-backend' as the secret 'web-db-credentials'"));
        Assert.That(fix.SecretValues.ToString(), Does.Not.Contain("hunter2"), "a values record that reaches a log shows no value");
    }

    [Test]
    public void The_repository_ExternalSecret_version_is_used()
    {
        var existing = "apiVersion: external-secrets.io/v1beta1\nkind: ExternalSecret\nmetadata:\n  name: other\nspec:\n  secretStoreRef:\n    name: s\n    kind: SecretStore\n  data: []\n";
        var (finding, text) = Analyze(Manifest, null, writeCertificate: false, extraFiles: new() { ["apps/other.yaml"] = existing });

        var fix = finding.Fixes.Single();
        Assert.That(Document(YamlEdits.Apply(text, fix.Edits), "ExternalSecret").GetString("apiVersion"), Is.EqualTo("external-secrets.io/v1beta1"));
        Assert.That(fix.Title, Does.Contain("a ClusterSecretStore you name"));
        Assert.That(YamlEdits.Apply(text, fix.Edits), Does.Contain("name: change-me-secret-store # set this to the ClusterSecretStore"));
    }

    [Test]
    public void Binary_values_go_to_the_values_file_as_base64()
    {
        var manifest = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: keystore\n  namespace: app\ndata:\n  keystore.p12: MIIKAgEDMIIJ/AYJKoZIhvcNAQcB\n";
        var (finding, _) = Analyze(manifest, null, writeCertificate: false);

        var values = finding.Fixes.Single().SecretValues!.Text;
        Assert.That(values, Does.Contain("# keystore.p12 is binary; its value below is base64.\nkeystore.p12=MIIKAgEDMIIJ/AYJKoZIhvcNAQcB\n"));
    }

    [Test]
    public void Secret_looking_annotations_are_not_copied_in_clear_into_the_SealedSecret_or_the_ExternalSecret()
    {
        var manifest = """
            apiVersion: v1
            kind: Secret
            metadata:
              name: api
              namespace: web
              annotations:
                owner: team-web
                backup-token: s3cr3t-Backup-Value-91
                notes: "password=Hunter2Horse!"
                github: ghp_abcdefghijklmnopqrstuvwxyz0123456789
            stringData:
              key: value-that-is-secret
            """;
        var (finding, text) = Analyze(manifest, Settings("strict"));

        foreach (var fix in finding.Fixes)
        {
            var replaced = YamlEdits.Apply(text, fix.Edits);
            Assert.That(replaced, Does.Contain("owner: team-web"), fix.Title);
            Assert.That(replaced, Does.Not.Contain("s3cr3t-Backup").And.Not.Contain("Hunter2Horse").And.Not.Contain("ghp_abc"), fix.Title);
        }

        Assert.That(finding.Fixes, Has.Count.EqualTo(2));
    }

    [Test]
    public void Check_fix_never_applies_the_ExternalSecret_conversion_whose_values_would_be_lost()
    {
        var fileSystem = new InMemoryFileSystem().Add("apps/secret.yaml", Manifest);
        var workspace = Core.Workspace.WorkspaceLoader.Load(InMemoryFileSystem.Root, fileSystem);
        var file = workspace.GetFile(InMemoryFileSystem.PathOf("apps/secret.yaml"))!;

        var result = FixApplier.ApplyAll(new Core.Analysis.Analyzer(), workspace, file);

        Assert.That(result.Text, Does.Contain("aHVudGVyMiBob3JzZQ==").And.Not.Contain("kind: ExternalSecret"));
    }

    [Test]
    public void Messages_name_the_keys_but_never_the_values()
    {
        var (finding, _) = Analyze(Manifest, null, writeCertificate: false);

        Assert.That(finding.Message, Is.EqualTo("Secret db-credentials holds 4 values in plain text (username, password, dsn, multi-line); anyone who can read the repository can read them."));
    }

    private static string Settings(string scope) => $"settings:\n  sealedSecretsCertificate: {CertificatePath}\n  sealedSecretsScope: {scope}\n";

    private static (Diagnostic Finding, string Text) Analyze(string manifest, string? rulesYaml, bool writeCertificate = true, DateTimeOffset? notAfter = null, Dictionary<string, string>? extraFiles = null)
    {
        var fileSystem = new InMemoryFileSystem().Add("apps/secret.yaml", manifest);
        if (rulesYaml is not null)
        {
            fileSystem.Add(".gitops-ai/rules.yaml", rulesYaml);
        }

        if (writeCertificate)
        {
            using var certificate = Certificate(notAfter ?? DateTimeOffset.UtcNow.AddYears(10));
            fileSystem.Add(CertificatePath, certificate.ExportCertificatePem());
        }

        foreach (var (path, text) in extraFiles ?? [])
        {
            fileSystem.Add(path, text);
        }

        var finding = TestAnalysis.AnalyzeAll(fileSystem, "apps/secret.yaml").Single(d => d.Code == "plain-secret");
        return (finding, manifest);
    }

    /// <summary>A self-signed certificate for the controller key, as the sealed-secrets controller publishes it.</summary>
    private static X509Certificate2 Certificate(DateTimeOffset notAfter)
    {
        var request = new CertificateRequest("CN=sealed-secret, O=sealed-secret", ControllerKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return request.CreateSelfSigned(notAfter.AddYears(-11), notAfter);
    }

    private static YamlMapping Document(string text, string kind) =>
        YamlParser.Parse(text).Documents.Select(d => d.RootMapping).Single(m => m?.GetString("kind") == kind)!;

    private static Dictionary<string, string> Unsealed(YamlMapping sealedSecret, string label)
    {
        var encrypted = (YamlMapping)sealedSecret.At("spec", "encryptedData")!;
        return encrypted.Pairs.ToDictionary(
            p => p.KeyText!,
            p => Encoding.UTF8.GetString(KubesealCrypto.Unseal(ControllerKey, ((YamlScalar)p.Value).Value, Encoding.UTF8.GetBytes(label))));
    }
}
