namespace GitOpsAi.Core.Schemas;

/// <summary>
/// Makes a CRD-style root schema whole: CRDs leave <c>metadata</c> as a bare object and often omit apiVersion/kind, so
/// the shared ObjectMeta schema is put in (typos in labels/annotations keys of custom resources get caught too).
/// </summary>
internal static class KindSchemaNormalizer
{
    private static readonly SchemaNode StringSchema = new() { Types = SchemaTypes.String };

    public static SchemaNode Normalize(SchemaNode root, SchemaNode objectMeta)
    {
        if (ReferenceEquals(root, SchemaNode.Any))
        {
            // A root the loader could not resolve (a $ref to another file) comes back as the shared schema of every
            // open field; filling that in would give each of them metadata, apiVersion and kind, process-wide.
            root = new SchemaNode();
        }

        root.Properties ??= new Dictionary<string, SchemaProperty>(StringComparer.Ordinal);
        if (root.Types == SchemaTypes.None)
        {
            root.Types = SchemaTypes.Object;
        }

        var metadata = root.Properties.GetValueOrDefault("metadata");
        if (metadata is null || metadata.Schema.Properties is null)
        {
            root.Properties["metadata"] = new SchemaProperty("metadata", objectMeta, metadata?.Description ?? objectMeta.Description);
        }

        foreach (var name in new[] { "apiVersion", "kind" })
        {
            if (!root.Properties.ContainsKey(name))
            {
                root.Properties[name] = new SchemaProperty(name, StringSchema, null);
            }
        }

        if (root.Required.Contains("metadata"))
        {
            root.Required = root.Required.Where(r => r != "metadata").ToArray();
        }

        return root;
    }
}
