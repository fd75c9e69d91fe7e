using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Kustomize;
using GitOpsAi.Core.Manifests;
using GitOpsAi.Core.Schemas;
using GitOpsAi.Core.Text;
using GitOpsAi.Core.Workspace;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Analysis;

/// <summary>
/// Validates each object of a file: it must say what it is (apiVersion, kind), its apiVersion must still be served,
/// and it must fit its schema. Kinds with no known schema get one note per file, never an error.
/// </summary>
internal sealed class DocumentAnalyzer : IFileAnalyzer
{
    private static readonly IReadOnlySet<string> SopsRootKeys = new HashSet<string>(StringComparer.Ordinal) { "sops" };

    public void Analyze(FileAnalysisContext context)
    {
        var role = context.Role;
        if (role is FileRole.Data or FileRole.JsonPatch)
        {
            return;
        }

        var unknownKinds = new List<(Manifest Manifest, string Description)>();
        foreach (var manifest in context.File.Manifests)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            AnalyzeManifest(context, manifest, role, unknownKinds);
        }

        if (unknownKinds.Count > 0)
        {
            var (first, description) = unknownKinds[0];
            var others = unknownKinds.Select(k => k.Description).Distinct(StringComparer.Ordinal).Count() - 1;
            var more = others > 0 ? $" (and {others} other kind{(others == 1 ? "" : "s")} in this file)" : string.Empty;
            context.Diagnostics.Add(CoreDiagnostics.NoSchema.Create(KindSpan(first),
                $"No schema is known for {description}{more}, so it was not validated. Add its CustomResourceDefinition to the repository or a schema folder to validate it."));
        }
    }

    private static void AnalyzeManifest(FileAnalysisContext context, Manifest manifest, FileRole role, List<(Manifest, string)> unknownKinds)
    {
        var root = manifest.Root;
        var apiVersionPair = root.GetPair("apiVersion");
        var kindPair = root.GetPair("kind");
        if (!manifest.IsImpliedKustomization && role != FileRole.Patch)
        {
            if (kindPair is null)
            {
                context.Diagnostics.Add(CoreDiagnostics.MissingKind.Create(apiVersionPair!.Key.Span, "This object has an apiVersion but no kind."));
                return;
            }

            if (apiVersionPair is null)
            {
                context.Diagnostics.Add(CoreDiagnostics.MissingApiVersion.Create(kindPair.Key.Span, $"This {manifest.Kind} has no apiVersion."));
                return;
            }
        }

        if (manifest.ApiVersion is not { } apiVersion || manifest.Kind is not { } kind)
        {
            return;
        }

        var deprecation = ApiDeprecations.Find(apiVersion, kind);
        if (deprecation is not null && !ReportedByExtensionsRule(context, manifest))
        {
            ReportDeprecation(context, apiVersionPair?.Value.Span ?? KindSpan(manifest), apiVersion, kind, deprecation);
        }

        if (!context.Workspace.Options.ValidateSchemas)
        {
            return;
        }

        var schema = context.Workspace.Schemas.Find(apiVersion, kind);
        if (schema is null)
        {
            if (deprecation is null)
            {
                ReportMissingSchema(context, manifest, apiVersion, kind, apiVersionPair, unknownKinds);
            }

            return; // a deprecated or removed apiVersion is reported as such; its old schema is not bundled
        }

        var options = role == FileRole.Patch ? new SchemaValidationOptions { IsPatch = true } : SchemaValidationOptions.Default;
        if (manifest.IsSopsEncrypted)
        {
            options = options with { IgnoredRootKeys = SopsRootKeys };
        }

        if (context.Workspace.PatchDefaults.FieldsFor(kind) is { Count: > 0 } provided)
        {
            options = options with { ProvidedFields = provided };
        }

        SchemaValidator.Validate(root, schema.Root, options, context.Diagnostics, ownerSpan: KindSpan(manifest));
    }

    private static void ReportMissingSchema(FileAnalysisContext context, Manifest manifest, string apiVersion, string kind, YamlPair? apiVersionPair, List<(Manifest, string)> unknownKinds)
    {
        var known = context.Workspace.Schemas.ApiVersionsOf(kind).Where(v => ApiGroupVersion.GroupOf(v) == manifest.Group).ToList();
        if (KindCatalog.IsBuiltInApiVersion(apiVersion, manifest.Group) && apiVersionPair is not null)
        {
            var message = known.Count > 0
                ? $"Kubernetes does not serve {kind} in {apiVersion}; use {string.Join(" or ", known)}."
                : $"Kubernetes has no kind '{kind}' in {apiVersion}." + SimilarKind(context.Workspace.Schemas, apiVersion, kind);
            context.Diagnostics.Add(CoreDiagnostics.UnknownKind.Create(known.Count > 0 ? apiVersionPair.Value.Span : KindSpan(manifest), message));
            return;
        }

        unknownKinds.Add((manifest, $"{apiVersion} {kind}"));
    }

    /// <summary>" Did you mean 'Deployment' (apps/v1)?" — the closest kind, preferring the same apiVersion.</summary>
    private static string SimilarKind(SchemaRegistry schemas, string apiVersion, string kind)
    {
        var known = schemas.KnownKinds().ToList();
        if (Suggestions.Closest(kind, known.Where(k => k.ApiVersion == apiVersion).Select(k => k.Kind)) is { } sameVersion)
        {
            return $" Did you mean '{sameVersion}'?";
        }

        if (Suggestions.Closest(kind, known.Select(k => k.Kind).Distinct(StringComparer.Ordinal)) is { } elsewhere)
        {
            var versions = known.Where(k => k.Kind == elsewhere).Select(k => k.ApiVersion).Where(v => !v.Contains("alpha") && !v.Contains("beta")).Take(1).ToList();
            return versions.Count > 0 ? $" Did you mean '{elsewhere}' ({versions[0]})?" : $" Did you mean '{elsewhere}'?";
        }

        return string.Empty;
    }

    private static void ReportDeprecation(FileAnalysisContext context, TextSpan span, string apiVersion, string kind, ApiDeprecation deprecation)
    {
        var isKubernetes = ApiDeprecations.IsKubernetes(deprecation);
        if (deprecation.RemovedIn is { } removedIn)
        {
            var descriptor = isKubernetes ? CoreDiagnostics.RemovedApiVersion : CoreDiagnostics.DeprecatedApiVersion;
            context.Diagnostics.Add(descriptor.Create(span,
                $"{kind} {apiVersion} was deprecated in {deprecation.DeprecatedIn} and is no longer served since {removedIn}; use {deprecation.Replacement}.") with
            {
                Properties = new Dictionary<string, string> { ["replacement"] = deprecation.Replacement, ["removedIn"] = removedIn },
            });
        }
        else
        {
            context.Diagnostics.Add(CoreDiagnostics.DeprecatedApiVersion.Create(span,
                $"{kind} {apiVersion} is deprecated since {deprecation.DeprecatedIn}; use {deprecation.Replacement}."));
        }
    }

    /// <summary>The no-extensions-v1beta rule, when on, reports extensions/* objects itself: one finding per line, not two.</summary>
    private static bool ReportedByExtensionsRule(FileAnalysisContext context, Manifest manifest) =>
        manifest.Group == "extensions" && context.Workspace.EffectiveRules.Any(r => r.Definition.Id == "no-extensions-v1beta");

    private static TextSpan KindSpan(Manifest manifest) =>
        manifest.Root.GetPair("kind")?.Value.Span ?? manifest.Root.GetPair("apiVersion")?.Value.Span ?? new TextSpan(manifest.Root.Span.Start, 0);
}
