using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using k8s.Models;

namespace GitOpsAi.SchemaGen;

/// <summary>
/// Turns KubernetesClient's generated model types into one JSON Schema document: a <c>$defs</c> entry per model type
/// (strict: unknown properties are not allowed) and an <c>x-kubernetes-kinds</c> table mapping apiVersion/kind to its
/// definition. Required fields and enums are not in the models, so they come from <see cref="SchemaOverrides"/>.
/// </summary>
internal sealed class KubernetesSchemaBuilder
{
    private readonly Assembly _models;
    private readonly XmlDocs _docs;
    private readonly SortedDictionary<string, JsonObject> _definitions = new(StringComparer.Ordinal);
    private readonly Queue<Type> _pending = new();

    public KubernetesSchemaBuilder(Assembly models, XmlDocs docs)
    {
        _models = models;
        _docs = docs;
    }

    public JsonObject Build()
    {
        var kinds = new JsonArray();
        var entities = _models.GetTypes()
            .Where(type => type.IsPublic && type.Namespace == "k8s.Models")
            .Select(type => (Type: type, Entity: type.GetCustomAttribute<KubernetesEntityAttribute>()))
            .Where(pair => pair.Entity is not null && pair.Entity.Kind is { Length: > 0 })
            .OrderBy(pair => pair.Entity!.Group, StringComparer.Ordinal)
            .ThenBy(pair => pair.Entity!.ApiVersion, StringComparer.Ordinal)
            .ThenBy(pair => pair.Entity!.Kind, StringComparer.Ordinal);

        foreach (var (type, entity) in entities)
        {
            var apiVersion = string.IsNullOrEmpty(entity!.Group) ? entity.ApiVersion : entity.Group + "/" + entity.ApiVersion;
            kinds.Add(new JsonObject
            {
                ["apiVersion"] = apiVersion,
                ["kind"] = entity.Kind,
                ["definition"] = DefinitionName(type),
            });
            Enqueue(type);
        }

        while (_pending.Count > 0)
        {
            var type = _pending.Dequeue();
            _definitions[DefinitionName(type)] = DescribeObject(type);
        }

        var definitions = new JsonObject();
        foreach (var (name, definition) in _definitions)
        {
            definitions[name] = definition;
        }

        return new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$comment"] = "Generated at build time from KubernetesClient " + _models.GetName().Version + " model types and XML docs. Do not edit.",
            ["x-kubernetes-client-version"] = _models.GetName().Version?.ToString(3),
            ["x-kubernetes-kinds"] = kinds,
            ["$defs"] = definitions,
        };
    }

    private static string DefinitionName(Type type) => type.Name;

    private void Enqueue(Type type)
    {
        var name = DefinitionName(type);
        if (_definitions.ContainsKey(name))
        {
            return;
        }

        _definitions[name] = new JsonObject(); // placeholder so each type is queued once
        _pending.Enqueue(type);
    }

    private JsonObject DescribeObject(Type type)
    {
        var properties = new JsonObject();
        var required = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).OrderBy(p => JsonName(p), StringComparer.Ordinal))
        {
            var jsonName = JsonName(property);
            if (jsonName is null)
            {
                continue;
            }

            var propertySchema = DescribeValue(property.PropertyType);
            var description = _docs.PropertySummary(type, property.Name);
            if (description is not null)
            {
                propertySchema["description"] = description;
            }

            if (SchemaOverrides.Enums.TryGetValue(type.Name + "." + jsonName, out var allowed))
            {
                ApplyEnum(propertySchema, allowed);
            }

            properties[jsonName] = propertySchema;

            // A non-nullable value type (int, bool) is one the API marks required: the model cannot express "absent".
            if (property.PropertyType.IsValueType && Nullable.GetUnderlyingType(property.PropertyType) is null)
            {
                required.Add(jsonName);
            }
        }

        if (SchemaOverrides.Required.TryGetValue(type.Name, out var extraRequired))
        {
            foreach (var name in extraRequired)
            {
                required.Add(name);
            }
        }

        if (type.GetCustomAttribute<KubernetesEntityAttribute>() is not null && properties.ContainsKey("metadata"))
        {
            required.Remove("metadata");
        }

        var schema = new JsonObject { ["type"] = "object" };
        var typeDescription = _docs.TypeSummary(type);
        if (typeDescription is not null)
        {
            schema["description"] = typeDescription;
        }

        schema["properties"] = properties;
        if (required.Count > 0)
        {
            schema["required"] = new JsonArray(required.Select(name => (JsonNode?)name).ToArray());
        }

        schema["additionalProperties"] = false;
        return schema;
    }

    private static void ApplyEnum(JsonObject propertySchema, string[] allowed)
    {
        var target = propertySchema["type"]?.GetValue<string>() == "array" ? (JsonObject)propertySchema["items"]! : propertySchema;
        target["enum"] = new JsonArray(allowed.Select(value => (JsonNode?)value).ToArray());
    }

    private JsonObject DescribeValue(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            return new JsonObject { ["type"] = "string" };
        }

        if (type == typeof(bool))
        {
            return new JsonObject { ["type"] = "boolean" };
        }

        if (type == typeof(int) || type == typeof(long))
        {
            return new JsonObject { ["type"] = "integer", ["format"] = type == typeof(int) ? "int32" : "int64" };
        }

        if (type == typeof(double) || type == typeof(float))
        {
            return new JsonObject { ["type"] = "number" };
        }

        if (type == typeof(DateTime) || type == typeof(DateTimeOffset))
        {
            return new JsonObject { ["type"] = "string", ["format"] = "date-time" };
        }

        if (type == typeof(byte[]))
        {
            return new JsonObject { ["type"] = "string", ["format"] = "byte" };
        }

        if (type == typeof(IntOrString))
        {
            return new JsonObject
            {
                ["anyOf"] = new JsonArray(new JsonObject { ["type"] = "integer" }, new JsonObject { ["type"] = "string" }),
                ["x-kubernetes-int-or-string"] = true,
            };
        }

        if (type == typeof(ResourceQuantity))
        {
            return new JsonObject
            {
                ["anyOf"] = new JsonArray(new JsonObject { ["type"] = "number" }, new JsonObject { ["type"] = "string" }),
                ["format"] = "quantity",
                ["x-kubernetes-int-or-string"] = true,
            };
        }

        if (type.IsGenericType)
        {
            var definition = type.GetGenericTypeDefinition();
            var arguments = type.GetGenericArguments();
            if (definition == typeof(IDictionary<,>) || definition == typeof(Dictionary<,>))
            {
                return new JsonObject { ["type"] = "object", ["additionalProperties"] = DescribeValue(arguments[1]) };
            }

            if (definition == typeof(IList<>) || definition == typeof(List<>) || definition == typeof(IEnumerable<>))
            {
                return new JsonObject { ["type"] = "array", ["items"] = DescribeValue(arguments[0]) };
            }
        }

        if (type.Namespace == "k8s.Models" && type.IsClass)
        {
            Enqueue(type);
            return new JsonObject { ["$ref"] = "#/$defs/" + DefinitionName(type) };
        }

        // object, JsonElement and anything else free-form (RawExtension, JSON): any value.
        return new JsonObject();
    }

    private static string? JsonName(PropertyInfo property) => property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name;
}
