using System.ComponentModel;
using GitOpsAi.Core.Config;
using GitOpsAi.Core.Yaml;
using Semver;

namespace GitOpsAi.Core.Rules.Templates;

/// <summary>
/// A Flux object's sourceRef / chartRef naming a source the repository does not define — only where the repository
/// defines some source of that kind (otherwise they are created elsewhere, e.g. by flux bootstrap).
/// </summary>
public sealed class FluxSourceTemplate() : RuleTemplate<NoParameters>()
{
    public override string TemplateName => "flux-source-exists";

    protected override void Check(RuleContext context, NoParameters parameters)
    {
        var manifest = context.Manifest;
        var spec = manifest.Spec;
        if (spec is null)
        {
            return;
        }

        var references = manifest.Kind switch
        {
            "HelmRelease" => new[] { spec.At("chart", "spec", "sourceRef"), spec["chartRef"] },
            _ => [spec["sourceRef"]],
        };

        var objects = WorkspaceObjects.For(context.Workspace);
        foreach (var reference in references.OfType<YamlMapping>())
        {
            if (reference.GetString("kind") is not { } kind || reference["name"] is not YamlScalar { IsNull: false } name
                || LabelSelectors.IsSubstituted(name.Value) || LabelSelectors.IsSubstituted(kind) || name.Value == "flux-system")
            {
                continue; // flux-system is the bootstrap source, often not committed
            }

            if (!AnyFluxSource(objects.OfKind(kind)))
            {
                continue;
            }

            // The sources of the name, from the index: a list of every source of the kind for each reference grew with
            // releases times sources (an OCIRepository per HelmRelease).
            var named = objects.Named(kind, name.Value).Where(IsFluxSource).ToList();
            var @namespace = reference.GetString("namespace") ?? objects.NamespaceOf(context.File, manifest);
            if (named.Any(s => WorkspaceObjects.SameNamespace(s.Namespace, @namespace)) || objects.HasGeneratedAnywhere && named.Count == 0)
            {
                continue;
            }

            context.Report(name, $"{kind} '{name.Value}' is not defined in this repository{WorkspaceObjects.InNamespace(@namespace)}, so {manifest.DisplayName} cannot reconcile.");
        }
    }

    /// <summary>How many sources were looked at for references on this thread (tests: a reference meets its name's only).</summary>
    [ThreadStatic]
    internal static int SourcesExaminedOnThisThread;

    private static bool IsFluxSource(PlacedObject source)
    {
        SourcesExaminedOnThisThread++;
        return source.Manifest.Group.EndsWith(".fluxcd.io", StringComparison.Ordinal);
    }

    /// <summary>Whether any object of the list is a Flux source (the first nearly always is).</summary>
    private static bool AnyFluxSource(IReadOnlyList<PlacedObject> sources)
    {
        for (var i = 0; i < sources.Count; i++)
        {
            if (IsFluxSource(sources[i]))
            {
                return true;
            }
        }

        return false;
    }
}

public sealed record ChartVersionParameters
{
    [Description("Which chart versions are pinned enough: exact (only one version), patch (exact or ~x.y.z: patch updates only), minor (also ^x.y.z and x.y.*).")]
    public string Allow { get; init; } = "patch";
}

/// <summary>A HelmRelease (or HelmChart) whose chart version is missing (always the latest), '*' or a loose range.</summary>
public sealed class ChartVersionTemplate(ChartVersionParameters? parameters = null) : RuleTemplate<ChartVersionParameters>(parameters)
{
    public override string TemplateName => "chart-version-pinned";

    protected override void Check(RuleContext context, ChartVersionParameters parameters)
    {
        var manifest = context.Manifest;
        if (manifest.Spec is not { } spec)
        {
            return;
        }

        var chartSpec = manifest.Kind == "HelmRelease" ? spec.At("chart", "spec") as YamlMapping : spec;
        if (chartSpec is null)
        {
            return; // chartRef: the version comes from the OCIRepository or HelmChart
        }

        if (chartSpec.GetSourceKind() is "GitRepository" or "Bucket")
        {
            return; // a chart from a Git repository or bucket has the version of its path; version does not apply
        }

        if (chartSpec["version"] is not YamlScalar { IsNull: false } version)
        {
            context.Report(chartSpec["chart"] ?? (YamlNode?)manifest.Metadata?["name"] ?? manifest.Root, $"{manifest.DisplayName} does not set the chart version, so every new release of the chart is installed as it is published.");
            return;
        }

        var value = version.Value.Trim();
        if (LabelSelectors.IsSubstituted(value) || LooseRemembered(context.Regexes, parameters, value) is not { } why)
        {
            return;
        }

        context.Report(version, $"Chart version '{value}' {why}; pin {(parameters.Allow == "exact" ? "an exact version" : parameters.Allow == "patch" ? "an exact version or ~x.y.z" : "at most ^x.y.z")} so upgrades are reviewed in Git.");
    }

    /// <summary>
    /// <see cref="Loose"/>, remembered per configuration and parameters (<see cref="RememberedVerdicts.Answer"/>): the same
    /// few versions recur in every overlay's render, and each was parsed as a range again (0.5 % of the 50,000-resource
    /// check's CPU, issue 13).
    /// </summary>
    internal static string? LooseRemembered(Text.RegexBudget regexes, ChartVersionParameters parameters, string value) =>
        RememberedVerdicts.Answer(regexes, parameters, value, parameters.Allow, static (allow, v) => Loose(v, allow));

    /// <summary>Why a version constraint allows more than the policy does, or null when it is pinned enough.</summary>
    internal static string? Loose(string value, string allow)
    {
        if (SemVersion.TryParse(value.TrimStart('v', '=').Trim(), SemVersionStyles.Strict, out _))
        {
            return null; // an exact version; a partial one ("1.2") is a range, handled below
        }

        if (value is "*" or "" or "x" or "X")
        {
            return "accepts any version";
        }

        if (!SemVersionRange.TryParseNpm(value.Replace(',', ' '), out var range) || range.Count == 0)
        {
            return null; // not understood: leave it to Helm
        }

        foreach (var part in range)
        {
            if (part.End is null || part.Start is null)
            {
                return "has no upper bound";
            }

            var start = part.Start;
            var end = part.End;
            var ok = allow switch
            {
                "exact" => start.ComparePrecedenceTo(end) == 0,
                "minor" => end.Major == start.Major || (end.Major == start.Major + 1 && end.Minor == 0 && end.Patch == 0 && !part.EndInclusive),
                _ => (end.Major == start.Major && end.Minor == start.Minor) || (end.Major == start.Major && end.Minor == start.Minor + 1 && end.Patch == 0 && !part.EndInclusive),
            };
            if (!ok)
            {
                var newMajor = end.Major > start.Major + 1 || (end.Major == start.Major + 1 && (end.Minor > 0 || end.Patch > 0 || part.EndInclusive));
                var patchOnly = end.Major == start.Major && (end.Minor == start.Minor || (end.Minor == start.Minor + 1 && end.Patch == 0 && !part.EndInclusive));
                return newMajor ? "allows new major versions" : patchOnly ? "allows new patch versions" : "allows new minor versions";
            }
        }

        return null;
    }
}

/// <summary>Flux objects in tenant folders must impersonate a service account (spec.serviceAccountName).</summary>
public sealed class TenantServiceAccountTemplate() : RuleTemplate<NoParameters>()
{
    public override string TemplateName => "tenant-service-account";

    protected override void Check(RuleContext context, NoParameters parameters)
    {
        var manifest = context.Manifest;
        if (manifest.Spec is not { } spec
            || !context.Settings.TenantPaths.Any(pattern => Glob.MatchesPath(pattern, context.File.RelativePath))
            || spec["serviceAccountName"] is YamlScalar { IsNull: false })
        {
            return;
        }

        context.Report(context.ObjectSpan, $"{manifest.DisplayName} is in a tenant path but does not set spec.serviceAccountName, so it applies with the controller's cluster-wide permissions.");
    }
}

/// <summary>PersistentVolumeClaims (and StatefulSet claim templates) whose StorageClass deletes the volume with the claim.</summary>
public sealed class ReclaimPolicyTemplate() : RuleTemplate<NoParameters>()
{
    public override string TemplateName => "retain-reclaim-policy";

    protected override void Check(RuleContext context, NoParameters parameters)
    {
        if (!context.Settings.RequireRetainReclaimPolicy)
        {
            return;
        }

        var claims = context.Manifest.Kind == "StatefulSet"
            ? (context.Manifest.Spec?.GetSequence("volumeClaimTemplates")?.Items ?? []).OfType<YamlMapping>().Select(c => (Spec: c.GetMapping("spec"), Name: c.At("metadata", "name")))
            : [(context.Manifest.Spec, context.Manifest.Metadata?["name"])];
        var classes = context.Workspace.ObjectsOfKind("StorageClass").Select(c => c.Manifest).ToList();
        foreach (var (spec, name) in claims)
        {
            if (spec is null)
            {
                continue;
            }

            var classNode = spec["storageClassName"] as YamlScalar;
            var storageClass = classNode is { IsNull: false }
                ? classes.FirstOrDefault(c => c.Name == classNode.Value)
                : classes.FirstOrDefault(c => c.Annotations.GetValueOrDefault("storageclass.kubernetes.io/is-default-class") == "true");
            if (storageClass is null || classNode is { IsNull: false } && (classNode.Value.Length == 0 || LabelSelectors.IsSubstituted(classNode.Value)))
            {
                continue;
            }

            var policy = storageClass.Root.GetString("reclaimPolicy") ?? "Delete";
            if (policy != "Retain")
            {
                var where = classNode is { IsNull: false } ? (YamlNode)classNode : name ?? (YamlNode?)context.Manifest.Metadata?["name"] ?? context.Manifest.Root;
                context.Report(where, $"StorageClass '{storageClass.Name}' has reclaimPolicy {policy}, so the volume is deleted with its claim; use a class with reclaimPolicy: Retain.");
            }
        }
    }
}

internal static class ChartSpecExtensions
{
    public static string? GetSourceKind(this YamlMapping chartSpec) => (chartSpec.At("sourceRef", "kind") as YamlScalar)?.Value;
}
