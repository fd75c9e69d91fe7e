using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Manifests;

/// <summary>
/// One Kubernetes object as written in a file: its identity (apiVersion, kind, name, namespace, labels) read from the
/// positioned tree, plus typed access to its pod template. Nothing is copied out of the tree, so spans stay exact.
/// </summary>
public sealed class Manifest
{
    private IReadOnlyDictionary<string, string>? _labels;

    internal Manifest(YamlDocument document, YamlMapping root, string? impliedApiVersion = null, string? impliedKind = null)
    {
        Document = document;
        Root = root;
        ApiVersion = root.GetString("apiVersion") ?? impliedApiVersion;
        Kind = root.GetString("kind") ?? impliedKind;
        Group = ApiGroupVersion.GroupOf(ApiVersion);
        var metadata = root.GetMapping("metadata");
        Name = metadata?.GetString("name");
        Namespace = metadata?.GetString("namespace");
        HasImpliedIdentity = impliedApiVersion is not null && root.GetString("apiVersion") is null;
        IsImpliedKustomization = HasImpliedIdentity && Group == "kustomize.config.k8s.io";
    }

    public YamlDocument Document { get; }

    public YamlMapping Root { get; }

    public string? ApiVersion { get; }

    public string? Kind { get; }

    public string? Name { get; }

    public string? Namespace { get; }

    /// <summary>True when the apiVersion (and perhaps kind) was filled in: by kustomize, or by the typed list (ConfigMapList) holding the object.</summary>
    public bool HasImpliedIdentity { get; }

    /// <summary>True for a <c>kustomization.yaml</c> that omits its apiVersion (and perhaps kind); kustomize allows it.</summary>
    public bool IsImpliedKustomization { get; }

    /// <summary>The API group ("" for the core group), read once: rules ask for it of every object.</summary>
    public string Group { get; }

    public YamlMapping? Metadata => Root.GetMapping("metadata");

    /// <summary>True for a document encrypted with SOPS: it carries a top-level <c>sops</c> block and ENC[...] values.</summary>
    /// <remarks>
    /// Read once: the document's checks and each secret rule asked again, a walk of the root's keys each time (1 % of the
    /// 50,000-resource check's CPU, issue 13). Two threads may both read it; they find the same answer.
    /// </remarks>
    public bool IsSopsEncrypted => (_sopsVerdict != Unread ? _sopsVerdict : _sopsVerdict = ReadSopsVerdict()) == Encrypted;

    private const byte Unread = 0;
    private const byte Encrypted = 1;
    private const byte Plain = 2;
    private byte _sopsVerdict;

    private byte ReadSopsVerdict() =>
        Root.GetMapping("sops") is { } sops && (sops.GetPair("mac") is not null || sops.GetPair("version") is not null) ? Encrypted : Plain;

    public YamlMapping? Spec => Root.GetMapping("spec");

    public IReadOnlyDictionary<string, string> Labels => _labels ??= ReadStringMap(Metadata?.GetMapping("labels"));

    public IReadOnlyDictionary<string, string> Annotations => ReadStringMap(Metadata?.GetMapping("annotations"));

    /// <summary>"Deployment web" — how editors and messages name the object.</summary>
    public string DisplayName => Name is null ? Kind ?? "(no kind)" : $"{Kind} {Name}";

    public bool Is(string group, string kind) => Kind == kind && Group == group;

    /// <summary>kustomize's own Kustomization or Component (not Flux's Kustomization).</summary>
    public bool IsKustomizeConfig => Group == "kustomize.config.k8s.io" && Kind is "Kustomization" or "Component";

    /// <summary>
    /// An object the API server would be asked to admit, so admission policies (Kyverno, CEL) are offered it: it has a
    /// kind, and it is not a kustomization file (kustomize's own, written with or without its apiVersion).
    /// </summary>
    public bool IsAdmittable => Kind is { Length: > 0 } && !IsKustomizeConfig && !IsImpliedKustomization;

    /// <summary>Flux's Kustomization (kustomize.toolkit.fluxcd.io).</summary>
    public bool IsFluxKustomization => Group == "kustomize.toolkit.fluxcd.io" && Kind == "Kustomization";

    /// <summary>Made once per manifest (every rule of a workload asks for it; the manifest's tree does not change).</summary>
    public PodTemplate? PodTemplate => _podTemplateRead ? _podTemplate : ReadPodTemplate();

    private PodTemplate? _podTemplate;
    private volatile bool _podTemplateRead;

    private PodTemplate? ReadPodTemplate()
    {
        _podTemplate = WorkloadKinds.PodSpecPath(Kind) is { } path && Root.At(path) is YamlMapping podSpec ? new PodTemplate(this, podSpec) : null;
        _podTemplateRead = true;
        return _podTemplate;
    }

    public override string ToString() => $"{ApiVersion} {DisplayName}";

    private static IReadOnlyDictionary<string, string> ReadStringMap(YamlMapping? mapping)
    {
        if (mapping is null || mapping.Pairs.Count == 0)
        {
            return EmptyMap;
        }

        var result = new Dictionary<string, string>(mapping.Pairs.Count, StringComparer.Ordinal);
        foreach (var pair in mapping.Pairs)
        {
            if (pair.KeyText is { } key && pair.Value is YamlScalar scalar)
            {
                result[key] = scalar.Value;
            }
        }

        return result;
    }

    private static readonly IReadOnlyDictionary<string, string> EmptyMap = new Dictionary<string, string>();
}
