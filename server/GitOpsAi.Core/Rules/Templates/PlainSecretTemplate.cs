using System.Collections.Concurrent;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Secrets;
using GitOpsAi.Core.Text;
using GitOpsAi.Core.Workspace;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Rules.Templates;

public sealed record PlainSecretParameters
{
    [Description("Regular expressions of Secret keys whose values are not secret (Argo CD repository url/type/name, public certificates...): a Secret holding only such keys is not reported.")]
    public IReadOnlyList<string> NonSecretKeys { get; init; } = ["^(url|type|name|project|server|insecure|enableLfs|enableOCI|forceHttpBasicAuth|ca\\.crt)$"];
}

/// <summary>
/// v1 Secrets committed with values in plain text. SOPS-encrypted documents and ENC[...] values, substitutions, empty
/// values, public certificates and known non-secret keys are not secrets. Fixes replace the Secret in place with a
/// SealedSecret (sealed offline with the configured controller certificate) or an ExternalSecret skeleton whose values
/// the editor hands to the user (never written into the repository).
/// </summary>
public sealed class PlainSecretTemplate(PlainSecretParameters? parameters = null) : RuleTemplate<PlainSecretParameters>(parameters)
{
    public override string TemplateName => "plain-secret";

    protected override void Check(RuleContext context, PlainSecretParameters parameters)
    {
        var manifest = context.Manifest;
        if (!SecretObject.IsSecret(manifest) || manifest.IsSopsEncrypted)
        {
            return;
        }

        var secret = SecretObject.Read(manifest);

        // A value holding SOPS ciphertext (every SOPS file's MAC is one, in the YAML, JSON, dotenv and binary formats):
        // the Secret was generated from a SOPS-encrypted env or data file, which Flux decrypts at apply time; what it
        // leaves in clear (encrypted_regex) was chosen so, and the sops metadata goes with the decryption.
        if (secret.EffectiveEntries.Any(e => e.Value is { } bytes && Encoding.UTF8.GetString(bytes).Contains("ENC[AES256_GCM,", StringComparison.Ordinal)))
        {
            return;
        }

        var plain = secret.EffectiveEntries.Where(e => IsPlainValue(context, e, parameters)).ToList();
        if (plain.Count == 0)
        {
            return;
        }

        var field = manifest.Root.GetPair(plain[0].Field)!.Value;
        var keys = string.Join(", ", plain.Take(5).Select(e => e.Key)) + (plain.Count > 5 ? $" and {plain.Count - 5} more" : string.Empty);
        var message = $"{manifest.DisplayName} holds {(plain.Count == 1 ? "a value" : $"{plain.Count} values")} in plain text ({keys}); anyone who can read the repository can read {(plain.Count == 1 ? "it" : "them")}.";

        if (ReplacedSpan(context) is not { } span)
        {
            context.Report(field.Key, message);
            return;
        }

        // Sealed even when no fix is wanted: why it cannot be sealed is part of the message.
        var sealedFix = SealedSecretFix(context, secret, span, out var problem);
        if (sealedFix is null && problem is not null)
        {
            message += $" (No SealedSecret fix: {problem}.)";
        }

        context.Report(field.Key, message, (secret, span, sealedFix), static (context, state) =>
            [state.sealedFix, ExternalSecretFix(context, state.secret, state.span, preferred: state.sealedFix is null)]);
    }

    private static bool IsPlainValue(RuleContext context, SecretEntry entry, PlainSecretParameters parameters)
    {
        if (parameters.NonSecretKeys.Any(pattern => context.Regexes.IsMatch(entry.Key, pattern)))
        {
            return false;
        }

        var written = entry.Written.Trim();
        if (written.Length == 0 || written.StartsWith("ENC[", StringComparison.Ordinal) || SecretDetector.LooksLikeReference(written))
        {
            return false; // empty, SOPS ciphertext, ${VAR} substitution, template
        }

        if (entry.Value is { Length: 0 })
        {
            return false;
        }

        var text = (entry.Value is null ? written : Encoding.UTF8.GetString(entry.Value)).Trim();
        return !OnlyCertificates(text) && !SecretDetector.LooksLikeReference(text) && !SecretDetector.IsPlaceholder(text) && text is not ("true" or "false");
    }

    // Linear (no nested quantifier): a timeout could only fire during a GC pause on a busy machine, and make the verdict
    // depend on the machine's load (see StallTolerant).
    private static readonly Regex PemCertificate = new("-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\\s]*-----END CERTIFICATE-----", RegexOptions.CultureInvariant, Regex.InfiniteMatchTimeout);

    /// <summary>PEM certificates (public) and nothing else.</summary>
    private static bool OnlyCertificates(string text)
    {
        if (!text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal) || text.Contains("PRIVATE KEY", StringComparison.Ordinal))
        {
            return false;
        }

        return PemCertificate.Replace(text, string.Empty).Trim().Length == 0;
    }

    /// <summary>The Secret document's text (to the end of its last line), when it can be replaced wholesale: a block
    /// mapping at column 0 without anchors or merge keys.</summary>
    private static TextSpan? ReplacedSpan(RuleContext context)
    {
        var root = context.Manifest.Root;
        if (root.IsFlow || context.Source.GetLinePosition(root.Span.Start).Character != 0 || HasSharedNodes(root))
        {
            return null;
        }

        var lastLine = context.Source.GetLinePosition(Math.Max(root.Span.Start, root.Span.End - 1)).Line;
        return TextSpan.FromBounds(root.Span.Start, context.Source.GetLineEnd(lastLine, includeBreak: false));
    }

    private static bool HasSharedNodes(YamlNode node) => node switch
    {
        _ when node.Anchor is not null => true,
        YamlMapping mapping => mapping.Pairs.Any(p => p.IsMerged || p.Key.Anchor is not null || HasSharedNodes(p.Value)),
        YamlSequence sequence => sequence.Items.Any(HasSharedNodes),
        _ => false,
    };

    private static CodeFix? SealedSecretFix(RuleContext context, SecretObject secret, TextSpan span, out string? problem)
    {
        problem = null;
        var settings = context.Settings;
        if (string.IsNullOrWhiteSpace(settings.SealedSecretsCertificate))
        {
            return null; // not configured: no SealedSecret fix, and nothing to say about it
        }

        if (!KubesealCrypto.TryParseScope(settings.SealedSecretsScope, out var scope))
        {
            problem = $"settings.sealedSecretsScope '{settings.SealedSecretsScope}' is not strict, namespace-wide or cluster-wide";
            return null;
        }

        var certificate = Config.ConfiguredFile.Resolve(context.Workspace, settings.SealedSecretsCertificate);
        if (certificate.Path is not { } path)
        {
            problem = $"the sealed-secrets certificate {certificate.Problem}";
            return null;
        }

        string pem;
        try
        {
            pem = IO.TextDecoder.Decode(context.Workspace.FileSystem.ReadAllBytes(path)).Text;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            problem = $"the sealed-secrets certificate {settings.SealedSecretsCertificate} cannot be read";
            return null;
        }

        var text = SealedText(pem, scope, secret, context.Source.Text[span.Start..span.End], NewLine(context.Source), settings.SealedSecretsCertificate, out problem);
        if (text is null)
        {
            return null;
        }

        var effectiveScope = text.Contains(KubesealCrypto.ClusterWideAnnotation, StringComparison.Ordinal) ? "cluster-wide"
            : text.Contains(KubesealCrypto.NamespaceWideAnnotation, StringComparison.Ordinal) ? "namespace-wide" : "strict";
        return new CodeFix($"Convert to a SealedSecret (sealed offline with {settings.SealedSecretsCertificate}, {effectiveScope} scope)", [new TextEdit(span, text)]) { IsPreferred = true };
    }

    // The editor re-analyses a file on every keystroke; sealing anew each time would cost an RSA encryption per value
    // and offer a different (random) text every time. The same Secret text, certificate and scope seal to one text.
    private static readonly ConcurrentDictionary<string, string> SealedTexts = new(StringComparer.Ordinal);
    private const int SealedTextsKept = 256;

    private static string? SealedText(string pem, SealingScope scope, SecretObject secret, string secretText, string newLine, string certificateName, out string? problem)
    {
        problem = null;
        var cacheKey = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\0', pem, scope, newLine, secretText))));
        if (SealedTexts.TryGetValue(cacheKey, out var cached))
        {
            return cached;
        }

        using var key = KubesealCrypto.PublicKeyFromPem(pem, DateTimeOffset.UtcNow, out var certificateProblem);
        if (key is null)
        {
            problem = $"{certificateName} cannot be used: {certificateProblem}";
            return null;
        }

        var text = SecretConversions.SealedSecret(secret, key, scope, newLine, out problem);
        if (text is not null)
        {
            if (SealedTexts.Count >= SealedTextsKept)
            {
                SealedTexts.Clear();
            }

            SealedTexts[cacheKey] = text;
        }

        return text;
    }

    private static CodeFix ExternalSecretFix(RuleContext context, SecretObject secret, TextSpan span, bool preferred)
    {
        var settings = context.Settings;
        var store = string.IsNullOrWhiteSpace(settings.ExternalSecretStore) ? null : settings.ExternalSecretStore;
        var storeKind = string.IsNullOrWhiteSpace(settings.ExternalSecretStoreKind) ? "ClusterSecretStore" : settings.ExternalSecretStoreKind;
        var newLine = NewLine(context.Source);
        var text = SecretConversions.ExternalSecret(secret, store, storeKind, ExternalSecretApiVersion(context), newLine);

        var valuesName = $"{FileNamePart(secret.Name ?? "secret")}.secret-values.env";
        var values = SecretConversions.ValuesFile(secret, Path.GetFileName(context.File.Path), store, storeKind, newLine);
        var storeText = store is null ? $"a {storeKind} you name" : $"{storeKind} {store}";
        return new CodeFix($"Convert to an ExternalSecret reading from {storeText}; the values are handed to you (clipboard or a file outside the repository) for uploading to the store", [new TextEdit(span, text)])
        {
            SecretValues = new SecretValues(valuesName, values),
            IsPreferred = preferred,
        };
    }

    /// <summary>
    /// The apiVersion the repository's ExternalSecrets already use, else external-secrets.io/v1: worked out once per
    /// snapshot (for each fix, `--fix` on a repository of many plain Secrets walked every ExternalSecret for each).
    /// </summary>
    private static string ExternalSecretApiVersion(RuleContext context) =>
        ApiVersions.GetValue(context.Workspace, static workspace => new StrongBox<string>(MostUsedExternalSecretApiVersion(workspace))).Value!;

    private static readonly ConditionalWeakTable<WorkspaceSnapshot, StrongBox<string>> ApiVersions = new();

    private static string MostUsedExternalSecretApiVersion(WorkspaceSnapshot workspace) =>
        workspace.ObjectsOfKind("ExternalSecret")
            .Select(o => o.Manifest.ApiVersion)
            .Where(v => v is not null && v.StartsWith("external-secrets.io/", StringComparison.Ordinal))
            .GroupBy(v => v!)
            .OrderByDescending(g => g.Count())
            .ThenByDescending(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Key)
            .FirstOrDefault() ?? SecretConversions.DefaultExternalSecretApiVersion;

    private static string FileNamePart(string name) => string.Concat(name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-'));

    private static string NewLine(SourceText source) => source.NewLine;
}
