using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GitOpsAi.Core.Drift;

namespace GitOpsAi.Cluster;

/// <summary>
/// Parses the API server's JSON into trees that hold only what they say. <c>JsonNode.Parse</c> keeps the whole parsed
/// document (the response's bytes and its token table) behind every value it has not been asked for yet, so one value
/// still referenced from a 10,000-object list kept all of it; here every value is its own .NET value, and property
/// names and short strings ("metadata", "f:spec", "IfNotPresent", a namespace) are shared between objects instead of
/// repeated ten thousand times. One per connection: the shared strings live as long as its cache.
/// </summary>
internal sealed class CompactJson
{
    /// <summary>Values up to this length are shared; longer ones (uids, images, data) are rarely repeated.</summary>
    private const int SharedValueLength = 32;

    private readonly ConcurrentDictionary<string, string> _strings = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public CompactJson() => _lookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>How many distinct strings are shared (for tests and benchmarks).</summary>
    public int SharedStrings => _strings.Count;

    public JsonNode? Parse(string text) => Parse(Encoding.UTF8.GetBytes(text));

    /// <summary>The JSON value in <paramref name="utf8"/>; throws <see cref="JsonException"/> for text that is not JSON.</summary>
    public JsonNode? Parse(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 128 });
        if (!reader.Read())
        {
            throw new JsonException("The response is empty.");
        }

        var value = Value(ref reader);
        if (reader.Read())
        {
            throw new JsonException("The response holds more than one JSON value.");
        }

        return value;
    }

    private JsonNode? Value(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                // Collected first, so each object's table is made at its size: grown one property at a time, a JSON
                // object's table was on average twice as large as its properties (most live objects have 1-4).
                var properties = new List<KeyValuePair<string, JsonNode?>>();
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var name = String(ref reader, share: true);
                    reader.Read();
                    properties.Add(new(name, Value(ref reader)));
                }

                try
                {
                    return new JsonObject(properties);
                }
                catch (ArgumentException exception)
                {
                    throw new JsonException("An object in the response names a property twice.", exception);
                }

            case JsonTokenType.StartArray:
                var items = new List<JsonNode?>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    items.Add(Value(ref reader));
                }

                return new JsonArray([.. items]);
            case JsonTokenType.String:
                return JsonValue.Create(String(ref reader, share: false));
            case JsonTokenType.Number:
                return LiveObject.ReadNumber(ref reader);
            case JsonTokenType.True:
                return JsonValue.Create(true);
            case JsonTokenType.False:
                return JsonValue.Create(false);
            case JsonTokenType.Null:
                return null;
            default:
                throw new JsonException($"Unexpected {reader.TokenType} in the response.");
        }
    }

    /// <summary>Integers as int or long (so GetValue&lt;int&gt; works on a status code), others as decimal, which keeps their spelling ("0.50").</summary>
    private string String(ref Utf8JsonReader reader, bool share)
    {
        var length = reader.ValueSpan.Length; // UTF-8 bytes: never fewer than the UTF-16 characters they decode to
        if (length > 256 || (!share && length > SharedValueLength))
        {
            return reader.GetString()!;
        }

        Span<char> buffer = stackalloc char[256];
        var chars = buffer[..reader.CopyString(buffer)];
        if (!share && chars.Length > SharedValueLength)
        {
            return new string(chars);
        }

        if (_lookup.TryGetValue(chars, out var known))
        {
            return known;
        }

        var text = new string(chars);
        return _strings.GetOrAdd(text, text);
    }
}
