using System.Security.Cryptography;
using GitOpsAi.Core.Secrets;

namespace GitOpsAi.Core.Tests.Secrets;

/// <summary>What looks like a secret and what only looks random.</summary>
public sealed class SecretDetectorTests
{
    [TestCase("AKIAZ7Q3LKXW2MB4PR5T", "an AWS access key id")]
    [TestCase("ghp_4fKq9Zr2Lm8Xv1Tn6Wc3Hy7Bd0Js5Pa2Ue9R", "a GitHub token")]
    [TestCase("github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ab", "a GitHub token")]
    [TestCase("glpat-x7Kq2Lm9Zr4Tn8Wc1Hy3", "a GitLab token")]
    [TestCase("xoxb-2048123456-4096123456789-q7Kx2Lm9Zr4Tn8Wc1Hy3Bd5J", "a Slack token")]
    [TestCase("https://hooks.slack.com/services/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", "a Slack webhook URL")]
    [TestCase("AIzaSyD4fKq9Zr2Lm8Xv1Tn6Wc3Hy7Bd0Js5Pa2", "a Google API key")]
    [TestCase("sk_live_4fKq9Zr2Lm8Xv1Tn6Wc3Hy7B", "a Stripe secret key")]
    [TestCase("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c", "a JSON Web Token")]
    [TestCase("postgres://app:Xq7-kL2m@db.internal:5432/app", "a URL with a password")]
    public void Well_known_formats_are_recognised(string value, string what)
    {
        var match = SecretDetector.KnownFormats(value).FirstOrDefault();

        Assert.That(match?.What, Is.EqualTo(what));
    }

    [Test]
    public void A_private_key_is_recognised_but_a_documentation_placeholder_is_not()
    {
        using var rsa = RSA.Create(2048);
        var pem = rsa.ExportPkcs8PrivateKeyPem();

        Assert.That(SecretDetector.KnownFormats(pem).Single().What, Is.EqualTo("a private key"));
        Assert.That(SecretDetector.KnownFormats("-----BEGIN OPENSSH PRIVATE KEY-----\n...\n-----END OPENSSH PRIVATE KEY-----"), Is.Empty);
    }

    [TestCase("AKIAIOSFODNN7EXAMPLE")]
    [TestCase("postgres://app:${DB_PASSWORD}@db:5432/app")]
    [TestCase("rtsp://admin:{FRIGATE_RTSP_PASSWORD}@10.0.0.5:554/live")]
    [TestCase("https://github.com/org/repo.git")]
    [TestCase("ENC[AES256_GCM,data:q7Kx2Lm9Zr4Tn8Wc,iv:abc,tag:def,type:str]")]
    public void Look_alikes_are_not_known_formats(string value)
    {
        Assert.That(SecretDetector.KnownFormats(value), Is.Empty);
    }

    [Test]
    public void Random_base64_of_24_bytes_has_high_entropy()
    {
        var misses = 0;
        for (var i = 0; i < 200; i++)
        {
            var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));
            if (!SecretDetector.HighEntropy($"key = {token}", 20, 3.5).Any())
            {
                misses++;
            }
        }

        Assert.That(misses, Is.LessThan(10), "random 32-character base64 tokens should almost always be found");
    }

    [Test]
    public void Every_long_random_run_among_short_words_is_found_where_it_is_with_its_length_without_padding()
    {
        const string first = "Xq7kL2m9Zr4Tn8Wc1Hy3Bd5J";
        const string second = "Qw3Er5Ty7Ui9Op1As2Df4Gh6";
        var text = $"a b c {first}== d e f short9Run x {second}=";

        var found = SecretDetector.HighEntropy(text, 20, 3.5).Select(m => (m.Start, m.Length)).ToList();

        Assert.That(found, Is.EqualTo(new[] { (text.IndexOf(first, StringComparison.Ordinal), first.Length), (text.IndexOf(second, StringComparison.Ordinal), second.Length) }));
        Assert.That(SecretDetector.HighEntropy(text, first.Length + 1, 3.5), Is.Empty, "padding does not count towards the length");
    }

    [TestCase("sha256:0d5e3c2b9a8f7e6d5c4b3a29180f7e6d5c4b3a29180f7e6d5c4b3a29180f7e6d")]
    [TestCase("ghcr.io/stefanprodan/podinfo@sha256:0d5e3c2b9a8f7e6d5c4b3a29180f7e6d5c4b3a29180f7e6d5c4b3a29180f7e6d")]
    [TestCase("3f2a8c1e-9b7d-4e6f-a5c3-1d2e3f4a5b6c")]
    [TestCase("5d41402abc4b2a76b9719d911017c592aa1b2c3d")]
    [TestCase("https://charts.example.com/stable/index.yaml?ref=Xq7kL2m9Zr4Tn8Wc1Hy3Bd5J")]
    [TestCase("${CLUSTER_SECRET_TOKEN_WITH_A_LONG_NAME}")]
    [TestCase("{{ .Values.global.imagePullSecretsForTheRegistry }}")]
    [TestCase("ENC[AES256_GCM,data:Xq7kL2m9Zr4Tn8Wc1Hy3Bd5JXq7kL2m9,iv:Zr4Tn8Wc1Hy3Bd5J,tag:abc,type:str]")]
    [TestCase("aGVsbG8gd29ybGQgdGhpcyBpcyBwbGFpbiB0ZXh0")]
    [TestCase("ApplicationControllerReplicas2")]
    [TestCase("/webhooks/0/clientConfig/caBundle")]
    [TestCase("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl")]
    [TestCase("LOG4J_FORMAT_MSG_NO_LOOKUPS=true")]
    public void Things_that_only_look_random_are_not_high_entropy(string value)
    {
        Assert.That(SecretDetector.HighEntropy(value, 20, 3.5), Is.Empty);
    }

    [Test]
    public void A_certificate_body_is_public()
    {
        using var rsa = RSA.Create(2048);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=test", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1));

        Assert.That(SecretDetector.HighEntropy(certificate.ExportCertificatePem(), 20, 3.5), Is.Empty);
    }

    [TestCase("password = hunter2horse", "hunter2horse")]
    [TestCase("  api_key: \"q7Kx2Lm9Zr4T\"", "q7Kx2Lm9Zr4T")]
    [TestCase("{\"clientSecret\": \"q7Kx2Lm9Zr4T\"}", "q7Kx2Lm9Zr4T")]
    [TestCase("-Djavax.net.ssl.trustStorePassword=s3cr3tpw", "s3cr3tpw")]
    public void Password_assignments_in_text_are_found(string text, string value)
    {
        var match = SecretDetector.Assignments(text).Single();

        Assert.That(text.Substring(match.Start, match.Length), Is.EqualTo(value));
    }

    [TestCase("password: ${DB_PASSWORD}")]
    [TestCase("password_file: /run/secrets/db")]
    [TestCase("token: <your token>")]
    [TestCase("password = changeme")]
    [TestCase("automountServiceAccountToken: false")]
    [TestCase("passwordPattern: ^.{8,32}$")]
    [TestCase("api_key: !env_var SONARR_API_KEY")]
    [TestCase("token_ttl = 3600")]
    public void Assignments_of_references_settings_and_placeholders_are_not_found(string text)
    {
        Assert.That(SecretDetector.Assignments(text), Is.Empty);
    }

    [TestCase("hunter2horse", false)]
    [TestCase("/etc/secrets/token", true)]
    [TestCase("https://auth.example.com/token", true)]
    [TestCase("3600", true)]
    [TestCase("true", true)]
    [TestCase("30s", true)]
    [TestCase("<password>", true)]
    [TestCase("changeme", true)]
    [TestCase("yourpassword", true)]
    [TestCase("${PASSWORD}", true)]
    [TestCase("$(POD_NAME)", true)]
    public void Literal_candidates_exclude_values_that_cannot_be_secrets(string value, bool excluded)
    {
        Assert.That(SecretDetector.IsLiteralSecretCandidate(value), Is.EqualTo(!excluded));
    }

    [Test]
    public void Placeholders_naming_the_variable_are_not_candidates()
    {
        Assert.That(SecretDetector.IsLiteralSecretCandidate("GOOGLE_API_KEY_VAL", "GOOGLE_API_KEY"), Is.False);
    }

    [TestCase("AKIAZ7Q3LKXW2MB4PR5T", "'AKIA…' (20 characters)")]
    [TestCase("hunter2", "(7 characters)")]
    [TestCase("q7Kx2Lm9Zr4T", "'q7…' (12 characters)")]
    public void Redaction_shows_a_short_prefix_and_the_length(string value, string shown)
    {
        Assert.That(SecretDetector.Redact(value), Is.EqualTo(shown));
    }
}
