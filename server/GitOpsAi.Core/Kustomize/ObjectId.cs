using GitOpsAi.Core.Manifests;

namespace GitOpsAi.Core.Kustomize;

/// <summary>
/// kustomize's id of an accumulated object: kind, API group, name and namespace (none is "default"). Every object is
/// added once per kustomization it passes through, so its id is read cheaply: the metadata map is found once (the
/// name and namespace properties each looked it up), the group is compared as a span of the apiVersion (it was cut out
/// as a new string), and only the name and kind are hashed (a tuple hashed all four strings; issue 13).
/// </summary>
internal readonly struct ObjectId : IEquatable<ObjectId>
{
    private readonly string? _kind;
    private readonly string? _apiVersion;
    private readonly string _name;
    private readonly string _namespace;

    private ObjectId(string? kind, string? apiVersion, string name, string @namespace) =>
        (_kind, _apiVersion, _name, _namespace) = (kind, apiVersion, name, @namespace);

    public static ObjectId Of(RenderedObject o)
    {
        var root = o.Root;
        var metadata = root.Map("metadata");
        return new ObjectId(root.String("kind"), root.String("apiVersion"), metadata?.String("name") ?? string.Empty, metadata?.String("namespace") ?? "default");
    }

    public bool Equals(ObjectId other) =>
        _name == other._name && _kind == other._kind && _namespace == other._namespace && ApiGroupVersion.GroupSpanOf(_apiVersion).SequenceEqual(ApiGroupVersion.GroupSpanOf(other._apiVersion));

    public override bool Equals(object? obj) => obj is ObjectId other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(_name, _kind);
}
