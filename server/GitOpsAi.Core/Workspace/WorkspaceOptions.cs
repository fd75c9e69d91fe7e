namespace GitOpsAi.Core.Workspace;

/// <summary>Settings that change what a workspace holds or how it is validated.</summary>
public sealed record WorkspaceOptions
{
    public static WorkspaceOptions Default { get; } = new();

    /// <summary>Folders of extra schemas (CRDs or JSON Schemas) to honour beside the bundled ones.</summary>
    public IReadOnlyList<string> ExtraSchemaFolders { get; init; } = [];

    /// <summary>
    /// True when <see cref="ExtraSchemaFolders"/> come from the repository (an editor's workspace settings): each folder,
    /// and each file in it, must then lie inside the workspace root, symlinks resolved. The CLI's --schema-dir is the
    /// user's own choice and may point anywhere.
    /// </summary>
    public bool ConfineSchemaFolders { get; init; }

    /// <summary>
    /// Schemas from outside the repository held in memory: the CRDs a connected cluster serves. They win over the bundled
    /// schemas (a vendor-patched CRD's extra enum value is no longer an error); extra folders and the repository's own
    /// CRDs win over them.
    /// </summary>
    public IReadOnlyList<Schemas.KindSchema> ExtraSchemas { get; init; } = [];

    /// <summary>Directory names never walked into (besides dot-directories such as .git).</summary>
    public IReadOnlyList<string> IgnoredDirectoryNames { get; init; } = ["node_modules", "bin", "obj"];

    /// <summary>Whether to validate against schemas at all (the editor setting "schema validation on/off").</summary>
    public bool ValidateSchemas { get; init; } = true;

    /// <summary>
    /// Files larger than this are parsed for syntax only (with a note) so an editor stays responsive; null analyses
    /// everything in full (the CLI).
    /// </summary>
    public int? FullAnalysisMaxChars { get; init; }

    /// <summary>
    /// Keep the texts of ASCII files read from disk only on disk, read again when a check asks for one (see
    /// <see cref="Text.SourceText.KeepOnDisk"/>): a run that reads the repository once, the CLI's check without fixes.
    /// Not the editor's: files change under it while its snapshots live.
    /// </summary>
    public bool KeepTextsOnDisk { get; init; }

    /// <summary>
    /// Full paths named explicitly (the CLI's arguments, checked with the whole repository as context): loaded even when
    /// the configuration's "ignore" covers them or a folder above them, since the user asked for them by name.
    /// </summary>
    public IReadOnlyList<string> ExplicitPaths { get; init; } = [];

    /// <summary>
    /// The editor's severityOverrides (null: off), applied with the repository's configuration in the same step
    /// (<see cref="Config.FindingConfiguration"/>); the CLI has none.
    /// </summary>
    public IReadOnlyDictionary<string, Diagnostics.DiagnosticSeverity?> SeverityOverrides { get; init; } = new Dictionary<string, Diagnostics.DiagnosticSeverity?>();
}
