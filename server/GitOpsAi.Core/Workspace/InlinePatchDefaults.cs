using GitOpsAi.Core.Manifests;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Workspace;

/// <summary>
/// Fields that inline patches fill in at apply time. A common Flux layout sets defaults for every child object from a
/// parent Kustomization (<c>spec.patches[].patch</c> setting <c>interval</c> and <c>prune</c> on all Kustomizations), so
/// a child that omits a required field is complete once applied. Such fields do not produce "missing required field".
/// Patches nested inside patches (defaults for HelmReleases two levels down) count too.
/// </summary>
public sealed class InlinePatchDefaults
{
    private readonly Dictionary<string, HashSet<string>> _fieldsByKind = new(StringComparer.Ordinal);

    public static InlinePatchDefaults Empty { get; } = new();

    /// <summary>Dotted paths ("spec.interval") set by some inline patch for objects of <paramref name="kind"/>.</summary>
    public IReadOnlySet<string> FieldsFor(string kind) => _fieldsByKind.TryGetValue(kind, out var fields) ? fields : EmptySet;

    /// <summary>
    /// What each file contributes, kept while the file lives: a kustomization edit builds the repository's defaults again
    /// (the structure changed), and parsing every overlay's inline patches again made that a third of the keystroke.
    /// </summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<WorkspaceFile, InlinePatchDefaults> ByFile = new();

    /// <summary>True when both give every kind the same fields (an edit that keeps them changes no other file's required fields).</summary>
    internal bool SameAs(InlinePatchDefaults other) =>
        _fieldsByKind.Count == other._fieldsByKind.Count
        && _fieldsByKind.All(pair => other._fieldsByKind.TryGetValue(pair.Key, out var fields) && fields.SetEquals(pair.Value));

    public static InlinePatchDefaults Build(IEnumerable<WorkspaceFile> files)
    {
        var defaults = new InlinePatchDefaults();
        foreach (var file in files)
        {
            if (!file.Manifests.Any(m => m.IsFluxKustomization || m.IsKustomizeConfig))
            {
                continue;
            }

            foreach (var (kind, fields) in ByFile.GetValue(file, Of)._fieldsByKind)
            {
                if (!defaults._fieldsByKind.TryGetValue(kind, out var all))
                {
                    defaults._fieldsByKind[kind] = all = new HashSet<string>(StringComparer.Ordinal);
                }

                all.UnionWith(fields);
            }
        }

        return defaults;
    }

    private static InlinePatchDefaults Of(WorkspaceFile file)
    {
        var defaults = new InlinePatchDefaults();
        foreach (var manifest in file.Manifests)
        {
            var patches = manifest.IsFluxKustomization ? manifest.Spec?.GetSequence("patches")
                : manifest.IsKustomizeConfig ? manifest.Root.GetSequence("patches")
                : null;
            defaults.AddPatches(patches, depth: 0);
        }

        return defaults;
    }

    private void AddPatches(YamlSequence? patches, int depth)
    {
        if (patches is null || depth > 3)
        {
            return;
        }

        foreach (var entry in patches.Items.OfType<YamlMapping>())
        {
            if (entry["patch"] is not YamlScalar { Type: YamlScalarType.String } text)
            {
                continue;
            }

            var parsed = YamlParser.Parse(text.Value);
            foreach (var document in parsed.Documents)
            {
                if (document.Root is not YamlMapping root)
                {
                    continue;
                }

                var kind = entry.At("target", "kind") is YamlScalar target ? target.Value : root.GetString("kind");
                if (kind is null || root.GetString("op") is not null)
                {
                    continue; // JSON 6902 operations name paths, not fields; kind-less patches are too broad to trust
                }

                if (!_fieldsByKind.TryGetValue(kind, out var fields))
                {
                    _fieldsByKind[kind] = fields = new HashSet<string>(StringComparer.Ordinal);
                }

                Collect(root, string.Empty, fields);
                AddPatches(root.At("spec", "patches") as YamlSequence, depth + 1);
            }
        }
    }

    private static void Collect(YamlMapping mapping, string prefix, HashSet<string> fields)
    {
        foreach (var pair in mapping.Pairs)
        {
            if (pair.KeyText is not { } key || (prefix.Length == 0 && key is "apiVersion" or "kind" or "metadata"))
            {
                continue;
            }

            var path = prefix.Length == 0 ? key : prefix + "." + key;
            fields.Add(path);
            if (pair.Value is YamlMapping child)
            {
                Collect(child, path, fields);
            }
        }
    }

    private static readonly IReadOnlySet<string> EmptySet = new HashSet<string>();
}
