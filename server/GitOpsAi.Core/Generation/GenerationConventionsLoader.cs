using System.Text.RegularExpressions;
using GitOpsAi.Core.Analysis;
using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.IO;
using GitOpsAi.Core.Workspace;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Generation;

/// <summary>
/// Reads the repository's generation conventions: <c>.gitops-ai/generation.yaml</c> (or StackGen's
/// <c>.stackgen/generation-config.yaml</c>, read with the same keys) and the example manifests in
/// <c>.gitops-ai/examples/</c> or <c>.stackgen/examples/</c>. Every problem is a diagnostic at its place in the file and
/// the rest still applies; nothing here throws on user input.
/// </summary>
public static partial class GenerationConventionsLoader
{
    public static IReadOnlyList<string> ConfigPaths { get; } = [".gitops-ai/generation.yaml", ".gitops-ai/generation.yml", ".stackgen/generation-config.yaml"];

    public static IReadOnlyList<string> ExampleFolders { get; } = [".gitops-ai/examples", ".stackgen/examples"];

    private static readonly string[] Keys = ["naming", "labels", "annotations", "resources", "securityContext", "storageClass", "charts", "registries"];

    public sealed record Result(GenerationConventions Conventions, string? Path, IReadOnlyList<Diagnostic> Diagnostics);

    public static Result Load(WorkspaceSnapshot workspace)
    {
        var examples = LoadExamples(workspace);
        foreach (var relative in ConfigPaths)
        {
            var path = System.IO.Path.GetFullPath(System.IO.Path.Combine(workspace.Root, relative));
            if (Read(workspace, path) is { } text)
            {
                var result = Parse(path, text);
                return result with { Conventions = result.Conventions with { Examples = examples } };
            }
        }

        return new Result(GenerationConventions.Default with { Examples = examples }, null, []);
    }

    public static Result Parse(string path, string text)
    {
        var file = YamlParser.Parse(text);
        var diagnostics = new List<Diagnostic>(file.Diagnostics);
        var conventions = GenerationConventions.Default;
        if (file.Documents.FirstOrDefault(d => d.Root is not null)?.RootMapping is not { } root)
        {
            return new Result(conventions, path, diagnostics);
        }

        foreach (var pair in root.Pairs)
        {
            switch (pair.KeyText)
            {
                case "naming":
                    conventions = conventions with { NamePatterns = StringMap(pair, diagnostics, value => value.Contains("{name}", StringComparison.Ordinal) ? null : "A naming pattern needs {name}, e.g. '{name}-svc'.") };
                    break;
                case "labels":
                    conventions = conventions with { RequiredLabels = StringMap(pair, diagnostics, null) };
                    break;
                case "annotations":
                    conventions = conventions with { RequiredAnnotations = StringMap(pair, diagnostics, null) };
                    break;
                case "resources":
                    conventions = ReadResources(pair, conventions, diagnostics);
                    break;
                case "securityContext":
                    if (pair.Value is YamlMapping security && security.GetPair("runAsUser") is { } user)
                    {
                        if (user.Value is YamlScalar { Type: YamlScalarType.Integer } number && long.TryParse(number.Value, out var uid) && uid > 0)
                        {
                            conventions = conventions with { RunAsUser = uid };
                        }
                        else
                        {
                            diagnostics.Add(Invalid(user.Value, "securityContext.runAsUser must be a non-root user id (a positive integer)."));
                        }
                    }
                    else if (pair.Value is not YamlMapping)
                    {
                        diagnostics.Add(Invalid(pair.Value, "securityContext must be a mapping such as 'runAsUser: 10001'."));
                    }

                    break;
                case "storageClass":
                    if (pair.Value is YamlScalar { IsNull: false } storageClass)
                    {
                        conventions = conventions with { StorageClass = storageClass.Value };
                    }
                    else
                    {
                        diagnostics.Add(Invalid(pair.Value, "storageClass must be the name of a StorageClass."));
                    }

                    break;
                case "charts":
                    conventions = conventions with { ChartVersions = StringMap(pair, diagnostics, null) };
                    break;
                case "registries":
                    conventions = conventions with { AllowedRegistries = Strings(pair, diagnostics) };
                    break;
                default:
                    diagnostics.Add(Invalid(pair.Key, $"Unknown key '{pair.KeyText}'; the conventions have {string.Join(", ", Keys)}."));
                    break;
            }
        }

        return new Result(conventions, path, diagnostics);
    }

    private static GenerationConventions ReadResources(YamlPair pair, GenerationConventions conventions, List<Diagnostic> diagnostics)
    {
        if (pair.Value is not YamlMapping resources)
        {
            diagnostics.Add(Invalid(pair.Value, "resources must hold requests and limits, e.g. 'requests: {cpu: 100m, memory: 128Mi}'."));
            return conventions;
        }

        string? Quantity(string section, string resource)
        {
            if (resources.At(section, resource) is not { } node)
            {
                return null;
            }

            if (node is YamlScalar { IsNull: false } scalar && QuantityPattern().IsMatch(scalar.Value))
            {
                return scalar.Value;
            }

            diagnostics.Add(Invalid(node, $"resources.{section}.{resource} must be a Kubernetes quantity such as {(resource == "cpu" ? "100m" : "128Mi")}."));
            return null;
        }

        return conventions with
        {
            CpuRequest = Quantity("requests", "cpu") ?? conventions.CpuRequest,
            MemoryRequest = Quantity("requests", "memory") ?? conventions.MemoryRequest,
            CpuLimit = Quantity("limits", "cpu") ?? conventions.CpuLimit,
            MemoryLimit = Quantity("limits", "memory") ?? conventions.MemoryLimit,
        };
    }

    private static Dictionary<string, string> StringMap(YamlPair pair, List<Diagnostic> diagnostics, Func<string, string?>? check)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (pair.Value is not YamlMapping mapping)
        {
            diagnostics.Add(Invalid(pair.Value, $"{pair.KeyText} must be a mapping of names to values."));
            return map;
        }

        foreach (var entry in mapping.Pairs)
        {
            if (entry.KeyText is not { } key || entry.Value is not YamlScalar { IsNull: false } value)
            {
                diagnostics.Add(Invalid(entry.Value, $"{pair.KeyText}.{entry.KeyText} must be a text value."));
                continue;
            }

            if (check?.Invoke(value.Value) is { } problem)
            {
                diagnostics.Add(Invalid(value, problem));
                continue;
            }

            map[key] = value.Value;
        }

        return map;
    }

    private static List<string> Strings(YamlPair pair, List<Diagnostic> diagnostics)
    {
        if (pair.Value is not YamlSequence sequence)
        {
            diagnostics.Add(Invalid(pair.Value, $"{pair.KeyText} must be a list, e.g. '[ghcr.io/acme]'."));
            return [];
        }

        var result = new List<string>();
        foreach (var item in sequence.Items)
        {
            if (item is YamlScalar { IsNull: false } scalar && scalar.Value.Length > 0)
            {
                result.Add(scalar.Value);
            }
            else
            {
                diagnostics.Add(Invalid(item, $"Each entry of {pair.KeyText} must be a registry such as ghcr.io/acme."));
            }
        }

        return result;
    }

    private static Diagnostic Invalid(YamlNode node, string message) => CoreDiagnostics.GenerationConfigInvalid.Create(node.Span, message);

    private static Dictionary<string, string> LoadExamples(WorkspaceSnapshot workspace)
    {
        var examples = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var folder in ExampleFolders.Select(f => System.IO.Path.Combine(workspace.Root, f)).Where(workspace.FileSystem.DirectoryExists))
        {
            foreach (var path in workspace.FileSystem.EnumerateFiles(folder).Where(WorkspaceLoader.IsYamlFile).Order(StringComparer.Ordinal))
            {
                if (Read(workspace, path) is not { } text || text.Length > 20_000)
                {
                    continue;
                }

                var file = WorkspaceFile.FromText(path, workspace.Root, text);
                foreach (var kind in file.Manifests.Select(m => m.Kind).OfType<string>().Distinct())
                {
                    examples.TryAdd(kind, text);
                }
            }
        }

        return examples;
    }

    private static string? Read(WorkspaceSnapshot workspace, string path)
    {
        if (workspace.GetFile(path) is { IsSkipped: false } open)
        {
            return open.Source.Text;
        }

        if (!workspace.FileSystem.FileExists(path))
        {
            return null;
        }

        try
        {
            return TextDecoder.Decode(workspace.FileSystem.ReadAllBytes(path)).Text;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"^[0-9]+(\.[0-9]+)?(m|k|M|G|T|Ki|Mi|Gi|Ti)?$")]
    private static partial Regex QuantityPattern();
}

/// <summary>Reports the problems of the generation conventions file in that file.</summary>
internal sealed class GenerationConfigAnalyzer : IFileAnalyzer
{
    public void Analyze(FileAnalysisContext context)
    {
        var relative = WorkspaceFile.RelativeTo(context.Workspace.Root, context.File.Path);
        if (GenerationConventionsLoader.ConfigPaths.Contains(relative, StringComparer.Ordinal))
        {
            context.Diagnostics.AddRange(GenerationConventionsLoader.Parse(context.File.Path, context.File.Source.Text).Diagnostics.Where(d => d.Code != CoreDiagnostics.YamlSyntax.Code));
        }
    }
}
