using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace GitOpsAi.KubeEmulator;

/// <summary>
/// A throwaway certificate authority for a test, made in memory: a server certificate for 127.0.0.1 and client
/// certificates signed by it, as a kubeconfig holds them (PEM, base64 in the *-data fields). Nothing is installed.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    private readonly RSA _authorityKey = RSA.Create(2048);

    public TestCertificates(string name = "emulator-ca")
    {
        var request = new CertificateRequest($"CN={name}", _authorityKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        Authority = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }

    /// <summary>The CA certificate (public part): what a kubeconfig's certificate-authority(-data) holds.</summary>
    public X509Certificate2 Authority { get; }

    public string AuthorityPem => Authority.ExportCertificatePem();

    /// <summary>A server certificate for 127.0.0.1 signed by the CA, with its key (loaded through PKCS#12 so SslStream can use it).</summary>
    public X509Certificate2 IssueServer() => Issue("CN=kube-apiserver", server: true, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(10));

    /// <summary>A client certificate signed by the CA (the user is its CN, as kube-apiserver reads it), with its key.</summary>
    public X509Certificate2 IssueClient(string user = "tester", bool expired = false) =>
        Issue($"CN={user}, O=system:masters", server: false, DateTimeOffset.UtcNow.AddDays(expired ? -10 : -1), DateTimeOffset.UtcNow.AddDays(expired ? -2 : 10));

    /// <summary>True when <paramref name="certificate"/> was signed by this CA and is valid now.</summary>
    public bool Signed(X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.Add(Authority);
        return chain.Build(certificate);
    }

    /// <summary>The certificate and its private key as PEM texts (client-certificate(-data), client-key(-data)).</summary>
    public static (string Certificate, string Key) Pem(X509Certificate2 certificate) =>
        (certificate.ExportCertificatePem(), certificate.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem());

    public static string Base64(string pem) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(pem));

    private X509Certificate2 Issue(string subject, bool server, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([server ? new Oid("1.3.6.1.5.5.7.3.1") : new Oid("1.3.6.1.5.5.7.3.2")], critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Authority, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        if (server)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
        }

        var serial = RandomNumberGenerator.GetBytes(12);
        serial[0] &= 0x7f;
        using var issued = request.Create(Authority.SubjectName, X509SignatureGenerator.CreateForRSA(_authorityKey, RSASignaturePadding.Pkcs1), notBefore, notAfter, serial);
        using var withKey = issued.CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null, X509KeyStorageFlags.Exportable);
    }

    public void Dispose()
    {
        Authority.Dispose();
        _authorityKey.Dispose();
    }
}
