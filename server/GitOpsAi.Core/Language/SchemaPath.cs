using GitOpsAi.Core.Manifests;
using GitOpsAi.Core.Schemas;

namespace GitOpsAi.Core.Language;

/// <summary>Follows a path of keys ("[]" for list items) through a kind's schema.</summary>
public static class SchemaPath
{
    /// <summary>The kind schema for a document's identity; a kustomization.yaml without apiVersion/kind is kustomize's.</summary>
    public static KindSchema? KindSchemaFor(SchemaRegistry schemas, string? apiVersion, string? kind, string path)
    {
        if (apiVersion is null && kind is null && ManifestReader.IsKustomizationFileName(path))
        {
            (apiVersion, kind) = ("kustomize.config.k8s.io/v1beta1", "Kustomization");
        }

        return apiVersion is null || kind is null ? null : schemas.Find(apiVersion, kind);
    }

    /// <summary>The schema at the end of <paramref name="path"/>, and the property that led there (for its description).</summary>
    public static (SchemaNode? Schema, SchemaProperty? Property) Resolve(SchemaNode root, IEnumerable<string> path)
    {
        SchemaNode? current = root;
        SchemaProperty? property = null;
        foreach (var segment in path)
        {
            if (current is null)
            {
                return (null, null);
            }

            current = Unwrap(current);
            if (segment == "[]")
            {
                current = current.Items;
                continue;
            }

            property = current.GetProperty(segment);
            current = property?.Schema ?? current.AdditionalProperties;
        }

        return (current is null ? null : Unwrap(current), property);
    }

    /// <summary>Looks through allOf/anyOf/oneOf wrappers to the alternative that describes properties, when there is one.</summary>
    public static SchemaNode Unwrap(SchemaNode schema)
    {
        if (schema.Properties is not null || schema.Items is not null)
        {
            return schema;
        }

        foreach (var group in new[] { schema.AllOf, schema.AnyOf, schema.OneOf })
        {
            var described = group?.FirstOrDefault(s => s.Properties is not null || s.Items is not null);
            if (described is not null)
            {
                return described;
            }
        }

        return schema;
    }
}
