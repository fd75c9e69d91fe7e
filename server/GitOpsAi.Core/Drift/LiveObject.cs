using System.Text.Json.Nodes;

namespace GitOpsAi.Core.Drift;

/// <summary>
/// An object as the cluster holds it, with only what drift needs: its managedFields are read into <see cref="Managers"/>
/// (owners and times, the field sets) and removed from the tree, as are <c>status</c> and kubectl's
/// last-applied-configuration (a second copy of the object), which are never drift. A Secret's values are dropped
/// when the object is built (only its key names are kept), so no value of a Secret is ever stored, compared, logged or shown.
/// </summary>
public sealed class LiveObject
{
    private LiveObject(ObjectKey key, JsonObject root, IReadOnlyList<FieldManager> managers)
    {
        Key = key;
        Root = root;
        Managers = managers;
    }

    public ObjectKey Key { get; }

    /// <summary>The object without status, managedFields and the last-applied annotation.</summary>
    public JsonObject Root { get; }

    public IReadOnlyList<FieldManager> Managers { get; }

    public JsonObject? Metadata => Root["metadata"] as JsonObject;

    public string? Annotation(string name) => LiveValues.AsString((Metadata?["annotations"] as JsonObject)?[name]);

    public string? Label(string name) => LiveValues.AsString((Metadata?["labels"] as JsonObject)?[name]);

    public bool HasOwner => Metadata?["ownerReferences"] is JsonArray { Count: > 0 };

    /// <summary>
    /// A live object from the API's JSON, or null when it lacks a kind or a name. A Secret's values are replaced by a
    /// marker in the given JSON itself, so the parsed response (a list, a watch event) holds no value once this returns.
    /// </summary>
    public static LiveObject? From(JsonObject root)
    {
        var kind = LiveValues.AsString(root["kind"]);
        var metadata = root["metadata"] as JsonObject;
        var name = LiveValues.AsString(metadata?["name"]);
        if (kind is null || name is null)
        {
            return null;
        }

        var key = ObjectKey.Of(LiveValues.AsString(root["apiVersion"]), kind, LiveValues.AsString(metadata?["namespace"]), name);
        if (kind == "Secret" && key.Group.Length == 0)
        {
            root = RedactSecret(root);
        }

        var managers = FieldManager.Read(root);
        Compact(root);
        return new LiveObject(key, root, managers);
    }

    /// <summary>
    /// Drops what no comparison reads (most of what a cluster's copy held): status, the managedFields entries (their
    /// field sets live on in <see cref="Managers"/> as <see cref="FieldSet"/>s), the last-applied copy of the object.
    /// </summary>
    private static void Compact(JsonObject root)
    {
        root.Remove("status");
        if (root["metadata"] is not JsonObject metadata)
        {
            return;
        }

        metadata.Remove("managedFields"); // read into Managers, as compact field sets

        if (metadata["annotations"] is JsonObject annotations)
        {
            annotations.Remove("kubectl.kubernetes.io/last-applied-configuration");
        }
    }

    /// <summary>The text that stands in for every Secret value: drift compares key names only.</summary>
    public const string Redacted = "(redacted)";

    private static JsonObject RedactSecret(JsonObject secret)
    {
        foreach (var field in new[] { "data", "stringData" })
        {
            if (secret[field] is JsonObject values)
            {
                foreach (var name in values.Select(p => p.Key).ToList())
                {
                    values[name] = Redacted;
                }
            }
        }

        if (secret["metadata"] is JsonObject metadata && metadata["annotations"] is JsonObject annotations)
        {
            annotations.Remove("kubectl.kubernetes.io/last-applied-configuration"); // it holds the values in clear
        }

        return secret;
    }
}
