using System.Text.Json;
using System.Text.Json.Nodes;
using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.IO;
using GitOpsAi.Core.Text;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Schemas;

/// <summary>A problem loading one schema file of an extra folder: reported, never fatal.</summary>
public sealed record SchemaLoadProblem(string Path, Diagnostic Diagnostic);

/// <summary>
/// Loads a configured folder of extra schemas. Understood: CRD manifests (YAML); JSON Schemas that declare
/// <c>x-kubernetes-group-version-kind</c>; and the two common catalog layouts that encode the kind in the file name:
/// <c>&lt;group&gt;/&lt;kind&gt;_&lt;version&gt;.json</c> (datreeio/CRDs-catalog) and <c>&lt;kind&gt;-&lt;group&gt;-&lt;version&gt;.json</c> (kubeconform).
/// </summary>
public static partial class SchemaFolderLoader
{
    /// <param name="confineTo">When set, the folder and every file read from it must lie inside this root (symlinks resolved).</param>
    public static IReadOnlyList<KindSchema> Load(string folder, IFileSystem fileSystem, SchemaNode objectMeta, List<SchemaLoadProblem> problems, string? confineTo = null)
    {
        var schemas = new List<KindSchema>();
        if (confineTo is not null && PathConfinement.ResolveInside(confineTo, folder) is null)
        {
            problems.Add(new SchemaLoadProblem(folder, CoreDiagnostics.OutsideRoot.Create(new TextSpan(0, 0), $"The schema folder '{folder}' is outside the workspace; it was not read.")));
            return schemas;
        }

        if (!fileSystem.DirectoryExists(folder))
        {
            problems.Add(new SchemaLoadProblem(folder, CoreDiagnostics.SchemaLoad.Create(new TextSpan(0, 0), $"The schema folder '{folder}' does not exist.")));
            return schemas;
        }

        var pending = new Stack<string>([folder]);
        while (pending.Count > 0)
        {
            var directory = pending.Pop();
            foreach (var child in fileSystem.EnumerateDirectories(directory))
            {
                pending.Push(child);
            }

            foreach (var file in fileSystem.EnumerateFiles(directory).Order(StringComparer.Ordinal))
            {
                if (confineTo is not null && fileSystem.Inspect(file).LinkTarget is { } target && !PathConfinement.IsUnder(target, PathConfinement.RealPath(confineTo)))
                {
                    problems.Add(new SchemaLoadProblem(file, CoreDiagnostics.OutsideRoot.Create(new TextSpan(0, 0), $"The schema '{file}' links outside the workspace; it was not read.")));
                    continue;
                }

                try
                {
                    schemas.AddRange(LoadFile(file, fileSystem, objectMeta));
                }
                catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or JsonException or InvalidOperationException or FormatException)
                {
                    problems.Add(new SchemaLoadProblem(file, CoreDiagnostics.SchemaLoad.Create(new TextSpan(0, 0), $"Cannot load the schema '{file}': {exception.Message}")));
                }
            }
        }

        return schemas;
    }

    private static IEnumerable<KindSchema> LoadFile(string path, IFileSystem fileSystem, SchemaNode objectMeta)
    {
        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension is not (".json" or ".yaml" or ".yml"))
        {
            return [];
        }

        var text = TextDecoder.Decode(fileSystem.ReadAllBytes(path)).Text;
        if (extension == ".json")
        {
            var json = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }) as JsonObject
                ?? throw new FormatException("the file is not a JSON object");
            return FromJsonSchema(json, path, objectMeta);
        }

        var yaml = YamlParser.Parse(text);
        var result = new List<KindSchema>();
        foreach (var document in yaml.Documents)
        {
            if (document.Root is not YamlMapping root)
            {
                continue;
            }

            if (CrdSchemaExtractor.IsCrd(root))
            {
                result.AddRange(CrdSchemaExtractor.Extract(root, objectMeta, SchemaOrigin.ExtraFolder, path));
            }
            else if (YamlToJson.Convert(root) is JsonObject json)
            {
                result.AddRange(FromJsonSchema(json, path, objectMeta));
            }
        }

        return result;
    }

    private static IEnumerable<KindSchema> FromJsonSchema(JsonObject json, string path, SchemaNode objectMeta)
    {
        var kinds = BundledSchemas.GroupVersionKinds(json).ToList();
        if (kinds.Count == 0 && KindFromFileName(path) is { } fromName)
        {
            kinds.Add(fromName);
        }

        if (kinds.Count == 0)
        {
            return [];
        }

        var root = KindSchemaNormalizer.Normalize(new SchemaLoader(json, SchemaDialect.JsonSchema).Load(), objectMeta);
        return kinds.Select(k => new KindSchema(k.ApiVersion, k.Kind, root, SchemaOrigin.ExtraFolder) { SourcePath = path });
    }

    /// <summary>Reads the kind from catalog file names. Kinds are lower-cased there, so they are matched case-insensitively later.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"^v\d+((alpha|beta)\d+)?$")]
    private static partial System.Text.RegularExpressions.Regex VersionPattern();

    internal static (string ApiVersion, string Kind)? KindFromFileName(string path)
    {
        var name = Path.GetFileNameWithoutExtension(path);
        var underscore = name.LastIndexOf('_');
        if (underscore > 0)
        {
            var group = Path.GetFileName(Path.GetDirectoryName(path)) ?? string.Empty;
            return (group.Length == 0 ? name[(underscore + 1)..] : group + "/" + name[(underscore + 1)..], name[..underscore]);
        }

        // kubeconform: {kind}-{first part of the group}-{version}, or {kind}-{version} for the core group. The group
        // part may itself hold dashes (certificate-cert-manager-v1), so it is everything between kind and version.
        var parts = name.Split('-');
        if (parts.Length >= 2 && VersionPattern().IsMatch(parts[^1]))
        {
            return parts.Length == 2 ? (parts[1], parts[0]) : (string.Join('-', parts[1..^1]) + "/" + parts[^1], parts[0]);
        }

        return null;
    }
}
