using GitOpsAi.Core.Expressions.JmesPath;
using GitOpsAi.Core.Manifests;

namespace GitOpsAi.Core.Kyverno;

/// <summary>
/// Kyverno's built-in <c>images</c> variable: for each container of a workload, its image split into registry, path,
/// name, tag and digest (<c>images.containers.nginx.tag</c>), with docker.io and "latest" filled in as Kyverno does.
/// </summary>
internal static class ImageVariables
{
    public static JObject? Build(JObject resource, string kind)
    {
        if (WorkloadKinds.PodSpecPath(kind) is not { } path)
        {
            return null;
        }

        JValue? podSpec = resource;
        foreach (var key in path)
        {
            podSpec = (podSpec as JObject)?.Get(key);
        }

        if (podSpec is not JObject spec)
        {
            return null;
        }

        var result = new JObject();
        foreach (var list in (string[])["containers", "initContainers", "ephemeralContainers"])
        {
            if (spec.Get(list) is not JArray containers)
            {
                continue;
            }

            var byName = new JObject();
            foreach (var container in containers.Items.OfType<JObject>())
            {
                if (container.Get("name") is JString name && container.Get("image") is JString image && Parse(image.Value, image) is { } info)
                {
                    byName.Set(name.Value, info);
                }
            }

            if (byName.Count > 0)
            {
                result.Set(list, byName);
            }
        }

        return result.Count == 0 ? null : result;
    }

    /// <param name="source">The image value in the resource: the parts point at it, so a finding about them lands there.</param>
    public static JObject? Parse(string image, JValue? source = null)
    {
        if (string.IsNullOrWhiteSpace(image))
        {
            return null;
        }

        var full = image;
        var slash = image.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || (image[..slash].IndexOfAny(['.', ':']) < 0 && image[..slash] != "localhost" && image[..slash].ToLowerInvariant() == image[..slash]))
        {
            full = "docker.io/" + image;
        }

        slash = full.IndexOf('/', StringComparison.Ordinal);
        var registry = full[..slash];
        var rest = full[(slash + 1)..];
        var digest = string.Empty;
        var at = rest.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            digest = rest[(at + 1)..];
            rest = rest[..at];
        }

        var tag = string.Empty;
        var colon = rest.LastIndexOf(':');
        if (colon > rest.LastIndexOf('/'))
        {
            tag = rest[(colon + 1)..];
            rest = rest[..colon];
        }

        if (tag.Length == 0 && digest.Length == 0)
        {
            tag = "latest";
        }

        var name = rest[(rest.LastIndexOf('/') + 1)..];
        var reference = digest.Length > 0 ? $"{registry}/{rest}@{digest}" : $"{registry}/{rest}:{tag}";
        JValue Part(string value) => new JString(value) { Node = source?.Node, KeyNode = source?.KeyNode, Path = source?.Path };
        return new JObject(
        [
            new("registry", Part(registry)),
            new("path", Part(rest)),
            new("name", Part(name)),
            new("tag", Part(tag)),
            new("digest", Part(digest)),
            new("reference", Part(reference)),
            new("referenceWithTag", Part($"{registry}/{rest}:{tag}")),
        ]);
    }
}
