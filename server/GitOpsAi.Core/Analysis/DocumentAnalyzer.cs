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
/// <param name="checkObjects">
/// False when <see cref="DocumentObjectAnalyzer"/> checks each object (kept per document while the file is edited): this then only
/// adds what concerns the whole file (the note on kinds without a schema, documents without a kind).
/// </param>
internal sealed class DocumentAnalyzer(bool checkObjects = true) : IFileAnalyzer
{
    private static readonly IReadOnlySet<string> SopsRootKeys = new HashSet<string>(StringComparer.Ordinal) { "sops" };

    /// <summary>
    /// The checks of one object (apiVersion, kind, deprecation, schema): they read the object, the schemas and the
    /// configuration, never another object. The note on kinds without a schema is the file's (<see cref="DocumentAnalyzer"/>).
    /// </summary>
    internal sealed class DocumentObjectAnalyzer : IObjectAnalyzer
    {
        public bool AppliesTo(FileAnalysisContext context) => context.Role is not (FileRole.Data or FileRole.JsonPatch);

        /// <summary>The documents: a List is checked as one, item by item (<see cref="AnalyzeListItems"/>).</summary>
        public IReadOnlyList<Manifest> ObjectsOf(WorkspaceFile file) => file.Manifests;

        // Into the given list, not through a copy of the context holding it, and with no list of kinds without a schema
        // (they are the file's note): a context and a list per object were 6 MB of a 50,000-resource check.
        public void AnalyzeObject(FileAnalysisContext context, Manifest manifest, List<Diagnostic> output)
        {
            var notNoted = default(UnknownKinds);
            AnalyzeManifest(context, output, manifest, context.Role, ref notNoted, validate: true);
        }

        public void Analyze(FileAnalysisContext context)
        {
            if (AppliesTo(context))
            {
                ObjectChecks.CheckEach(this, context, ObjectsOf(context.File), context.Diagnostics);
            }
        }
    }

    public void Analyze(FileAnalysisContext context)
    {
        var role = context.Role;
        if (role is FileRole.Data or FileRole.JsonPatch)
        {
            return;
        }

        // Without the object checks, the same walk only collects the kinds without a schema (their findings go nowhere).
        // By index, and the list of those kinds made when there is one: an enumerator and a list per file were 11 MB of a
        // 50,000-resource check, nearly all for rendered objects' one-object files.
        var unknownKinds = new UnknownKinds { AreNoted = true };
        var output = checkObjects ? context.Diagnostics : [];
        var manifests = context.File.Manifests;
        for (var i = 0; i < manifests.Count; i++)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            AnalyzeManifest(context, output, manifests[i], role, ref unknownKinds, validate: checkObjects);
        }

        if (role == FileRole.Resource)
        {
            ReportDocumentsWithoutKind(context);
        }

        if (unknownKinds.Found is { Count: > 0 } found)
        {
            var (first, description) = found[0];
            var others = found.Select(k => k.Description).Distinct(StringComparer.Ordinal).Count() - 1;
            var more = others > 0 ? $" (and {others} other kind{(others == 1 ? "" : "s")} in this file)" : string.Empty;
            context.Diagnostics.Add(CoreDiagnostics.NoSchema.Create(KindSpan(first),
                $"No schema is known for {description}{more}, so it was not validated. Add its CustomResourceDefinition to the repository or a schema folder to validate it."));
        }
    }

    /// <summary>The objects of a file whose kind has no schema, noted for the file's one note (no list while there is none).</summary>
    private struct UnknownKinds
    {
        /// <summary>False where no note is made (an object checked on its own): nothing is kept.</summary>
        public bool AreNoted;

        public List<(Manifest Manifest, string Description)>? Found;

        public void Add(Manifest manifest, string apiVersion, string kind)
        {
            if (AreNoted)
            {
                (Found ??= []).Add((manifest, $"{apiVersion} {kind}"));
            }
        }
    }

    /// <param name="output">Where the object's findings go.</param>
    /// <param name="unknownKinds">Where an object without a schema is noted.</param>
    private static void AnalyzeManifest(FileAnalysisContext context, List<Diagnostic> output, Manifest manifest, FileRole role, ref UnknownKinds unknownKinds, bool validate)
    {
        var root = manifest.Root;
        var apiVersionPair = root.GetPair("apiVersion");
        var kindPair = root.GetPair("kind");
        if (!manifest.HasImpliedIdentity && role != FileRole.Patch)
        {
            if (kindPair is null)
            {
                output.Add(CoreDiagnostics.MissingKind.Create(apiVersionPair!.Value.Key.Span, "This object has an apiVersion but no kind."));
                return;
            }

            if (apiVersionPair is null)
            {
                output.Add(CoreDiagnostics.MissingApiVersion.Create(kindPair.Value.Key.Span, $"This {manifest.Kind} has no apiVersion."));
                return;
            }
        }

        if (manifest.ApiVersion is not { } apiVersion || manifest.Kind is not { } kind)
        {
            return;
        }

        if (KubernetesLists.IsList(manifest))
        {
            AnalyzeListItems(context, output, manifest, role, ref unknownKinds, validate);
            return;
        }

        var deprecation = ApiDeprecations.Find(apiVersion, kind);
        if (deprecation is not null && !ReportedByExtensionsRule(context, manifest))
        {
            ReportDeprecation(output, apiVersionPair?.Value.Span ?? KindSpan(manifest), apiVersion, kind, deprecation);
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
                ReportMissingSchema(context, output, manifest, apiVersion, kind, apiVersionPair, ref unknownKinds);
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

        if (validate)
        {
            SchemaValidator.Validate(root, schema.Root, options, output, ownerSpan: KindSpan(manifest));
        }
    }

    /// <summary>
    /// A v1 List (or a typed list such as ConfigMapList) is valid as such; what matters is each item, validated as an
    /// object of its own. Items of a typed list may leave out the apiVersion and kind the list implies.
    /// </summary>
    private static void AnalyzeListItems(FileAnalysisContext context, List<Diagnostic> output, Manifest list, FileRole role, ref UnknownKinds unknownKinds, bool validate)
    {
        if (list.Root.GetPair("items")?.Value is not YamlSequence items)
        {
            return;
        }

        var itemKind = KubernetesLists.ItemKind(list);
        foreach (var item in items.Items)
        {
            if (item is not YamlMapping mapping)
            {
                output.Add(CoreDiagnostics.MissingKind.Create(item.Span, $"Each item of this {list.Kind} must be a Kubernetes object."));
                continue;
            }

            if (itemKind is null && mapping.GetPair("apiVersion") is null && mapping.GetPair("kind") is null)
            {
                output.Add(CoreDiagnostics.MissingKind.Create(FirstKeySpan(mapping), $"This item of the {list.Kind} has no apiVersion and no kind."));
                continue;
            }

            var manifest = itemKind is null ? new Manifest(list.Document, mapping) : new Manifest(list.Document, mapping, list.ApiVersion, itemKind);
            AnalyzeManifest(context, output, manifest, role, ref unknownKinds, validate);
        }
    }

    /// <summary>
    /// kubeconform's "missing 'kind' key": a mapping document with neither apiVersion nor kind, in a file whose other
    /// documents are Kubernetes objects, is most likely an object that lost its header. A file of plain data (Helm
    /// values, app config) has no objects at all and stays silent.
    /// </summary>
    private static void ReportDocumentsWithoutKind(FileAnalysisContext context)
    {
        var file = context.File;
        if (file.Manifests.Count == 0)
        {
            return;
        }

        // By index: an enumerator boxed per file, rendered objects' one-document files included. The file's name is read
        // only for a document without a kind (nearly never): it was read for every file and rendered object (0.7 % of the
        // 50,000-resource check's CPU, issue 13).
        var documents = file.Yaml.Documents;
        var nameChecked = false;
        for (var i = 0; i < documents.Count; i++)
        {
            var document = documents[i];
            if (document.IsAnalyzable && document.Root is YamlMapping { Pairs.Count: > 0 } root
                && root.GetPair("kind") is null && root.GetPair("apiVersion") is null)
            {
                if (!nameChecked && ManifestReader.IsKustomizationFileName(file.Path))
                {
                    return;
                }

                nameChecked = true;

                context.Diagnostics.Add(CoreDiagnostics.MissingKind.Create(FirstKeySpan(root),
                    "This document has no 'kind' key (kubeconform: missing 'kind' key), while the other documents of the file are Kubernetes objects."));
            }
        }
    }

    private static TextSpan FirstKeySpan(YamlMapping mapping) => mapping.Pairs.Count > 0 ? mapping.Pairs[0].Key.Span : new TextSpan(mapping.Span.Start, 0);

    private static void ReportMissingSchema(FileAnalysisContext context, List<Diagnostic> output, Manifest manifest, string apiVersion, string kind, YamlPair? apiVersionPair, ref UnknownKinds unknownKinds)
    {
        var known = context.Workspace.Schemas.ApiVersionsOf(kind).Where(v => ApiGroupVersion.GroupOf(v) == manifest.Group).ToList();
        if (KindCatalog.IsBuiltInApiVersion(apiVersion, manifest.Group) && apiVersionPair is { } written)
        {
            var message = known.Count > 0
                ? $"Kubernetes does not serve {kind} in {apiVersion}; use {string.Join(" or ", known)}."
                : $"Kubernetes has no kind '{kind}' in {apiVersion}." + SimilarKind(context.Workspace.Schemas, apiVersion, kind);
            output.Add(CoreDiagnostics.UnknownKind.Create(known.Count > 0 ? written.Value.Span : KindSpan(manifest), message));
            return;
        }

        unknownKinds.Add(manifest, apiVersion, kind);
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

    private static void ReportDeprecation(List<Diagnostic> output, TextSpan span, string apiVersion, string kind, ApiDeprecation deprecation)
    {
        var isKubernetes = ApiDeprecations.IsKubernetes(deprecation);
        if (deprecation.RemovedIn is { } removedIn)
        {
            var descriptor = isKubernetes ? CoreDiagnostics.RemovedApiVersion : CoreDiagnostics.DeprecatedApiVersion;
            output.Add(descriptor.Create(span,
                $"{kind} {apiVersion} was deprecated in {deprecation.DeprecatedIn} and is no longer served since {removedIn}; use {deprecation.Replacement}.") with
            {
                Properties = new Dictionary<string, string> { ["replacement"] = deprecation.Replacement, ["removedIn"] = removedIn },
            });
        }
        else
        {
            output.Add(CoreDiagnostics.DeprecatedApiVersion.Create(span,
                $"{kind} {apiVersion} is deprecated since {deprecation.DeprecatedIn}; use {deprecation.Replacement}."));
        }
    }

    /// <summary>The no-extensions-v1beta rule, when on, reports extensions/* objects itself: one finding per line, not two.</summary>
    private static bool ReportedByExtensionsRule(FileAnalysisContext context, Manifest manifest) =>
        manifest.Group == "extensions" && context.Workspace.EffectiveRules.Any(r => r.Definition.Id == "no-extensions-v1beta");

    private static TextSpan KindSpan(Manifest manifest) =>
        manifest.Root.GetPair("kind")?.Value.Span ?? manifest.Root.GetPair("apiVersion")?.Value.Span ?? new TextSpan(manifest.Root.Span.Start, 0);
}
