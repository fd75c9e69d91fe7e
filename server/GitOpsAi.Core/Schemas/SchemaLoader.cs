using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GitOpsAi.Core.Schemas;

/// <summary>How to read "properties without additionalProperties".</summary>
public enum SchemaDialect
{
    /// <summary>JSON Schema: objects are open unless <c>additionalProperties: false</c>.</summary>
    JsonSchema,

    /// <summary>
    /// Kubernetes structural schemas (CRDs, and the schemas we write for them): an object that lists properties accepts no
    /// others unless it says <c>x-kubernetes-preserve-unknown-fields</c> or gives <c>additionalProperties</c>, because
    /// the API server prunes or (with strict field validation, kubectl's default) rejects them.
    /// </summary>
    Structural,
}

/// <summary>Turns a JSON Schema document (as <see cref="JsonNode"/>) into <see cref="SchemaNode"/>s, resolving local <c>$ref</c>s.</summary>
public sealed class SchemaLoader
{
    private readonly JsonObject _document;
    private readonly SchemaDialect _dialect;
    private readonly Dictionary<JsonObject, SchemaNode> _loaded = new(ReferenceEqualityComparer.Instance);

    // A $ref that leads (through other $refs only) back to itself, and schemas nested absurdly deep, would recurse until
    // the stack ends; both become "anything" instead. Kubernetes' own schemas nest about 20 levels.
    private readonly HashSet<JsonObject> _following = new(ReferenceEqualityComparer.Instance);
    private int _depth;

    /// <summary>The deepest schema nesting (properties, items, $refs followed) that is loaded; deeper parts accept anything.</summary>
    public const int MaxDepth = 200;

    public SchemaLoader(JsonObject document, SchemaDialect dialect)
    {
        _document = document;
        _dialect = dialect;
    }

    private readonly Lock _gate = new();

    /// <summary>Loads the document's root schema. Thread-safe: bundled schemas are loaded lazily from parallel analyses.</summary>
    public SchemaNode Load()
    {
        lock (_gate)
        {
            return Load(_document);
        }
    }

    public SchemaNode LoadDefinition(string name)
    {
        lock (_gate)
        {
            return Resolve("#/$defs/" + name);
        }
    }

    private SchemaNode Load(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject schemaObject:
                if (_depth >= MaxDepth)
                {
                    return SchemaNode.Any;
                }

                _depth++;
                try
                {
                    return LoadObject(schemaObject);
                }
                finally
                {
                    _depth--;
                }

            case JsonValue value when value.TryGetValue<bool>(out var boolean):
                return boolean ? SchemaNode.Any : new SchemaNode { IsClosed = true, Types = SchemaTypes.None, Enum = [] };
            default:
                return SchemaNode.Any;
        }
    }

    private SchemaNode LoadObject(JsonObject json)
    {
        if (json["$ref"] is JsonValue reference && reference.TryGetValue<string>(out var pointer))
        {
            if (!_following.Add(json))
            {
                return SchemaNode.Any; // a cycle of $refs that never reaches a schema
            }

            try
            {
                return Resolve(pointer);
            }
            finally
            {
                _following.Remove(json);
            }
        }

        if (_loaded.TryGetValue(json, out var existing))
        {
            return existing;
        }

        var schema = new SchemaNode();
        _loaded[json] = schema; // before children, so recursive references find it
        schema.Description = String(json, "description");
        schema.Title = String(json, "title");
        schema.Format = String(json, "format");
        schema.PatternText = String(json, "pattern");
        schema.Types = ReadTypes(json["type"]);
        schema.Nullable = Bool(json, "nullable");
        if (schema.Nullable)
        {
            schema.Types |= schema.Types == SchemaTypes.None ? SchemaTypes.None : SchemaTypes.Null;
        }

        schema.IntOrString = Bool(json, "x-kubernetes-int-or-string");
        schema.PreserveUnknownFields = Bool(json, "x-kubernetes-preserve-unknown-fields");
        schema.EmbeddedResource = Bool(json, "x-kubernetes-embedded-resource");
        schema.Rules = ValidationRules(json["x-kubernetes-validations"]);
        schema.Minimum = Number(json, "minimum");
        schema.Maximum = Number(json, "maximum");
        schema.ExclusiveMinimum = Bool(json, "exclusiveMinimum");
        schema.ExclusiveMaximum = Bool(json, "exclusiveMaximum");
        schema.MinLength = (int?)Number(json, "minLength");
        schema.MaxLength = (int?)Number(json, "maxLength");
        schema.MinItems = (int?)Number(json, "minItems");
        schema.MaxItems = (int?)Number(json, "maxItems");
        if (json["deprecated"] is JsonValue deprecated && deprecated.TryGetValue<bool>(out var isDeprecated) && isDeprecated)
        {
            schema.DeprecationMessage = String(json, "x-deprecation-message") ?? "This field is deprecated.";
        }

        if (json["enum"] is JsonArray values)
        {
            schema.Enum = values.Select(EnumText).ToArray();
        }

        if (json["required"] is JsonArray required)
        {
            schema.Required = required.Select(item => item?.GetValue<string>()).OfType<string>().ToArray();
        }

        if (json["properties"] is JsonObject properties)
        {
            schema.Properties = new Dictionary<string, SchemaProperty>(properties.Count, StringComparer.Ordinal);
            foreach (var (name, propertyJson) in properties)
            {
                var description = propertyJson is JsonObject propertyObject && propertyObject.ContainsKey("$ref") ? String(propertyObject, "description") : null;
                schema.Properties[name] = new SchemaProperty(name, Load(propertyJson), description);
            }
        }

        var additional = json["additionalProperties"];
        if (additional is JsonValue additionalFlag && additionalFlag.TryGetValue<bool>(out var allowed))
        {
            schema.IsClosed = !allowed;
        }
        else if (additional is JsonObject)
        {
            schema.AdditionalProperties = Load(additional);
        }
        else if (_dialect == SchemaDialect.Structural && schema.Properties is not null && !schema.PreserveUnknownFields)
        {
            schema.IsClosed = true;
        }

        schema.Items = json["items"] switch
        {
            JsonObject itemSchema => Load(itemSchema),
            JsonArray tuple when tuple.Count > 0 => Load(tuple[0]),
            _ => null,
        };

        schema.AnyOf = LoadList(json["anyOf"]);
        schema.OneOf = LoadList(json["oneOf"]);
        schema.AllOf = LoadList(json["allOf"]);
        if (schema.IntOrString)
        {
            schema.AnyOf = null; // Kubernetes writes anyOf [integer, string] beside the flag; the flag says it all
        }

        if (schema.Types == SchemaTypes.None && schema.Properties is not null)
        {
            schema.Types = SchemaTypes.Object;
        }

        return schema;
    }

    private IReadOnlyList<SchemaNode>? LoadList(JsonNode? node) => node is JsonArray array ? array.Select(Load).ToArray() : null;

    private SchemaNode Resolve(string pointer)
    {
        if (pointer == "#")
        {
            return LoadObject(_document);
        }

        if (!pointer.StartsWith("#/", StringComparison.Ordinal))
        {
            return SchemaNode.Any; // remote references are not fetched: we never touch the network
        }

        JsonNode? current = _document;
        foreach (var rawSegment in pointer[2..].Split('/'))
        {
            var segment = Uri.UnescapeDataString(rawSegment).Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            current = current is JsonObject currentObject ? currentObject[segment] : null;
            if (current is null)
            {
                return SchemaNode.Any;
            }
        }

        return Load(current);
    }

    private static SchemaTypes ReadTypes(JsonNode? node)
    {
        return node switch
        {
            JsonValue value when value.TryGetValue<string>(out var name) => TypeOf(name),
            JsonArray names => names.Select(n => n is JsonValue v && v.TryGetValue<string>(out var s) ? TypeOf(s) : SchemaTypes.None).Aggregate(SchemaTypes.None, (a, b) => a | b),
            _ => SchemaTypes.None,
        };

        static SchemaTypes TypeOf(string name) => name switch
        {
            "object" => SchemaTypes.Object,
            "array" => SchemaTypes.Array,
            "string" => SchemaTypes.String,
            "integer" => SchemaTypes.Integer,
            "number" => SchemaTypes.Number | SchemaTypes.Integer,
            "boolean" => SchemaTypes.Boolean,
            "null" => SchemaTypes.Null,
            _ => SchemaTypes.None,
        };
    }

    private static string EnumText(JsonNode? value) => value switch
    {
        null => "null",
        JsonValue scalar when scalar.GetValueKind() == JsonValueKind.String => scalar.GetValue<string>(),
        JsonValue scalar when scalar.GetValueKind() == JsonValueKind.True => "true",
        JsonValue scalar when scalar.GetValueKind() == JsonValueKind.False => "false",
        _ => value.ToJsonString(),
    };

    private static IReadOnlyList<SchemaValidationRule>? ValidationRules(JsonNode? node)
    {
        var rules = (node as JsonArray)?.OfType<JsonObject>()
            .Where(r => String(r, "rule") is { Length: > 0 })
            .Select(r => new SchemaValidationRule(String(r, "rule")!, String(r, "message"), String(r, "messageExpression")))
            .ToList();
        return rules is { Count: > 0 } ? rules : null;
    }

    private static string? String(JsonObject json, string name) =>
        json[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static bool Bool(JsonObject json, string name) =>
        json[name] is JsonValue value && value.TryGetValue<bool>(out var flag) && flag;

    private static double? Number(JsonObject json, string name)
    {
        if (json[name] is not JsonValue value)
        {
            return null;
        }

        if (value.TryGetValue<double>(out var number))
        {
            return number;
        }

        if (value.TryGetValue<long>(out var integer))
        {
            return integer;
        }

        return value.TryGetValue<string>(out var text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
    }
}
