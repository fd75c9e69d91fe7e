using System.Runtime.CompilerServices;
using GitOpsAi.Core.Expressions.Cel;
using GitOpsAi.Core.Kyverno;
using GitOpsAi.Core.Manifests;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.AdmissionPolicies;

/// <summary>A policy as it takes effect: a Kubernetes policy through one of its bindings, or a Kyverno policy on its own.</summary>
internal sealed record BoundCelPolicy(CelPolicy Policy, AdmissionPolicyBinding? Binding)
{
    public IReadOnlyList<string> Actions => Binding?.Actions ?? Policy.Actions;
}

/// <summary>
/// The workspace's CEL policies, their bindings, the Namespaces that decide namespaceSelectors and the objects that can
/// be params; built once per snapshot, each policy parsed once per manifest.
/// </summary>
internal sealed class CelPolicySet
{
    private static readonly ConditionalWeakTable<WorkspaceSnapshot, CelPolicySet> Sets = new();
    private static readonly ConditionalWeakTable<Manifest, CelPolicy> Policies = new();

    private readonly WorkspaceSnapshot _workspace;
    private readonly Dictionary<string, Manifest> _namespaces = new(StringComparer.Ordinal);

    private CelPolicySet(WorkspaceSnapshot workspace)
    {
        _workspace = workspace;
        var bindings = ResourceObjects(AdmissionPolicyLoader.IsBinding, "ValidatingAdmissionPolicyBinding").Select(o => AdmissionPolicyLoader.LoadBinding(o.Manifest)).ToList();
        Bindings = bindings;
        var bound = new List<BoundCelPolicy>();
        foreach (var (file, manifest) in ResourceObjects(AdmissionPolicyLoader.IsPolicy, "ValidatingAdmissionPolicy"))
        {
            var policy = PolicyFor(file, manifest);
            bound.AddRange(bindings.Where(b => b.PolicyName == policy.Name).Select(b => new BoundCelPolicy(policy, b)));
        }

        foreach (var kind in (string[])["ValidatingPolicy", "NamespacedValidatingPolicy"])
        {
            foreach (var (file, manifest) in ResourceObjects(KyvernoValidatingPolicyLoader.IsValidatingPolicy, kind))
            {
                bound.Add(new BoundCelPolicy(PolicyFor(file, manifest), null));
            }
        }

        Bound = bound;
        if (bound.Count > 0)
        {
            foreach (var (_, manifest) in workspace.ObjectsOfKind("Namespace"))
            {
                if (manifest.Name is { } name && manifest.Group.Length == 0)
                {
                    _namespaces[name] = manifest;
                }
            }
        }
    }

    public IReadOnlyList<BoundCelPolicy> Bound { get; }

    public IReadOnlyList<AdmissionPolicyBinding> Bindings { get; }

    /// <summary>The kinds the set is built from: an edit to a file holding none of them keeps the previous snapshot's policies.</summary>
    private static readonly HashSet<string> SourceKinds = new(StringComparer.Ordinal)
    {
        "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding", "ValidatingPolicy", "NamespacedValidatingPolicy", "Namespace",
    };

    /// <summary>
    /// The snapshot's set: the previous snapshot's policies, bindings and Namespaces when the edit could not change them
    /// (params are still looked up in this snapshot), else built from the object index.
    /// </summary>
    public static CelPolicySet For(WorkspaceSnapshot workspace) => Sets.GetValue(workspace, w =>
        SnapshotLineage.Carried(w, Sets, f => SnapshotLineage.Holds(f, SourceKinds), needsSameStructure: true) is { } previous
            ? new CelPolicySet(w, previous)
            : new CelPolicySet(w));

    /// <summary>The previous snapshot's policies over this snapshot: the set must not keep an old snapshot alive.</summary>
    private CelPolicySet(WorkspaceSnapshot workspace, CelPolicySet previous)
    {
        _workspace = workspace;
        _namespaces = previous._namespaces;
        Bound = previous.Bound;
        Bindings = previous.Bindings;
    }

    /// <summary>Whether this set's policies are the previous snapshot's (an edit that changed no policy, binding or Namespace).</summary>
    public bool IsCarriedFromPrevious(WorkspaceSnapshot workspace) =>
        SnapshotLineage.PreviousValue(workspace, Sets) is { } earlier && ReferenceEquals(earlier.Bound, Bound);

    /// <summary>Whether the object is of a kind some policy takes its params from.</summary>
    public bool MayBeParams(Manifest manifest) =>
        Bound.Any(b => b.Policy.ParamKind is { } kind && kind.Kind == manifest.Kind && ApiGroupVersion.GroupOf(kind.ApiVersion) == manifest.Group);

    public static CelPolicy PolicyFor(WorkspaceFile file, Manifest manifest) => Policies.GetValue(manifest, m =>
        AdmissionPolicyLoader.IsPolicy(m) ? AdmissionPolicyLoader.LoadPolicy(file, m) : KyvernoValidatingPolicyLoader.Load(file, m));

    /// <summary>The Namespace object the repository defines under that name, if any.</summary>
    public Manifest? Namespace(string name) => name.Length == 0 ? null : _namespaces.GetValueOrDefault(name);

    /// <summary>
    /// The params objects a binding selects: null when the policy takes none; empty when the repository does not
    /// hold them (the cluster may, so nothing is decided).
    /// </summary>
    public IReadOnlyList<object?>? ParamsFor(CelPolicy policy, AdmissionPolicyBinding? binding, string objectNamespace)
    {
        if (policy.ParamKind is not { } paramKind || binding is null)
        {
            return null;
        }

        var group = ApiGroupVersion.GroupOf(paramKind.ApiVersion);
        var candidates = _workspace.ObjectsOfKind(paramKind.Kind).Select(o => o.Manifest).Where(m => m.Group == group);
        if (binding.ParamName is { } name)
        {
            var ns = binding.ParamNamespace ?? objectNamespace;
            candidates = candidates.Where(m => m.Name == name && (ns.Length == 0 || (m.Namespace ?? string.Empty) == ns || m.Namespace is null));
        }
        else if (binding.ParamSelector is { } selector)
        {
            candidates = candidates.Where(m => selector.Matches(m.Labels));
        }
        else
        {
            return [];
        }

        return candidates.Select(m => CelValues.FromYaml(m.Root)).ToList();
    }

    private IEnumerable<(WorkspaceFile File, Manifest Manifest)> ResourceObjects(Func<Manifest, bool> accept, string kind) =>
        _workspace.ObjectsOfKind(kind).Where(o => accept(o.Manifest) && _workspace.Structure.RoleOf(o.File.Path) == FileRole.Resource);
}
