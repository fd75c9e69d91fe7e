using GitOpsAi.Core.Drift;
using GitOpsAi.KubeEmulator;
using static GitOpsAi.Cluster.Tests.ClusterTestKit;

namespace GitOpsAi.Cluster.Tests;

/// <summary>
/// Every way a kubeconfig authenticates, against the emulator serving HTTPS with a test CA: a bearer token, a client
/// certificate (inline or in files), an exec plugin; and the faults (wrong CA, a refused token, no credentials, a
/// certificate from another CA) each end in one clear status, never an exception out of the cache.
/// </summary>
public sealed class ClusterAuthTests
{
    private static readonly ObjectKey Web = new("apps", "Deployment", "shop", "web");

    private TestCertificates _authority = null!;
    private KubeApiEmulator _emulator = null!;
    private string _folder = null!;

    [SetUp]
    public void StartHttpsEmulator()
    {
        _authority = new TestCertificates();
        _emulator = new KubeApiEmulator(_authority);
        _emulator.Apply(Objects);
        _folder = Directory.CreateTempSubdirectory("gitops-ai-auth-").FullName;
    }

    [TearDown]
    public async Task StopEmulator()
    {
        await _emulator.DisposeAsync();
        _authority.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Test]
    public async Task A_bearer_token_over_HTTPS_with_the_CA_inline_lists_the_cluster()
    {
        var status = await ListAsync(Kubeconfig(CaData(_authority), $"token: {KubeApiEmulator.Token}"));

        AssertInSync(status);
    }

    [Test]
    public async Task A_client_certificate_and_key_inline_list_the_cluster_with_no_token()
    {
        var (certificate, key) = TestCertificates.Pem(_authority.IssueClient());

        var status = await ListAsync(Kubeconfig(CaData(_authority), $"client-certificate-data: {TestCertificates.Base64(certificate)}", $"client-key-data: {TestCertificates.Base64(key)}"));

        AssertInSync(status);
        Assert.That(_emulator.Requests, Is.Not.Empty);
    }

    [Test]
    public async Task A_client_certificate_key_and_CA_in_files_beside_the_kubeconfig_list_the_cluster()
    {
        var (certificate, key) = TestCertificates.Pem(_authority.IssueClient());
        File.WriteAllText(Path.Combine(_folder, "ca.crt"), _authority.AuthorityPem);
        File.WriteAllText(Path.Combine(_folder, "client.crt"), certificate);
        File.WriteAllText(Path.Combine(_folder, "client.key"), key);

        // Relative paths are read from the kubeconfig's folder, as kubectl reads them.
        var status = await ListAsync(Kubeconfig("certificate-authority: ca.crt", "client-certificate: client.crt", $"client-key: {Path.Combine(_folder, "client.key")}"));

        AssertInSync(status);
    }

    [Test]
    public async Task An_exec_plugin_that_prints_an_ExecCredential_token_lists_the_cluster()
    {
        var plugin = WriteExecPlugin($$$"""{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"{{{KubeApiEmulator.Token}}}"}}""");

        var status = await ListAsync(Kubeconfig(CaData(_authority), "exec:", "  apiVersion: client.authentication.k8s.io/v1beta1", $"  command: {plugin}", "  args: [get-token]"));

        AssertInSync(status);
    }

    [Test]
    public async Task A_server_certificate_from_another_CA_is_one_unreachable_status_that_names_the_certificate()
    {
        using var other = new TestCertificates("some-other-ca");

        var status = await ListAsync(Kubeconfig(CaData(other), $"token: {KubeApiEmulator.Token}"));

        Assert.That(status.State, Is.EqualTo(ClusterState.Unreachable), status.Message);
        Assert.That(status.Message, Does.Contain("emulator").And.Contain("certificate-authority"));
        Assert.That(_emulator.Requests, Is.Empty, "no request may be sent to a server the CA does not vouch for");
    }

    [Test]
    public async Task An_expired_token_is_one_unauthorized_status()
    {
        var status = await ListAsync(Kubeconfig(CaData(_authority), "token: expired-token"));

        Assert.That(status.State, Is.EqualTo(ClusterState.Unauthorized), status.Message);
        Assert.That(status.Message, Does.Contain("401 Unauthorized"));
        AssertOnlyGets();
    }

    [Test]
    public async Task A_user_with_neither_a_client_certificate_nor_a_token_is_one_unauthorized_status()
    {
        var status = await ListAsync(Kubeconfig(CaData(_authority), "username: nobody", "password: guess"));

        Assert.That(status.State, Is.EqualTo(ClusterState.Unauthorized), status.Message);
        AssertOnlyGets();
    }

    [Test]
    public void A_client_certificate_file_that_is_missing_is_a_clear_error_naming_the_kubeconfig()
    {
        var kubeconfig = Kubeconfig(CaData(_authority), "client-certificate: missing.crt", "client-key: missing.key");

        var failure = Assert.Throws<ClusterRequestException>(() => ClusterConnection.Open(kubeconfig, null, TimeSpan.FromSeconds(5)).Dispose());

        Assert.That(failure!.Message, Does.Contain(kubeconfig).And.Contain("missing."));
        Assert.That(_emulator.Requests, Is.Empty);
    }

    [Test]
    public void A_client_key_that_is_not_a_key_is_a_clear_error_naming_the_kubeconfig()
    {
        var (certificate, _) = TestCertificates.Pem(_authority.IssueClient());
        var kubeconfig = Kubeconfig(CaData(_authority), $"client-certificate-data: {TestCertificates.Base64(certificate)}", $"client-key-data: {TestCertificates.Base64("not a key")}");

        var failure = Assert.Throws<ClusterRequestException>(() => ClusterConnection.Open(kubeconfig, null, TimeSpan.FromSeconds(5)).Dispose());

        Assert.That(failure!.Message, Does.Contain(kubeconfig));
    }

    [TestCase(false, TestName = "A_client_certificate_from_another_CA_is_one_unreachable_status_and_never_an_exception")]
    [TestCase(true, TestName = "An_expired_client_certificate_is_one_unreachable_status_and_never_an_exception")]
    public async Task A_refused_client_certificate_is_one_unreachable_status(bool expiredFromTheRightCa)
    {
        using var other = new TestCertificates("some-other-ca");
        var (certificate, key) = TestCertificates.Pem(expiredFromTheRightCa ? _authority.IssueClient(expired: true) : other.IssueClient());

        var status = await ListAsync(Kubeconfig(CaData(_authority), $"client-certificate-data: {TestCertificates.Base64(certificate)}", $"client-key-data: {TestCertificates.Base64(key)}"));

        Assert.That(status.State, Is.EqualTo(ClusterState.Unreachable), status.Message);
        Assert.That(status.Message, Does.Contain("emulator").And.Contain("client-certificate"));
    }

    [Test]
    public void An_exec_plugin_that_fails_is_a_clear_error_naming_the_kubeconfig()
    {
        var plugin = WriteExecPlugin("""{"not": "an ExecCredential"}""", exitCode: 1);
        var kubeconfig = Kubeconfig(CaData(_authority), "exec:", "  apiVersion: client.authentication.k8s.io/v1beta1", $"  command: {plugin}");

        var failure = Assert.Throws<ClusterRequestException>(() => ClusterConnection.Open(kubeconfig, null, TimeSpan.FromSeconds(5)).Dispose());

        Assert.That(failure!.Message, Does.Contain(kubeconfig));
        Assert.That(_emulator.Requests, Is.Empty);
    }

    /// <summary>Connects, lists once (no watch) and returns the status; the cache never throws for a fault.</summary>
    private async Task<ClusterStatus> ListAsync(string kubeconfig)
    {
        using var connection = ClusterConnection.Open(kubeconfig, null, TimeSpan.FromSeconds(5));
        await using var cache = new ClusterCache(connection, FastOptions());
        await cache.StartAsync(watch: false);
        var status = cache.Status;
        if (status.State == ClusterState.InSync)
        {
            Assert.That(cache.Snapshot().Find(Web), Is.Not.Null, "the Deployment was listed");
        }

        return status;
    }

    private void AssertInSync(ClusterStatus status)
    {
        Assert.That(status.State, Is.EqualTo(ClusterState.InSync), status.Message);
        AssertOnlyGets();
    }

    private void AssertOnlyGets() =>
        Assert.That(_emulator.Requests.Select(r => r.Method).Distinct(), Is.EqualTo(new[] { "GET" }), "a request other than GET reached the cluster");

    private static string CaData(TestCertificates authority) => $"certificate-authority-data: {TestCertificates.Base64(authority.AuthorityPem)}";

    /// <summary>A kubeconfig with one context: the emulator's address plus the given cluster line, and the given user lines.</summary>
    private string Kubeconfig(string clusterLine, params string[] userLines)
    {
        var path = Path.Combine(_folder, "kubeconfig");
        var user = string.Join("\n", userLines.Select(l => "      " + l));
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
              - name: emulator
                cluster:
                  server: {_emulator.Url.ToString().TrimEnd('/')}
                  {clusterLine}
            users:
              - name: tester
                user:
            {user}
            contexts:
              - name: emulator
                context:
                  cluster: emulator
                  user: tester
            current-context: emulator
            """);
        return path;
    }

    /// <summary>A shell script that prints <paramref name="output"/>, as a credential plugin (gke-gcloud-auth-plugin, aws) does.</summary>
    private string WriteExecPlugin(string output, int exitCode = 0)
    {
        if (OperatingSystem.IsWindows() || !File.Exists("/bin/sh"))
        {
            Assert.Ignore("the exec plugin test needs /bin/sh");
            return string.Empty;
        }

        var path = Path.Combine(_folder, "credential-plugin");
        File.WriteAllText(path, $"#!/bin/sh\ncat <<'EOF'\n{output}\nEOF\nexit {exitCode}\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }
}
