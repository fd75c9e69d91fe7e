using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Manifests;

public enum ContainerKind
{
    Container,
    InitContainer,
    EphemeralContainer,
}

/// <summary>A workload's pod spec, wherever the kind keeps it.</summary>
public sealed class PodTemplate
{
    internal PodTemplate(Manifest owner, YamlMapping spec)
    {
        Owner = owner;
        Spec = spec;
    }

    public Manifest Owner { get; }

    public YamlMapping Spec { get; }

    /// <summary>The pod template's metadata (labels the workload's selector and Services match).</summary>
    public YamlMapping? Metadata => WorkloadKinds.PodMetadataPath(Owner.Kind) is { } path ? Owner.Root.At(path) as YamlMapping : null;

    public YamlMapping? SecurityContext => Spec.GetMapping("securityContext");

    // Listed once per pod template: every container rule of every object asked again, through three iterators and two
    // concatenations (about 0.5 GB of a 50,000-resource check). The tree does not change, so neither do the lists.
    private Container[]? _containers;
    private Container[]? _initContainers;
    private Container[]? _allContainers;

    public IReadOnlyList<Container> Containers => _containers ??= ContainersOf("containers", ContainerKind.Container);

    public IReadOnlyList<Container> InitContainers => _initContainers ??= ContainersOf("initContainers", ContainerKind.InitContainer);

    public IReadOnlyList<Container> AllContainers => _allContainers ??= AllContainersOf();

    /// <summary>
    /// The three arrays joined into one of the exact size, or the containers' own array when the other two are empty (most
    /// pod specs): the collection expression over the enumerables filled a list and copied it, for every pod template
    /// of a 50,000-resource check, rendered ones included (issue 13).
    /// </summary>
    private Container[] AllContainersOf()
    {
        var containers = _containers ??= ContainersOf("containers", ContainerKind.Container);
        var initContainers = _initContainers ??= ContainersOf("initContainers", ContainerKind.InitContainer);
        var ephemeralContainers = ContainersOf("ephemeralContainers", ContainerKind.EphemeralContainer);
        if (initContainers.Length == 0 && ephemeralContainers.Length == 0)
        {
            return containers;
        }

        var all = new Container[containers.Length + initContainers.Length + ephemeralContainers.Length];
        containers.CopyTo(all, 0);
        initContainers.CopyTo(all, containers.Length);
        ephemeralContainers.CopyTo(all, containers.Length + initContainers.Length);
        return all;
    }

    private Container[] ContainersOf(string key, ContainerKind kind)
    {
        if (Spec.GetSequence(key) is not { } list)
        {
            return [];
        }

        // Counted first so the array is made at its size, not filled into a list and copied.
        var items = list.Items;
        var count = 0;
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is YamlMapping)
            {
                count++;
            }
        }

        if (count == 0)
        {
            return [];
        }

        var containers = new Container[count];
        var next = 0;
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is YamlMapping container)
            {
                containers[next++] = new Container(this, container, kind, i);
            }
        }

        return containers;
    }
}

/// <summary>One container of a pod spec.</summary>
public sealed class Container
{
    internal Container(PodTemplate pod, YamlMapping node, ContainerKind kind, int index)
    {
        Pod = pod;
        Node = node;
        Kind = kind;
        Index = index;
    }

    public PodTemplate Pod { get; }

    public YamlMapping Node { get; }

    public ContainerKind Kind { get; }

    public int Index { get; }

    public string? Name => Node.GetString("name");

    public string? Image => Node.GetString("image");

    public YamlMapping? SecurityContext => Node.GetMapping("securityContext");

    public YamlMapping? Resources => Node.GetMapping("resources");

    public override string ToString() => $"{Kind} {Name}";
}
