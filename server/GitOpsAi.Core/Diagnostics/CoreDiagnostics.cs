namespace GitOpsAi.Core.Diagnostics;

/// <summary>
/// Every built-in (non-policy) diagnostic the core produces. Codes are part of our public surface: users configure and
/// suppress by them, so they never change once released.
/// </summary>
public static class CoreDiagnostics
{
    // YAML and file-level problems.
    public static readonly DiagnosticDescriptor YamlSyntax = new("yaml-syntax", DiagnosticSeverity.Error, DiagnosticSources.Yaml, "The text is not valid YAML.");
    public static readonly DiagnosticDescriptor DuplicateKey = new("yaml-duplicate-key", DiagnosticSeverity.Error, DiagnosticSources.Yaml, "A mapping defines the same key twice.");
    public static readonly DiagnosticDescriptor AliasLimit = new("yaml-alias-limit", DiagnosticSeverity.Error, DiagnosticSources.Yaml, "Aliases expand to far more content than the document holds (a YAML bomb).");
    public static readonly DiagnosticDescriptor TooDeep = new("yaml-too-deep", DiagnosticSeverity.Error, DiagnosticSources.Yaml, "Nesting is deeper than any Kubernetes object needs.");
    public static readonly DiagnosticDescriptor InvalidEncoding = new("file-invalid-utf8", DiagnosticSeverity.Error, DiagnosticSources.Io, "The file is not valid UTF-8.");
    public static readonly DiagnosticDescriptor BinaryFile = new("file-binary", DiagnosticSeverity.Information, DiagnosticSources.Io, "The file is binary, not YAML; it was skipped.");
    public static readonly DiagnosticDescriptor Unreadable = new("file-unreadable", DiagnosticSeverity.Error, DiagnosticSources.Io, "The file could not be read.");
    public static readonly DiagnosticDescriptor LargeFile = new("file-too-large", DiagnosticSeverity.Information, DiagnosticSources.Io, "The file is too large to analyse in full.");
    public static readonly DiagnosticDescriptor NotRegularFile = new("file-not-regular", DiagnosticSeverity.Error, DiagnosticSources.Io, "The path is a FIFO, a device or a socket, not a regular file; it was not opened.");
    public static readonly DiagnosticDescriptor OutsideRoot = new("file-outside-repository", DiagnosticSeverity.Error, DiagnosticSources.Io, "A symlink or a configured path leads outside the repository; it was not read.");
    public static readonly DiagnosticDescriptor FileOverLimit = new("file-over-size-limit", DiagnosticSeverity.Error, DiagnosticSources.Io, "The file is larger than GitOpsAi reads; it was not checked.");
    public static readonly DiagnosticDescriptor HelmTemplate = new("helm-template-skipped", DiagnosticSeverity.Information, DiagnosticSources.Yaml, "A Helm template is not YAML until rendered; it was skipped.");
    public static readonly DiagnosticDescriptor JinjaTemplate = new("jinja-template-skipped", DiagnosticSeverity.Information, DiagnosticSources.Yaml, "A Jinja (Ansible) template is not YAML until rendered; it was skipped.");

    // Manifest identity.
    public static readonly DiagnosticDescriptor MissingApiVersion = new("missing-api-version", DiagnosticSeverity.Error, DiagnosticSources.Schema, "A Kubernetes object needs an apiVersion.");
    public static readonly DiagnosticDescriptor MissingKind = new("missing-kind", DiagnosticSeverity.Error, DiagnosticSources.Schema, "A Kubernetes object needs a kind.");
    public static readonly DiagnosticDescriptor UnknownKind = new("unknown-kind", DiagnosticSeverity.Error, DiagnosticSources.Schema, "Kubernetes does not serve this kind at this apiVersion.");
    public static readonly DiagnosticDescriptor NoSchema = new("no-schema", DiagnosticSeverity.Information, DiagnosticSources.Schema, "No schema is known for this kind, so it was not validated.");
    public static readonly DiagnosticDescriptor DeprecatedApiVersion = new("deprecated-api-version", DiagnosticSeverity.Warning, DiagnosticSources.Schema, "The apiVersion is deprecated.");
    public static readonly DiagnosticDescriptor RemovedApiVersion = new("removed-api-version", DiagnosticSeverity.Error, DiagnosticSources.Schema, "The apiVersion has been removed from Kubernetes.");

    // Schema validation.
    public static readonly DiagnosticDescriptor UnknownField = new("schema-unknown-field", DiagnosticSeverity.Error, DiagnosticSources.Schema, "The field does not exist in the schema.");
    public static readonly DiagnosticDescriptor TypeMismatch = new("schema-type-mismatch", DiagnosticSeverity.Error, DiagnosticSources.Schema, "The value has the wrong type.");
    public static readonly DiagnosticDescriptor RequiredField = new("schema-required-field", DiagnosticSeverity.Error, DiagnosticSources.Schema, "A required field is missing.");
    public static readonly DiagnosticDescriptor EnumValue = new("schema-enum-value", DiagnosticSeverity.Error, DiagnosticSources.Schema, "The value is not one of the allowed values.");
    public static readonly DiagnosticDescriptor InvalidFormat = new("schema-invalid-format", DiagnosticSeverity.Error, DiagnosticSources.Schema, "The value does not have the required format.");
    public static readonly DiagnosticDescriptor Constraint = new("schema-constraint", DiagnosticSeverity.Error, DiagnosticSources.Schema, "The value breaks a constraint of the schema (range, length, pattern).");
    public static readonly DiagnosticDescriptor DeprecatedField = new("schema-deprecated-field", DiagnosticSeverity.Warning, DiagnosticSources.Schema, "The field is deprecated.");
    public static readonly DiagnosticDescriptor Yaml11Boolean = new("yaml11-boolean", DiagnosticSeverity.Warning, DiagnosticSources.Schema, "YAML 1.1 tools such as kubectl read this word as a boolean.");
    public static readonly DiagnosticDescriptor SchemaLoad = new("schema-load-error", DiagnosticSeverity.Error, DiagnosticSources.Schema, "A schema or CRD could not be loaded.");
    public static readonly DiagnosticDescriptor ValidationRule = new("schema-validation-rule", DiagnosticSeverity.Error, DiagnosticSources.Schema, "The value breaks a CEL validation rule of the schema (x-kubernetes-validations).");
    public static readonly DiagnosticDescriptor ValidationRuleNotEvaluated = new("schema-validation-rule-not-evaluated", DiagnosticSeverity.Information, DiagnosticSources.Schema, "A CEL validation rule of the schema was not evaluated (a transition rule, or a function GitOpsAi does not support).");

    // Repository structure.
    public static readonly DiagnosticDescriptor KustomizePathNotFound = new("kustomize-path-not-found", DiagnosticSeverity.Error, DiagnosticSources.Structure, "A path listed in a kustomization does not exist.");
    public static readonly DiagnosticDescriptor KustomizeExpectedFile = new("kustomize-expected-file", DiagnosticSeverity.Error, DiagnosticSources.Structure, "A kustomization field that takes a file names a directory.");
    public static readonly DiagnosticDescriptor KustomizeMissingKustomization = new("kustomize-missing-kustomization", DiagnosticSeverity.Error, DiagnosticSources.Structure, "A directory listed as a resource or component holds no kustomization file.");
    public static readonly DiagnosticDescriptor FluxPathNotFound = new("flux-path-not-found", DiagnosticSeverity.Error, DiagnosticSources.Structure, "A Flux Kustomization's spec.path does not exist in the repository.");
    public static readonly DiagnosticDescriptor PathOutsideRepository = new("path-outside-repository", DiagnosticSeverity.Error, DiagnosticSources.Structure, "A kustomization or Flux Kustomization names a path outside the repository; it is never read.");
    public static readonly DiagnosticDescriptor KustomizeBuildError = new("kustomize-build-error", DiagnosticSeverity.Error, DiagnosticSources.Structure, "kustomize build would fail here (a cycle, a patch with no object to apply to, a malformed entry, a duplicate object).");
    public static readonly DiagnosticDescriptor KustomizePatchMatchesNothing = new("kustomize-patch-matches-nothing", DiagnosticSeverity.Warning, DiagnosticSources.Structure, "A patch's target selects no object, so the patch changes nothing (kustomize builds without complaint).");
    public static readonly DiagnosticDescriptor KustomizeNotRendered = new("kustomize-not-rendered", DiagnosticSeverity.Information, DiagnosticSources.Structure, "A kustomization feature GitOpsAi does not render (remote bases, Helm charts, plugins); objects it adds or changes are not in the rendered output.");

    public static readonly DiagnosticDescriptor InternalError = new("internal-error", DiagnosticSeverity.Error, DiagnosticSources.Io, "A check failed on this file because of a defect in GitOpsAi; its findings are missing (the CLI exits with 2).");
    public static readonly DiagnosticDescriptor RuleFailed = new("rule-failed", DiagnosticSeverity.Information, DiagnosticSources.Policy, "A rule failed on this object because of a defect in GitOpsAi; its findings are missing.");

    // Configuration (.gitops-ai/rules.yaml).
    public static readonly DiagnosticDescriptor ConfigUnknownRule = new("config-unknown-rule", DiagnosticSeverity.Error, DiagnosticSources.Config, "The configuration names a rule that does not exist.");
    public static readonly DiagnosticDescriptor ConfigInvalid = new("config-invalid", DiagnosticSeverity.Error, DiagnosticSources.Config, "The configuration has a value GitOpsAi cannot use.");

    // Generation (manifests from natural language).
    public static readonly DiagnosticDescriptor GenerationPlaceholder = new("generation-placeholder", DiagnosticSeverity.Warning, DiagnosticSources.Generation, "A value the generator could not resolve from the request is still a CHANGE-ME placeholder.");
    public static readonly DiagnosticDescriptor GenerationConfigInvalid = new("generation-config-invalid", DiagnosticSeverity.Error, DiagnosticSources.Generation, "The generation conventions file has a value GitOpsAi cannot use.");

    public static IReadOnlyList<DiagnosticDescriptor> All { get; } =
    [
        YamlSyntax, DuplicateKey, AliasLimit, TooDeep, InvalidEncoding, BinaryFile, Unreadable, LargeFile, NotRegularFile, OutsideRoot, FileOverLimit, HelmTemplate, JinjaTemplate,
        MissingApiVersion, MissingKind, UnknownKind, NoSchema, DeprecatedApiVersion, RemovedApiVersion,
        UnknownField, TypeMismatch, RequiredField, EnumValue, InvalidFormat, Constraint, DeprecatedField, Yaml11Boolean, SchemaLoad,
        ValidationRule, ValidationRuleNotEvaluated,
        KustomizePathNotFound, KustomizeExpectedFile, KustomizeMissingKustomization, FluxPathNotFound,
        PathOutsideRepository, KustomizeBuildError, KustomizePatchMatchesNothing, KustomizeNotRendered,
        InternalError, RuleFailed, ConfigUnknownRule, ConfigInvalid,
        GenerationPlaceholder, GenerationConfigInvalid,
        .. Drift.DriftDiagnostics.All,
    ];

    // After All: static initializers run in order.
    private static readonly HashSet<string> Codes = All.Select(d => d.Code).ToHashSet(StringComparer.Ordinal);

    /// <summary>True for the code of a built-in diagnostic (not a rule's or a policy's).</summary>
    public static bool IsBuiltIn(string code) => Codes.Contains(code);
}
