using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace GitOpsAi.Core.Secrets;

/// <summary>kubeseal's --scope: which namespace/name a sealed value may be unsealed as.</summary>
public enum SealingScope
{
    /// <summary>Only as the same name in the same namespace (the default).</summary>
    Strict,

    /// <summary>Any name in the same namespace.</summary>
    NamespaceWide,

    /// <summary>Any name in any namespace.</summary>
    ClusterWide,
}

/// <summary>
/// Offline sealing in the format kubeseal produces (bitnami-labs/sealed-secrets pkg/crypto/crypto.go HybridEncrypt and
/// pkg/apis/sealedsecrets/v1alpha1/sealedsecret_expansion.go EncryptionLabel): for each value, a fresh 32-byte AES-256
/// session key; the output is the 2-byte big-endian length of the RSA-OAEP(SHA-256) encryption of the session key, that
/// RSA ciphertext, then the AES-GCM ciphertext and tag of the value under a zero 12-byte nonce (the key is used once).
/// The OAEP label binds the value to its scope: "namespace/name" (strict), "namespace" (namespace-wide), "" (cluster-wide).
/// </summary>
public static class KubesealCrypto
{
    public const string NamespaceWideAnnotation = "sealedsecrets.bitnami.com/namespace-wide";
    public const string ClusterWideAnnotation = "sealedsecrets.bitnami.com/cluster-wide";

    private const int SessionKeyBytes = 32;
    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    public static bool TryParseScope(string? text, out SealingScope scope)
    {
        switch (text?.Trim())
        {
            case null or "" or "strict":
                scope = SealingScope.Strict;
                return true;
            case "namespace-wide":
                scope = SealingScope.NamespaceWide;
                return true;
            case "cluster-wide":
                scope = SealingScope.ClusterWide;
                return true;
            default:
                scope = SealingScope.Strict;
                return false;
        }
    }

    public static string ScopeName(SealingScope scope) => scope switch
    {
        SealingScope.NamespaceWide => "namespace-wide",
        SealingScope.ClusterWide => "cluster-wide",
        _ => "strict",
    };

    /// <summary>The scope a Secret's own annotations ask for (cluster-wide wins over namespace-wide), as the controller reads it.</summary>
    public static SealingScope ScopeFromAnnotations(IReadOnlyDictionary<string, string> annotations) =>
        annotations.GetValueOrDefault(ClusterWideAnnotation) == "true" ? SealingScope.ClusterWide
        : annotations.GetValueOrDefault(NamespaceWideAnnotation) == "true" ? SealingScope.NamespaceWide
        : SealingScope.Strict;

    /// <summary>The RSA-OAEP label for a scope.</summary>
    public static byte[] Label(string? @namespace, string name, SealingScope scope) => Encoding.UTF8.GetBytes(scope switch
    {
        SealingScope.ClusterWide => string.Empty,
        SealingScope.NamespaceWide => @namespace ?? string.Empty,
        _ => $"{@namespace}/{name}",
    });

    /// <summary>Reads the sealing key from a PEM certificate as kubeseal does: the first certificate, which must hold an
    /// RSA key and must not have expired. Returns null with a reason otherwise.</summary>
    public static RSA? PublicKeyFromPem(string pem, DateTimeOffset now, out string? problem)
    {
        problem = null;
        X509Certificate2 certificate;
        try
        {
            certificate = X509Certificate2.CreateFromPem(pem);
        }
        catch (CryptographicException exception)
        {
            problem = $"it is not a PEM certificate ({exception.Message.TrimEnd('.')})";
            return null;
        }

        using (certificate)
        {
            if (now > certificate.NotAfter)
            {
                problem = $"the certificate expired on {certificate.NotAfter:yyyy-MM-dd}";
                return null;
            }

            var key = certificate.GetRSAPublicKey();
            if (key is null)
            {
                problem = "the certificate does not hold an RSA key";
            }

            return key;
        }
    }

    /// <summary>kubeseal's HybridEncrypt: base64 of (len(rsa) as uint16 BE) || RSA-OAEP-SHA256(sessionKey, label) || AES-256-GCM(value).</summary>
    public static string Seal(RSA publicKey, ReadOnlySpan<byte> plaintext, byte[] label)
    {
        Span<byte> sessionKey = stackalloc byte[SessionKeyBytes];
        RandomNumberGenerator.Fill(sessionKey);
        try
        {
            var rsaCiphertext = EncryptOaepSha256(publicKey, sessionKey, label);
            var output = new byte[2 + rsaCiphertext.Length + plaintext.Length + TagBytes];
            BinaryPrimitives.WriteUInt16BigEndian(output, checked((ushort)rsaCiphertext.Length));
            rsaCiphertext.CopyTo(output, 2);
            var aesStart = 2 + rsaCiphertext.Length;
            using var aes = new AesGcm(sessionKey, TagBytes);
            Span<byte> zeroNonce = stackalloc byte[NonceBytes];
            zeroNonce.Clear();
            aes.Encrypt(zeroNonce, plaintext, output.AsSpan(aesStart, plaintext.Length), output.AsSpan(aesStart + plaintext.Length, TagBytes));
            return Convert.ToBase64String(output);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(sessionKey);
        }
    }

    /// <summary>The inverse of <see cref="Seal"/> (what the controller does), for tests and checks.</summary>
    public static byte[] Unseal(RSA privateKey, string sealedBase64, byte[] label)
    {
        var data = Convert.FromBase64String(sealedBase64);
        var rsaLength = BinaryPrimitives.ReadUInt16BigEndian(data);
        if (data.Length < 2 + rsaLength + TagBytes)
        {
            throw new CryptographicException("The sealed value is too short.");
        }

        var sessionKey = DecryptOaepSha256(privateKey, data.AsSpan(2, rsaLength), label);
        var aesCiphertext = data.AsSpan(2 + rsaLength);
        var plaintext = new byte[aesCiphertext.Length - TagBytes];
        using var aes = new AesGcm(sessionKey, TagBytes);
        aes.Decrypt(new byte[NonceBytes], aesCiphertext[..^TagBytes], aesCiphertext[^TagBytes..], plaintext);
        return plaintext;
    }

    // .NET's RSA.Encrypt has no OAEP label parameter, so OAEP (RFC 8017 §7.1, SHA-256, MGF1-SHA-256) is encoded here and
    // the raw RSA operation is done with the public key's parameters.
    private static byte[] EncryptOaepSha256(RSA publicKey, ReadOnlySpan<byte> message, byte[] label)
    {
        var parameters = publicKey.ExportParameters(false);
        var k = parameters.Modulus!.Length;
        const int hLen = 32;
        if (message.Length > k - (2 * hLen) - 2)
        {
            throw new CryptographicException("The RSA key is too small for the session key.");
        }

        var lHash = SHA256.HashData(label);
        var db = new byte[k - hLen - 1];
        lHash.CopyTo(db, 0);
        db[db.Length - message.Length - 1] = 0x01;
        message.CopyTo(db.AsSpan(db.Length - message.Length));
        var seed = RandomNumberGenerator.GetBytes(hLen);
        Xor(db, Mgf1(seed, db.Length));
        Xor(seed, Mgf1(db, hLen));
        var encoded = new byte[k];
        seed.CopyTo(encoded, 1);
        db.CopyTo(encoded, 1 + hLen);
        return RawRsa(encoded, parameters.Modulus, parameters.Exponent!);
    }

    private static byte[] DecryptOaepSha256(RSA privateKey, ReadOnlySpan<byte> ciphertext, byte[] label)
    {
        var parameters = privateKey.ExportParameters(true);
        const int hLen = 32;
        var encoded = RawRsa(ciphertext.ToArray(), parameters.Modulus!, parameters.D!);
        var seed = encoded.AsSpan(1, hLen).ToArray();
        var db = encoded.AsSpan(1 + hLen).ToArray();
        Xor(seed, Mgf1(db, hLen));
        Xor(db, Mgf1(seed, db.Length));
        var lHash = SHA256.HashData(label);
        if (encoded[0] != 0 || !CryptographicOperations.FixedTimeEquals(db.AsSpan(0, hLen), lHash))
        {
            throw new CryptographicException("OAEP decoding failed: wrong key or label.");
        }

        var separator = Array.IndexOf(db, (byte)0x01, hLen);
        if (separator < 0 || db.AsSpan(hLen, separator - hLen).ContainsAnyExcept((byte)0))
        {
            throw new CryptographicException("OAEP decoding failed.");
        }

        return db[(separator + 1)..];
    }

    private static byte[] RawRsa(byte[] input, byte[] modulus, byte[] exponent)
    {
        var n = new System.Numerics.BigInteger(modulus, isUnsigned: true, isBigEndian: true);
        var e = new System.Numerics.BigInteger(exponent, isUnsigned: true, isBigEndian: true);
        var m = new System.Numerics.BigInteger(input, isUnsigned: true, isBigEndian: true);
        if (m >= n)
        {
            throw new CryptographicException("The RSA input is out of range.");
        }

        var c = System.Numerics.BigInteger.ModPow(m, e, n).ToByteArray(isUnsigned: true, isBigEndian: true);
        var output = new byte[modulus.Length];
        c.CopyTo(output, output.Length - c.Length);
        return output;
    }

    private static byte[] Mgf1(ReadOnlySpan<byte> seed, int length)
    {
        var output = new byte[length];
        var block = new byte[seed.Length + 4];
        seed.CopyTo(block);
        for (int counter = 0, offset = 0; offset < length; counter++, offset += 32)
        {
            BinaryPrimitives.WriteInt32BigEndian(block.AsSpan(seed.Length), counter);
            var hash = SHA256.HashData(block);
            hash.AsSpan(0, Math.Min(32, length - offset)).CopyTo(output.AsSpan(offset));
        }

        return output;
    }

    private static void Xor(Span<byte> target, ReadOnlySpan<byte> mask)
    {
        for (var i = 0; i < target.Length; i++)
        {
            target[i] ^= mask[i];
        }
    }
}
