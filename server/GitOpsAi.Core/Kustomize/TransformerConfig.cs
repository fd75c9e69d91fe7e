namespace GitOpsAi.Core.Kustomize;

/// <summary>
/// Where each built-in transformer looks (kustomize's builtinpluginconsts), plus what a kustomization's
/// <c>configurations</c> files add. Like kustomize, configurations of included kustomizations carry up to the outer ones.
/// </summary>
internal sealed class TransformerConfig
{
    private const string PodTemplateKinds = "ReplicationController,Deployment,ReplicaSet,DaemonSet,StatefulSet,Job";

    public List<FieldSpec> CommonLabels { get; } = [];

    public List<FieldSpec> TemplateLabels { get; } = [];

    public List<FieldSpec> CommonAnnotations { get; } = [];

    public List<FieldSpec> NamePrefix { get; } = [];

    public List<FieldSpec> Namespace { get; } = [];

    public List<FieldSpec> Images { get; } = [];

    public List<FieldSpec> Replicas { get; } = [];

    /// <summary>Per referenced kind (and group, when given): the fields of other objects that name it.</summary>
    public List<NameReference> NameReferences { get; } = [];

    private static readonly TransformerConfig Defaults = BuildDefaults();

    /// <summary>True once a configurations file added something: only then does merging into an outer kustomization matter.</summary>
    public bool IsCustomized { get; private set; }

    /// <summary>kustomize's built-in field specs (a copy: configurations files add to it).</summary>
    public static TransformerConfig CreateDefault()
    {
        var config = new TransformerConfig();
        config.CommonLabels.AddRange(Defaults.CommonLabels);
        config.TemplateLabels.AddRange(Defaults.TemplateLabels);
        config.CommonAnnotations.AddRange(Defaults.CommonAnnotations);
        config.NamePrefix.AddRange(Defaults.NamePrefix);
        config.Namespace.AddRange(Defaults.Namespace);
        config.Images.AddRange(Defaults.Images);
        config.Replicas.AddRange(Defaults.Replicas);
        config.NameReferences.AddRange(Defaults.NameReferences);
        return config;
    }

    private static TransformerConfig BuildDefaults()
    {
        var config = new TransformerConfig();
        config.TemplateLabels.Add(FieldSpec.Parse("||metadata/labels|create"));
        foreach (var kind in PodTemplateKinds.Split(','))
        {
            config.TemplateLabels.Add(FieldSpec.Parse($"{kind}||spec/template/metadata/labels|create"));
            config.CommonAnnotations.Add(FieldSpec.Parse($"{kind}||spec/template/metadata/annotations|create"));
        }

        config.TemplateLabels.Add(FieldSpec.Parse("CronJob|batch|spec/jobTemplate/metadata/labels|create"));
        config.TemplateLabels.Add(FieldSpec.Parse("CronJob|batch|spec/jobTemplate/spec/template/metadata/labels|create"));
        config.CommonAnnotations.Add(FieldSpec.Parse("||metadata/annotations|create"));
        config.CommonAnnotations.Add(FieldSpec.Parse("CronJob|batch|spec/jobTemplate/metadata/annotations|create"));
        config.CommonAnnotations.Add(FieldSpec.Parse("CronJob|batch|spec/jobTemplate/spec/template/metadata/annotations|create"));
        config.CommonLabels.AddRange(DefaultTables.SelectorLabels.Select(FieldSpec.Parse));
        config.CommonLabels.AddRange(config.TemplateLabels);
        config.NamePrefix.Add(FieldSpec.Parse("||metadata/name"));
        config.Namespace.Add(FieldSpec.Parse("||metadata/namespace|create"));
        config.Replicas.AddRange(new[] { "Deployment", "ReplicationController", "ReplicaSet", "StatefulSet" }.Select(k => FieldSpec.Parse($"{k}||spec/replicas|create")));
        config.NameReferences.AddRange(DefaultTables.NameReferences());
        return config;
    }

    /// <summary>Adds the field specs of a <c>configurations</c> file (or an included kustomization's config).</summary>
    public void Merge(TransformerConfig other)
    {
        if (!other.IsCustomized)
        {
            return; // only the defaults, which this configuration already has
        }

        IsCustomized = true;
        AddNew(CommonLabels, other.CommonLabels);
        AddNew(TemplateLabels, other.TemplateLabels);
        AddNew(CommonAnnotations, other.CommonAnnotations);
        AddNew(NamePrefix, other.NamePrefix);
        AddNew(Namespace, other.Namespace);
        AddNew(Images, other.Images);
        AddNew(Replicas, other.Replicas);
        foreach (var reference in other.NameReferences)
        {
            if (!NameReferences.Contains(reference))
            {
                NameReferences.Add(reference);
            }
        }
    }

    /// <summary>Reads a <c>configurations</c> file: nameReference, commonLabels, commonAnnotations, namePrefix, namespace, images, replicas.</summary>
    public static TransformerConfig FromFile(RenderMap file)
    {
        var config = new TransformerConfig { IsCustomized = true };
        Read(file, "commonLabels", config.CommonLabels);
        Read(file, "commonAnnotations", config.CommonAnnotations);
        Read(file, "namePrefix", config.NamePrefix);
        Read(file, "nameSuffix", config.NamePrefix);
        Read(file, "namespace", config.Namespace);
        Read(file, "images", config.Images);
        Read(file, "replicas", config.Replicas);
        foreach (var entry in (file["nameReference"] as RenderSequence)?.Items.OfType<RenderMap>() ?? [])
        {
            if (entry.String("kind") is not { } kind)
            {
                continue;
            }

            foreach (var spec in (entry["fieldSpecs"] as RenderSequence)?.Items.Select(FieldSpec.FromNode).OfType<FieldSpec>() ?? [])
            {
                config.NameReferences.Add(new NameReference(kind, entry.String("group"), spec));
            }
        }

        return config;
    }

    private static void Read(RenderMap file, string key, List<FieldSpec> into) =>
        into.AddRange((file[key] as RenderSequence)?.Items.Select(FieldSpec.FromNode).OfType<FieldSpec>() ?? []);

    private static void AddNew(List<FieldSpec> into, List<FieldSpec> from)
    {
        foreach (var spec in from)
        {
            if (!into.Contains(spec))
            {
                into.Add(spec);
            }
        }
    }
}

/// <summary>A field of objects of some kind (the spec) that holds the name of an object of <see cref="Kind"/>.</summary>
internal sealed record NameReference(string Kind, string? Group, FieldSpec Spec);
