using GitOpsAi.Core.Text;
using System.Text.RegularExpressions;

namespace GitOpsAi.Core.Kustomize;

/// <summary>
/// The <c>images</c> field: every <c>image</c> of a <c>containers</c> or <c>initContainers</c> list anywhere in an
/// object (kustomize's legacy image filter), plus configured field specs, gets its name, tag or digest replaced.
/// </summary>
internal static class Images
{
    /// <summary>kustomize matches the image name as a regular expression (unescaped), then an optional tag and digest, as here.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Regex> Matchers = new(StringComparer.Ordinal);

    public static void Apply(RenderContext context, KustomizationModel kustomization, TransformerConfig config, List<RenderedObject> objects)
    {
        var entries = new List<(ImageEntry Entry, ImageMatcher Matcher)>(kustomization.Images.Count);
        foreach (var entry in kustomization.Images)
        {
            var name = entry.Name;
            try
            {
                var matcher = Matchers.GetOrAdd(name, n => new Regex("^" + n + "(@sha256)?(:[a-zA-Z0-9_.{}-]*)?(@sha256:[a-zA-Z0-9_.{}-]*)?$", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(200)));
                entries.Add((entry, new ImageMatcher(name, matcher)));
            }
            catch (ArgumentException)
            {
                context.Error(entry.Source, $"the image name '{name}' is not a valid regular expression (kustomize matches it as one); kustomize build would fail.");
            }
        }

        if (entries.Count == 0)
        {
            return;
        }

        // Each object's containers are found once and every entry is applied to them in order (an entry sees what the
        // ones before it wrote, as when each walked the whole object: that walk per entry was 6% of rendering, issue 13).
        var containers = new List<RenderMap>();
        foreach (var target in objects)
        {
            containers.Clear();
            CollectContainers(target.Root, containers);
            var (kind, apiVersion) = (target.Kind, target.ApiVersion);
            foreach (var (entry, matcher) in entries)
            {
                foreach (var container in containers)
                {
                    Update(container, "image", entry, matcher);
                }

                foreach (var spec in config.Images)
                {
                    if (spec.Applies(kind, apiVersion))
                    {
                        // The entry as the visitor's state: a closure here was made for every object and entry, visited or not.
                        FieldWalker.Visit(target.Root, spec.Segments, create: false, null, (entry, matcher), static (parent, key, image) => Update(parent, key, image.entry, image.matcher));
                    }
                }
            }
        }
    }

    /// <summary>Every mapping of a <c>containers</c> or <c>initContainers</c> list anywhere in the object, in document order.</summary>
    /// <remarks>
    /// It walks every node of every object of every kustomization with images: over the lists' spans, and without a call
    /// for each scalar (most nodes), which can hold no containers (4% of rendering a 50,000-resource monorepo, issue 13).
    /// </remarks>
    internal static void CollectContainers(RenderNode node, List<RenderMap> containers)
    {
        switch (node)
        {
            // Not read (and so not converted) only to learn that it holds no container: most of an object does not.
            case RenderMap { Unread: { } parsed } when !HoldsContainers(parsed):
                break;
            case RenderMap map:
                foreach (var field in System.Runtime.InteropServices.CollectionsMarshal.AsSpan(map.Entries))
                {
                    var value = field.Value;
                    if (value is RenderScalar)
                    {
                        continue;
                    }

                    if (value is RenderSequence list && field.Key is "containers" or "initContainers")
                    {
                        foreach (var item in System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list.Items))
                        {
                            if (item is RenderMap container)
                            {
                                containers.Add(container);
                            }
                        }
                    }

                    CollectContainers(value, containers);
                }

                break;
            case RenderSequence { Unread: { } parsed } when !HoldsContainers(parsed):
                break;
            case RenderSequence sequence:
                foreach (var item in System.Runtime.InteropServices.CollectionsMarshal.AsSpan(sequence.Items))
                {
                    if (item is not RenderScalar)
                    {
                        CollectContainers(item, containers);
                    }
                }

                break;
        }
    }

    /// <summary>
    /// True when a mapping below <paramref name="node"/> has a <c>containers</c> or <c>initContainers</c> list. Remembered on
    /// each collection asked, so the walks down to an object's containers read each node once per file version.
    /// </summary>
    private static bool HoldsContainers(Yaml.YamlNode node)
    {
        if (node is not Yaml.YamlCollection collection)
        {
            return false;
        }

        if (collection.Recalled(Yaml.CollectionMemo.HoldsContainers) is { } known)
        {
            return known;
        }

        var holds = false;
        if (collection is Yaml.YamlMapping mapping)
        {
            foreach (var pair in mapping.PairsSpan)
            {
                var value = pair.Value;
                if ((value is Yaml.YamlSequence && pair.KeyText is "containers" or "initContainers") || HoldsContainers(value))
                {
                    holds = true;
                    break;
                }
            }
        }
        else
        {
            foreach (var item in ((Yaml.YamlSequence)collection).ItemsSpan)
            {
                if (HoldsContainers(item))
                {
                    holds = true;
                    break;
                }
            }
        }

        collection.Remember(Yaml.CollectionMemo.HoldsContainers, holds);
        return holds;
    }

    private static void Update(RenderMap parent, string key, ImageEntry entry, ImageMatcher matcher)
    {
        if (parent[key] is not RenderScalar { IsNull: false } image || !matcher.IsMatch(image.Value))
        {
            return;
        }

        var (name, tag, digest) = Split(image.Value);
        var (newName, newTag, newDigest) = (entry.NewName, entry.NewTag, entry.Digest);
        name = newName is not null ? newName.Value : name;
        if (newTag is not null && newDigest is not null)
        {
            (tag, digest) = (newTag.Value, newDigest.Value);
        }
        else if (newTag is not null)
        {
            (tag, digest) = (newTag.Value, string.Empty);
        }
        else if (newDigest is not null)
        {
            (tag, digest) = (string.Empty, newDigest.Value);
        }

        var value = name + (tag.Length > 0 ? ":" + tag : string.Empty) + (digest.Length > 0 ? "@" + digest : string.Empty);
        var source = (newDigest ?? newTag ?? newName)?.Source ?? entry.Source;
        parent.Set(key, RenderScalar.String(value, source));
    }

    /// <summary>kustomize's image.Split: name, tag and digest, looking for ':' only after the registry's first '/'.</summary>
    internal static (string Name, string Tag, string Digest) Split(string image)
    {
        var slash = image.IndexOf('/');
        var offset = slash > 0 ? slash : 0;
        var search = image[offset..];
        var at = search.IndexOf('@');
        var colon = search.IndexOf(':');
        if (colon < 0 && at < 0)
        {
            return (image, string.Empty, string.Empty);
        }

        if (at >= 0 && (at < colon || colon < 0))
        {
            return (image[..(at + offset)], string.Empty, image[(at + offset + 1)..]);
        }

        if (at >= 0 && colon >= 0)
        {
            return (image[..(colon + offset)], image[(colon + offset + 1)..(at + offset)], image[(at + offset + 1)..]);
        }

        return (image[..(colon + offset)], image[(colon + offset + 1)..], string.Empty);
    }
}
