using System.Text;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Kustomize;

/// <summary>
/// configMapGenerator and secretGenerator: data from env files, literals and files (in kustomize's order), with
/// generatorOptions merged into each generator's options, and <c>behavior: create|merge|replace</c> against the
/// objects accumulated so far. Each generated value points at the literal or file entry that produced it.
/// </summary>
internal static class Generators
{
    public static void Run(RenderContext context, KustomizationModel kustomization, string directory, List<RenderedObject> objects)
    {
        var globalOptions = kustomization.GeneratorOptions;
        ObjectsByName? existing = null;
        foreach (var entry in kustomization.Generators)
        {
            if (entry.Map is not { } generator)
            {
                context.Error(entry.Node.Source, $"each {entry.Field} entry must be a mapping with a name.");
                continue;
            }

            if (Generate(context, entry, directory, globalOptions) is { } generated)
            {
                Add(context, generator, generated, objects, existing ??= new ObjectsByName(objects));
            }
        }
    }

    private static RenderedObject? Generate(RenderContext context, GeneratorEntry entry, string directory, RenderMap? globalOptions)
    {
        var (kind, field) = (entry.Kind, entry.Field);
        var at = entry.Node.Source;
        var nameNode = entry.Name;
        if (nameNode is null || nameNode.IsNull)
        {
            context.Error(at, $"a {field} entry needs a name.");
            return null;
        }

        var pairs = new List<(string Key, string Value, SourceRef? Source, bool Binary)>();
        foreach (var env in entry.Envs)
        {
            if (Read(context, directory, env, field) is { } text)
            {
                foreach (var (key, value) in EnvLines(text))
                {
                    pairs.Add((key, value, env.Source, false));
                }
            }
        }

        foreach (var literal in entry.Literals)
        {
            var equals = literal.Value.IndexOf('=');
            if (equals <= 0)
            {
                context.Error(literal.Source, $"literal '{literal.Value}' must be key=value.");
                continue;
            }

            pairs.Add((literal.Value[..equals], RemoveQuotes(literal.Value[(equals + 1)..]), literal.Source, false));
        }

        foreach (var file in entry.Files)
        {
            var value = file.Value;
            var key = Path.GetFileName(value);
            if (value.IndexOf('=') is var equals and > 0)
            {
                key = value[..equals];
                value = value[(equals + 1)..];
            }

            if (context.ResolveFile(directory, value, file.Source!.Value, field)?.Target is not { } path)
            {
                continue;
            }

            byte[] bytes;
            try
            {
                bytes = context.Inputs.FileSystem.ReadAllBytes(path);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                context.Error(file.Source, $"'{value}' listed in {field} cannot be read; kustomize build would fail.");
                continue;
            }

            // Binary here means "already base64": every Secret file, and a ConfigMap file that is not UTF-8.
            var isText = IsUtf8(bytes);
            pairs.Add((key, kind == "Secret" || !isText ? Base64(bytes) : Encoding.UTF8.GetString(bytes), file.Source, kind == "Secret" || !isText));
        }

        var root = new RenderMap { Source = at };
        root.Set("apiVersion", RenderScalar.String("v1", at));
        root.Set("kind", RenderScalar.String(kind, at));
        var metadata = root.GetOrCreateMap("metadata", at);
        metadata.Set("name", RenderScalar.String(nameNode.Value, nameNode.Source));
        if (entry.Namespace is { } ns)
        {
            metadata.Set("namespace", RenderScalar.String(ns.Value, ns.Source));
        }

        var options = entry.Options;
        foreach (var metaField in new[] { "labels", "annotations" })
        {
            var merged = new RenderMap { Source = at };
            foreach (var source in new[] { globalOptions?.Map(metaField), options?.Map(metaField) })
            {
                foreach (var option in source?.Entries ?? [])
                {
                    merged.Set(option.Key, option.Value.Clone(), option.KeySource);
                }
            }

            if (merged.Entries.Count > 0)
            {
                metadata.Set(metaField, merged);
            }
        }

        if (kind == "Secret")
        {
            root.Set("type", entry.Type is { } type ? RenderScalar.String(type.Value, type.Source) : RenderScalar.String("Opaque", at));
        }

        // A Secret's values are all base64 under data; a ConfigMap keeps text under data and other bytes under binaryData.
        foreach (var (dataField, binary) in new[] { ("data", false), ("binaryData", true) })
        {
            var data = new RenderMap { Source = at };

            // The keys so far in a set: looking each up in the map compared it with every key before it, which grew with
            // the square of the generator (32,000 literals: two thirds of a 7 s check).
            var keys = new HashSet<string>(StringComparer.Ordinal);
            foreach (var pair in pairs.Where(p => kind == "Secret" ? !binary : p.Binary == binary))
            {
                RenderMap.KeysComparedOnThisThread++;
                if (!keys.Add(pair.Key))
                {
                    context.Error(pair.Source, $"{kind} {nameNode.Value} repeats the key '{pair.Key}'; kustomize build would fail.");
                    continue;
                }

                var value = kind == "Secret" && !pair.Binary ? Base64(Encoding.UTF8.GetBytes(pair.Value)) : pair.Value;
                data.Entries.Add(new RenderEntry(pair.Key, RenderScalar.String(value, pair.Source), pair.Source));
            }

            if (data.Entries.Count > 0)
            {
                // The data key exists because of the generator's first entry (a literal, an env or data file): a finding
                // about the values as a whole (a plain secret) points there rather than at the whole generator.
                var firstSource = data.Entries[0].KeySource;
                data.Entries.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
                root.Set(dataField, data, firstSource);
            }
        }

        if (IsTrue(options?["immutable"]) || IsTrue(globalOptions?["immutable"]))
        {
            root.Set("immutable", new RenderScalar("true", YamlScalarType.Boolean, at));
        }

        var disableHash = IsTrue(options?["disableNameSuffixHash"]) || IsTrue(globalOptions?["disableNameSuffixHash"]);
        return new RenderedObject(root, at ?? default)
        {
            IsGenerated = true,
            NeedsHashSuffix = !disableHash,
            GeneratorBehavior = entry.Behavior,
        };
    }

    /// <summary>Adds a generated object, or merges it into / replaces the object of the same id (behavior merge|replace).</summary>
    private static void Add(RenderContext context, RenderMap generator, RenderedObject generated, List<RenderedObject> objects, ObjectsByName byName)
    {
        var behavior = generated.GeneratorBehavior;
        var existing = byName.First(generated.Kind, generated.Name, generated.Namespace);
        if (behavior is "merge" or "replace")
        {
            if (existing is null)
            {
                context.Error(generator.Source, $"{generated.Kind} {generated.Name} has behavior '{behavior}' but no {generated.Kind} of that name exists to {behavior}; kustomize build would fail.");
                return;
            }

            foreach (var dataField in new[] { "data", "binaryData" })
            {
                var target = behavior == "replace" || existing.Root[dataField] is not RenderMap old ? null : old;
                if (generated.Root[dataField] is RenderMap fresh)
                {
                    if (target is null)
                    {
                        existing.Root.Set(dataField, fresh);
                        continue;
                    }

                    foreach (var entry in fresh.Entries)
                    {
                        target.Set(entry.Key, entry.Value, entry.KeySource);
                    }
                }
                else if (behavior == "replace")
                {
                    existing.Root.Remove(dataField);
                }
            }

            foreach (var metaField in new[] { "labels", "annotations" })
            {
                if (generated.Root.At("metadata", metaField) is RenderMap fresh)
                {
                    var into = existing.Root.GetOrCreateMap("metadata", fresh.Source).GetOrCreateMap(metaField, fresh.Source);
                    foreach (var entry in fresh.Entries)
                    {
                        into.Set(entry.Key, entry.Value, entry.KeySource);
                    }
                }
            }

            existing.NeedsHashSuffix = generated.NeedsHashSuffix;
            return;
        }

        if (behavior != "create")
        {
            context.Error(generator.Source, $"unknown generator behavior '{behavior}' (create, merge or replace).");
            return;
        }

        if (existing is not null)
        {
            context.Error(generator.Source, $"{generated.Kind} {generated.Name} already exists; a generator that adds to it needs 'behavior: merge' or 'replace'.");
            return;
        }

        generated.GeneratorBehavior = null;
        objects.Add(generated);
        byName.Add(generated);
    }

    /// <summary>
    /// The objects of the build so far by kind and every name they have or had, in their order: a generator looks up the
    /// object its behavior applies to by name, and comparing it with every object of the build grew with the generators
    /// times the objects (2,000 generators over 8,000 objects: a third of the check's CPU). Generators only add objects
    /// and merge data into them, so the index stays true while they run.
    /// </summary>
    private sealed class ObjectsByName
    {
        private readonly Dictionary<(string Kind, string Name), List<RenderedObject>> _objects = new();

        public ObjectsByName(List<RenderedObject> objects)
        {
            foreach (var rendered in objects)
            {
                Add(rendered);
            }
        }

        public void Add(RenderedObject rendered)
        {
            // Only the kinds generators make, the only ones looked up: indexing every object of every build with a
            // generator (each overlay of the 50k monorepo) was 50 MB of that check's allocation.
            if (rendered.Kind is not ({ } kind and ("ConfigMap" or "Secret")))
            {
                return;
            }

            foreach (var (name, _) in rendered.PreviousIds)
            {
                AddUnder(kind, name, rendered);
            }

            AddUnder(kind, rendered.Name, rendered);
        }

        private void AddUnder(string kind, string name, RenderedObject rendered)
        {
            if (!_objects.TryGetValue((kind, name), out var named))
            {
                _objects[(kind, name)] = named = [];
            }

            if (named.Count == 0 || !ReferenceEquals(named[^1], rendered))
            {
                named.Add(rendered);
            }
        }

        /// <summary>The first object of this kind that has or had the name, in the namespace ("default" for none).</summary>
        public RenderedObject? First(string? kind, string name, string? @namespace)
        {
            if (kind is null || !_objects.TryGetValue((kind, name), out var named))
            {
                return null;
            }

            foreach (var rendered in named)
            {
                if (SameNamespace(rendered.Namespace, @namespace))
                {
                    return rendered;
                }
            }

            return null;
        }
    }

    /// <summary>
    /// kyaml's base64 for generated data: lines of 70 characters, each ending in a line break once the text is 70 or
    /// longer (the line breaks are part of the value, so they change the content hash too).
    /// </summary>
    private static string Base64(byte[] bytes)
    {
        const int lineLength = 70;
        var encoded = Convert.ToBase64String(bytes);
        if (encoded.Length < lineLength)
        {
            return encoded;
        }

        var wrapped = new StringBuilder(encoded.Length + (encoded.Length / lineLength) + 1);
        for (var i = 0; i < encoded.Length; i += lineLength)
        {
            wrapped.Append(encoded, i, Math.Min(lineLength, encoded.Length - i)).Append('\n');
        }

        return wrapped.ToString();
    }

    private static bool SameNamespace(string? a, string? b) => (a ?? "default") == (b ?? "default");

    private static bool IsTrue(RenderNode? node) => node is RenderScalar { Value: "true" or "True" or "TRUE" };

    private static string? Read(RenderContext context, string directory, RenderScalar entry, string field)
    {
        if (context.ResolveFile(directory, entry.Value, entry.Source!.Value, field) is not { } resolved)
        {
            return null;
        }

        if (!resolved.IsFile || context.Inputs.Text(resolved.Target!) is not { } text)
        {
            context.Error(entry.Source, $"'{entry.Value}' listed in {field} does not exist; kustomize build would fail.");
            return null;
        }

        return text;
    }

    /// <summary>KEY=VALUE lines of an env file; blank lines and # comments skipped, the value kept as written.</summary>
    private static IEnumerable<(string Key, string Value)> EnvLines(string text)
    {
        foreach (var raw in text.TrimStart('\uFEFF').Split('\n'))
        {
            var line = raw.TrimEnd('\r').TrimStart();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var equals = line.IndexOf('=');
            yield return equals < 0 ? (line, string.Empty) : (line[..equals], line[(equals + 1)..]);
        }
    }

    private static string RemoveQuotes(string value) =>
        value.Length >= 2 && value[0] == value[^1] && value[0] is '"' or '\'' ? value[1..^1] : value;

    private static bool IsUtf8(byte[] bytes)
    {
        try
        {
            _ = new UTF8Encoding(false, true).GetString(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
