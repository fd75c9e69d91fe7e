using System.ComponentModel;
using System.Runtime.InteropServices;
using GitOpsAi.Core.Kustomize;
using GitOpsAi.Core.Manifests;
using GitOpsAi.Core.Workspace;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Rules.Templates;

public sealed record ReferenceParameters
{
    [Description("Report even when the repository holds no object of the kind at all (kube-linter does for service accounts); by default such a repository is taken to create them elsewhere.")]
    public bool RequireWhenRepositoryHasNone { get; init; }

    [Description("Names that always exist (e.g. the 'default' ServiceAccount, or objects a controller creates).")]
    public IReadOnlyList<string> IgnoredNames { get; init; } = [];
}

/// <summary>
/// A pod spec naming a ConfigMap, Secret or ServiceAccount the repository does not hold (configMapRef, configMapKeyRef,
/// volume configMap; secretRef, secretKeyRef, volume secret; serviceAccountName). Secrets also come from SealedSecrets,
/// ExternalSecrets and cert-manager Certificates, ConfigMaps and Secrets from kustomize generators. Optional references
/// are skipped, and so are namespaces where generated objects may live.
/// </summary>
public sealed class ReferenceTemplate(string kind, ReferenceParameters? parameters = null) : RuleTemplate<ReferenceParameters>(parameters)
{
    /// <summary>The kind referred to: ConfigMap, Secret or ServiceAccount.</summary>
    public string Kind { get; } = kind;

    public override string TemplateName => "reference-exists";

    protected override void Check(RuleContext context, ReferenceParameters parameters)
    {
        if (context.Manifest.PodTemplate is not { } pod || !Defined(context.Workspace, Kind, parameters.RequireWhenRepositoryHasNone))
        {
            return;
        }

        var objects = WorkspaceObjects.For(context.Workspace);
        var @namespace = objects.NamespaceOf(context.File, context.Manifest);
        if (objects.MayHoldGeneratedObjects(@namespace, context.File))
        {
            return;
        }

        var generated = GeneratorNames(context.Workspace, Kind);
        foreach (var name in References(pod, Kind))
        {
            if (name.IsNull || name.Value.Length == 0 || LabelSelectors.IsSubstituted(name.Value) || parameters.IgnoredNames.Contains(name.Value) || generated.Contains(name.Value))
            {
                continue;
            }

            if (FoundIn(context.Workspace, objects, Kind, name.Value, @namespace))
            {
                continue;
            }

            context.Report(name, $"{Kind} '{name.Value}' is not in this repository{WorkspaceObjects.InNamespace(@namespace)}; the pods of {context.Manifest.DisplayName} will not start without it.");
        }
    }

    /// <summary>
    /// Whether <see cref="ObjectLookup.Find"/> has an object of the kind and name in the namespace. Loops, not a list and a
    /// lambda: the lambda's closure was made on entry to Check, for every pod of every rendered root (4 MB of the 50k check).
    /// </summary>
    private static bool FoundIn(WorkspaceSnapshot workspace, WorkspaceObjects objects, string kind, string name, string? @namespace)
    {
        var named = workspace.IndexedObjectsNamed(kind, name);
        if (AnyIn(objects, ImmutableCollectionsMarshal.AsArray(named)!, named.Length, named, @namespace))
        {
            return true;
        }

        if (kind != "Secret")
        {
            return false;
        }

        var produced = ObjectLookup.ProducedSecretsNamed(workspace, name);
        return AnyIn(objects, produced, produced.Count(), produced, @namespace);
    }

    /// <summary>
    /// Whether one of <paramref name="candidates"/> lands in the namespace. A name many namespaces hold (a ConfigMap or a
    /// sealed Secret of the same name in each) goes through an index by namespace made once per answer (<paramref name="list"/>,
    /// the index's array or lookup group) and graph: walking it for every reference grew with the square of the repository
    /// (8,000 namespaces: 58 % of the check's CPU).
    /// </summary>
    private static bool AnyIn(WorkspaceObjects objects, object list, int count, IEnumerable<(WorkspaceFile File, Manifest Manifest)> candidates, string? @namespace)
    {
        if (count > FewCandidates && @namespace is not null)
        {
            var (inNamespace, everywhere) = objects.PlacedByNamespaceOf(list, candidates).For(@namespace);
            ReferencesExaminedOnThisThread += inNamespace.Count + everywhere.Count;
            return inNamespace.Count > 0 || everywhere.Count > 0; // each lands in the namespace, or in one not known
        }

        foreach (var (file, manifest) in candidates)
        {
            ReferencesExaminedOnThisThread++;
            if (WorkspaceObjects.SameNamespace(objects.NamespaceOf(file, manifest), @namespace))
            {
                return true;
            }
        }

        return false;
    }

    private const int FewCandidates = 16;

    /// <summary>How many objects were looked at for references on this thread (tests: a reference meets its namespace's).</summary>
    [ThreadStatic]
    internal static int ReferencesExaminedOnThisThread;

    private static bool Defined(WorkspaceSnapshot workspace, string kind, bool always) =>
        always || ObjectLookup.DefinesAny(workspace, kind) || GeneratorNames(workspace, kind).Count > 0;

    /// <summary>Names kustomize's configMapGenerator / secretGenerator produce (kustomize rewrites references to them).</summary>
    private static IReadOnlySet<string> GeneratorNames(WorkspaceSnapshot workspace, string kind) => InclusionGraph.For(workspace).GeneratorNames(kind);

    /// <summary>The name scalars in a pod spec that refer to an object of the kind (not the optional ones).</summary>
    private static IEnumerable<YamlScalar> References(PodTemplate pod, string kind)
    {
        if (kind == "ServiceAccount")
        {
            if ((pod.Spec["serviceAccountName"] ?? pod.Spec["serviceAccount"]) is YamlScalar account && !account.IsNull && account.Value is not ("default" or ""))
            {
                yield return account;
            }

            yield break;
        }

        var (envFrom, keyRef, volumeKey, volumeNameKey) = kind == "Secret"
            ? ("secretRef", "secretKeyRef", "secret", "secretName")
            : ("configMapRef", "configMapKeyRef", "configMap", "name");
        foreach (var container in pod.AllContainers)
        {
            foreach (var source in (container.Node.GetSequence("envFrom")?.Items ?? []).OfType<YamlMapping>())
            {
                if (Required(source.GetMapping(envFrom), "name") is { } name)
                {
                    yield return name;
                }
            }

            foreach (var variable in (container.Node.GetSequence("env")?.Items ?? []).OfType<YamlMapping>())
            {
                if (Required(variable.At("valueFrom", keyRef) as YamlMapping, "name") is { } name)
                {
                    yield return name;
                }
            }
        }

        foreach (var volume in (pod.Spec.GetSequence("volumes")?.Items ?? []).OfType<YamlMapping>())
        {
            if (Required(volume.GetMapping(volumeKey), volumeNameKey) is { } name)
            {
                yield return name;
            }

            foreach (var projected in (volume.At("projected", "sources") as YamlSequence)?.Items.OfType<YamlMapping>() ?? [])
            {
                if (Required(projected.GetMapping(volumeKey), "name") is { } projectedName)
                {
                    yield return projectedName;
                }
            }
        }
    }

    private static YamlScalar? Required(YamlMapping? reference, string key) =>
        reference is not null && reference["optional"] is not YamlScalar { Value: "true" } && reference[key] is YamlScalar name ? name : null;
}
