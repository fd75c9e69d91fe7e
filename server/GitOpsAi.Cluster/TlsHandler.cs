using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using k8s;

namespace GitOpsAi.Cluster;

/// <summary>
/// The socket handler for a kubeconfig's TLS settings: the cluster's CA (or insecure-skip-tls-verify), the client
/// certificate, the TLS server name. Credentials (tokens, exec plugins) are added per request, not here.
/// </summary>
internal static class TlsHandler
{
    public static SocketsHttpHandler Create(KubernetesClientConfiguration configuration)
    {
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), SslOptions = new SslClientAuthenticationOptions() };
        if (!string.IsNullOrEmpty(configuration.TlsServerName))
        {
            handler.SslOptions.TargetHost = configuration.TlsServerName;
        }

        if (configuration.SkipTlsVerify)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        }
        else if (configuration.SslCaCerts is { Count: > 0 } authorities)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                errors == SslPolicyErrors.None || (certificate is not null && errors == SslPolicyErrors.RemoteCertificateChainErrors && ChainsTo(new X509Certificate2(certificate), authorities));
        }

        if (!string.IsNullOrEmpty(configuration.ClientCertificateData) || !string.IsNullOrEmpty(configuration.ClientCertificateFilePath))
        {
            handler.SslOptions.ClientCertificates = [ClientCertificate(configuration)];
        }

        return handler;
    }

    /// <summary>The kubeconfig's client-certificate(-data) and client-key(-data), PEM, as a certificate with its key.</summary>
    private static X509Certificate2 ClientCertificate(KubernetesClientConfiguration configuration)
    {
        static string Pem(string? data, string? file) => !string.IsNullOrEmpty(data)
            ? System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(data))
            : File.ReadAllText(file ?? throw new InvalidOperationException("The kubeconfig names a client certificate without its key."));

        using var pem = X509Certificate2.CreateFromPem(
            Pem(configuration.ClientCertificateData, configuration.ClientCertificateFilePath),
            Pem(configuration.ClientCertificateKeyData, configuration.ClientKeyFilePath));

        // SslStream on Linux wants a certificate whose key came from PKCS#12, not an ephemeral PEM key.
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }

    private static bool ChainsTo(X509Certificate2 certificate, X509Certificate2Collection authorities)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        return chain.Build(certificate);
    }
}
