namespace GitOpsAi.Core.Workspace;

/// <summary>What a file is to the kustomizations that list it; decides how it is validated.</summary>
public enum FileRole
{
    /// <summary>A file of whole objects (the default): validated fully.</summary>
    Resource,

    /// <summary>A strategic-merge patch: a fragment, validated without required-field checks.</summary>
    Patch,

    /// <summary>A JSON 6902 patch (a list of operations): not an object, not validated against a schema.</summary>
    JsonPatch,

    /// <summary>Input to a generator or plugin (configMapGenerator files, replacements, Helm values): not objects.</summary>
    Data,
}

/// <summary>A place where one file names another (kustomization entries, Flux spec.path); go-to-definition follows these.</summary>
public sealed record PathReference(string FromPath, GitOpsAi.Core.Text.TextSpan Span, string TargetPath, bool TargetIsDirectory)
{
    /// <summary>The field that names the target ("resources", "components", "patches", "spec.path", ...): the inclusion graph follows only some.</summary>
    public string Field { get; init; } = string.Empty;
}
