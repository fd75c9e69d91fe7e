using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GitOpsAi.Core.Drift;

/// <summary>
/// An object as the cluster holds it, with only what drift needs: its managedFields are read into <see cref="Managers"/>
/// (owners and times, the field sets) and removed from the tree, as are <c>status</c> and kubectl's
/// last-applied-configuration (a second copy of the object), which are never drift. A Secret's values are dropped
/// when the object is built (only its key names are kept), so no value of a Secret is ever stored, compared, logged or shown.
/// </summary>
/// <remarks>
/// The object is kept as its UTF-8 JSON and decoded when a comparison reads it: a cache holds every object of the
/// cluster, a keystroke compares a handful, and kept as a tree of JSON nodes an object of the memory benchmark took
/// 6.4 KB against 4.0 KB now, field managers and metadata included (docs/benchmarks.md).
/// Its metadata (names, labels, annotations, owners: read for every object of a namespace when unmanaged objects are
/// looked for) stays decoded.
/// </remarks>
public sealed class LiveObject
{
    private readonly byte[] _json;

    private LiveObject(ObjectKey key, byte[] json, JsonObject? metadata, IReadOnlyList<FieldManager> managers)
    {
        Key = key;
        _json = json;
        Metadata = metadata;
        Managers = managers;
    }

    public ObjectKey Key { get; }

    /// <summary>
    /// The object without status, managedFields and the last-applied annotation, decoded anew from its JSON on every call
    /// (read it once per comparison; changing the tree changes nothing kept).
    /// </summary>
    public JsonObject Root
    {
        get
        {
            var reader = new Utf8JsonReader(_json);
            reader.Read();
            return (JsonObject)Decode(ref reader)!;
        }
    }

    /// <summary>
    /// A plain tree (every value its own .NET value, each object's table made at its size), as the cache's reader makes
    /// them: with the document-backed nodes <c>JsonNode.Parse</c> returns, a keystroke's comparison took ~0.3 ms more.
    /// </summary>
    /// <summary>
    /// A JSON number as live objects keep it, read from the API response and decoded from the kept bytes alike: integers
    /// as int or long, others as decimal (which keeps "0.50" as written), a double only past decimal's range.
    /// </summary>
    public static JsonValue ReadNumber(ref Utf8JsonReader reader) =>
        reader.TryGetInt32(out var small) ? JsonValue.Create(small)
        : reader.TryGetInt64(out var large) ? JsonValue.Create(large)
        : reader.TryGetDecimal(out var exact) ? JsonValue.Create(exact)
        : JsonValue.Create(reader.GetDouble());

    private static JsonNode? Decode(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var properties = new List<KeyValuePair<string, JsonNode?>>();
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var name = reader.GetString()!;
                    reader.Read();
                    properties.Add(new(name, Decode(ref reader)));
                }

                return new JsonObject(properties);
            case JsonTokenType.StartArray:
                var items = new List<JsonNode?>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    items.Add(Decode(ref reader));
                }

                return new JsonArray([.. items]);
            case JsonTokenType.String:
                return JsonValue.Create(reader.GetString()!);
            case JsonTokenType.Number:
                return ReadNumber(ref reader);
            case JsonTokenType.True:
                return JsonValue.Create(true);
            case JsonTokenType.False:
                return JsonValue.Create(false);
            default:
                return null;
        }
    }

    /// <summary>How many bytes of JSON the object is kept as (benchmarks, tests).</summary>
    public int JsonLength => _json.Length;

    public IReadOnlyList<FieldManager> Managers { get; }

    public JsonObject? Metadata { get; }

    public string? Annotation(string name) => LiveValues.AsString((Metadata?["annotations"] as JsonObject)?[name]);

    public string? Label(string name) => LiveValues.AsString((Metadata?["labels"] as JsonObject)?[name]);

    public bool HasOwner => Metadata?["ownerReferences"] is JsonArray { Count: > 0 };

    /// <summary>
    /// A live object from the API's JSON, or null when it lacks a kind or a name. A Secret's values are replaced by a
    /// marker in the given JSON itself, so the parsed response (a list, a watch event) holds no value once this returns;
    /// the given JSON is consumed (its metadata moves into the live object).
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
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            root.WriteTo(writer);
        }

        root.Remove("metadata"); // detached: the metadata is all that is kept of the given tree
        return new LiveObject(key, buffer.WrittenSpan.ToArray(), metadata, managers);
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
