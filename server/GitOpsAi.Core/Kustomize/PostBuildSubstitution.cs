using System.Text;
using System.Text.RegularExpressions;
using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Manifests;
using GitOpsAi.Core.Workspace;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Kustomize;

/// <summary>
/// Flux's <c>spec.postBuild</c>: <c>${VAR}</c>, <c>${VAR:=default}</c> and <c>${VAR:-default}</c> in every string of
/// every object are replaced from <c>substituteFrom</c> ConfigMaps and Secrets found in the repository, then
/// <c>substitute</c> (which wins). An undefined variable without a default becomes empty, as kustomize-controller does;
/// <c>$${VAR}</c> is an escape for a literal <c>${VAR}</c>. A string that becomes a number or boolean is read as one,
/// because Flux substitutes in the YAML text.
/// </summary>
internal sealed partial class PostBuildSubstitution
{
    private const string DisableKey = "kustomize.toolkit.fluxcd.io/substitute";

    private readonly RenderContext _context;
    private readonly Dictionary<string, (string Value, SourceRef? Source)> _variables = new(StringComparer.Ordinal);
    private readonly bool _enabled;

    public PostBuildSubstitution(RenderContext context, FluxPostBuild? postBuild, string fluxNamespace, Func<string?, string?, IEnumerable<(WorkspaceFile File, Manifest Manifest)>> repositoryObjectsNamed)
    {
        _context = context;
        _enabled = postBuild is not null;
        if (postBuild is null)
        {
            return;
        }

        foreach (var reference in postBuild.SubstituteFrom)
        {
            LoadFrom(reference, fluxNamespace, repositoryObjectsNamed);
        }

        foreach (var entry in postBuild.Substitute?.Entries ?? [])
        {
            if (entry.Value is RenderScalar scalar)
            {
                _variables[entry.Key] = (scalar.IsNull ? string.Empty : scalar.Value, scalar.Source);
            }
        }
    }

    public void Apply(IReadOnlyList<RenderedObject> objects)
    {
        if (!_enabled)
        {
            return;
        }

        foreach (var rendered in objects)
        {
            // kustomize-controller skips an object whose label or annotation says so.
            if (rendered.Root.At("metadata", "annotations", DisableKey) is RenderScalar { Value: "disabled" }
                || rendered.Root.At("metadata", "labels", DisableKey) is RenderScalar { Value: "disabled" })
            {
                continue;
            }

            Substitute(rendered.Root);
        }
    }

    private void Substitute(RenderNode node)
    {
        switch (node)
        {
            case RenderMap map:
                foreach (var entry in map.Entries)
                {
                    entry.Value = Replace(entry.Value);
                    Substitute(entry.Value);
                }

                break;
            case RenderSequence sequence:
                for (var i = 0; i < sequence.Items.Count; i++)
                {
                    sequence.Items[i] = Replace(sequence.Items[i]);
                    Substitute(sequence.Items[i]);
                }

                break;
        }
    }

    private RenderNode Replace(RenderNode node)
    {
        if (node is not RenderScalar { Type: YamlScalarType.String } scalar || !scalar.Value.Contains('$'))
        {
            return node;
        }

        SourceRef? source = null;
        var replaced = Variable().Replace(scalar.Value, match =>
        {
            if (match.Value.StartsWith("$$", StringComparison.Ordinal))
            {
                return match.Value[1..];
            }

            var name = match.Groups["name"].Value;
            if (_variables.TryGetValue(name, out var variable) && !(variable.Value.Length == 0 && match.Groups["op"].Value.StartsWith(':')))
            {
                source ??= variable.Source;
                return variable.Value;
            }

            return match.Groups["default"].Success ? match.Groups["default"].Value : string.Empty;
        });
        if (replaced == scalar.Value)
        {
            return node;
        }

        // Flux substitutes in the YAML text: a plain value that now reads as a number or boolean becomes one.
        var type = replaced.Contains('\n') ? YamlScalarType.String : FluxKustomizationRenderer.TypeOfPlain(replaced);
        return new RenderScalar(replaced, type, source ?? scalar.Source);
    }

    private void LoadFrom(FluxSubstituteFrom reference, string fluxNamespace, Func<string?, string?, IEnumerable<(WorkspaceFile File, Manifest Manifest)>> repositoryObjectsNamed)
    {
        var (kind, name, optional) = (reference.Kind, reference.Name, reference.Optional);
        var found = repositoryObjectsNamed(kind, name).FirstOrDefault(o => o.Manifest.Group.Length == 0 && (o.Manifest.Namespace ?? fluxNamespace) == fluxNamespace);
        if (found.Manifest is null)
        {
            if (!optional)
            {
                _context.Add(CoreDiagnostics.KustomizeNotRendered, reference.Source, $"substituteFrom {kind} {name} is not in this repository (namespace {fluxNamespace}); its variables are left unset in the rendered output.");
            }

            return;
        }

        _context.Inputs.Dependencies[found.File.Path] = found.File;
        var root = (RenderMap)RenderNode.FromYaml(found.Manifest.Root, found.File.Path);
        if (kind == "Secret" && found.Manifest.IsSopsEncrypted)
        {
            _context.Add(CoreDiagnostics.KustomizeNotRendered, reference.Source, $"substituteFrom Secret {name} is SOPS-encrypted; its variables are left unset in the rendered output.");
            return;
        }

        foreach (var entry in root.Map("data")?.Entries ?? [])
        {
            if (entry.Value is RenderScalar { IsNull: false } value)
            {
                _variables[entry.Key] = (kind == "Secret" ? Decode(value.Value) : value.Value, value.Source);
            }
        }

        foreach (var entry in root.Map("stringData")?.Entries ?? [])
        {
            if (entry.Value is RenderScalar { IsNull: false } value)
            {
                _variables[entry.Key] = (value.Value, value.Source);
            }
        }
    }

    private static string Decode(string base64)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(base64.Trim()));
        }
        catch (FormatException)
        {
            return base64;
        }
    }

    [GeneratedRegex(@"\$?\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?<op>:?[=-])(?<default>[^}]*))?\}", RegexOptions.CultureInvariant)]
    private static partial Regex Variable();
}
