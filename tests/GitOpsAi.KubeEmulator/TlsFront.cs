using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace GitOpsAi.KubeEmulator;

/// <summary>
/// HTTPS in front of the emulator's plain HTTP listener (HttpListener has no TLS on Linux, and Kestrel would pull the
/// ASP.NET framework into every test project): it terminates TLS on a loopback port with a server certificate of the
/// test CA, asks for a client certificate as kube-apiserver does (optional; one the CA did not sign fails the
/// handshake), and forwards the bytes to the listener. The listener learns which of its connections came with a valid
/// client certificate by the local port this front connected from.
/// </summary>
internal sealed class TlsFront : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly X509Certificate2 _serverCertificate;
    private readonly TestCertificates _authority;
    private readonly int _backendPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<int, string> _certificateUsers = new();
    private readonly Task _loop;

    public TlsFront(TestCertificates authority, int backendPort)
    {
        _authority = authority;
        _serverCertificate = authority.IssueServer();
        _backendPort = backendPort;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _loop = Task.Run(AcceptLoopAsync);
    }

    public int Port { get; }

    /// <summary>The user (certificate CN) of the TLS connection forwarded from <paramref name="backendClientPort"/>, if it presented a valid certificate.</summary>
    public string? CertificateUser(int backendClientPort) => _certificateUsers.TryGetValue(backendClientPort, out var user) ? user : null;

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is SocketException or ObjectDisposedException or OperationCanceledException)
            {
                return;
            }

            _ = Task.Run(() => ForwardAsync(client));
        }
    }

    private async Task ForwardAsync(TcpClient client)
    {
        using var _ = client;
        using var tls = new SslStream(client.GetStream(), leaveInnerStreamOpen: false);
        using var backend = new TcpClient();
        var backendPort = 0;
        try
        {
            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
            {
                ServerCertificate = _serverCertificate,
                ClientCertificateRequired = true,

                // No certificate is fine (the user may send a token); one the CA did not sign (or expired) is refused.
                RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is null || _authority.Signed(new X509Certificate2(certificate)),
            }, _stop.Token).ConfigureAwait(false);

            await backend.ConnectAsync(IPAddress.Loopback, _backendPort, _stop.Token).ConfigureAwait(false);
            backendPort = ((IPEndPoint)backend.Client.LocalEndPoint!).Port;
            if (tls.RemoteCertificate is { } certificate)
            {
                _certificateUsers[backendPort] = new X509Certificate2(certificate).GetNameInfo(X509NameType.SimpleName, forIssuer: false);
            }

            var backendStream = backend.GetStream();
            var up = tls.CopyToAsync(backendStream, _stop.Token);
            var down = backendStream.CopyToAsync(tls, _stop.Token);
            await Task.WhenAny(up, down).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is IOException or SocketException or System.Security.Authentication.AuthenticationException or OperationCanceledException or ObjectDisposedException)
        {
            // a refused handshake, a client that went away, or the emulator stopping
        }
        finally
        {
            _certificateUsers.TryRemove(backendPort, out string? _);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        await _loop.ConfigureAwait(false);
        _serverCertificate.Dispose();
        _stop.Dispose();
    }
}
