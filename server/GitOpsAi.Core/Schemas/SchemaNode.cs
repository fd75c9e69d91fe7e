using System.Text.RegularExpressions;

namespace GitOpsAi.Core.Schemas;

[Flags]
public enum SchemaTypes
{
    None = 0,
    Object = 1,
    Array = 2,
    String = 4,
    Integer = 8,
    Number = 16,
    Boolean = 32,
    Null = 64,
}

/// <summary>A property of an object schema, with the description written at the property (which wins over the type's).</summary>
public sealed record SchemaProperty(string Name, SchemaNode Schema, string? Description)
{
    public string? EffectiveDescription => Description ?? Schema.Description;
}

/// <summary>One <c>x-kubernetes-validations</c> entry: a CEL rule and what to say when it is false.</summary>
public sealed record SchemaValidationRule(string Rule, string? Message, string? MessageExpression);

/// <summary>
/// One node of a loaded schema: the subset of JSON Schema (plus Kubernetes' x-kubernetes-* extensions) that Kubernetes
/// and CRD schemas use. Nodes are shared where the source used <c>$ref</c>, so recursive schemas are fine.
/// </summary>
public sealed class SchemaNode
{
    private Regex? _pattern;

    public static SchemaNode Any { get; } = new();

    public SchemaTypes Types { get; set; }

    public string? Description { get; set; }

    public string? Format { get; set; }

    public Dictionary<string, SchemaProperty>? Properties { get; set; }

    /// <summary>The schema of properties not listed in <see cref="Properties"/> (maps), when given.</summary>
    public SchemaNode? AdditionalProperties { get; set; }

    /// <summary>True when properties outside <see cref="Properties"/> are errors.</summary>
    public bool IsClosed { get; set; }

    public SchemaNode? Items { get; set; }

    public IReadOnlyList<string> Required { get; set; } = [];

    /// <summary>Allowed values, as their YAML text (null is "null").</summary>
    public IReadOnlyList<string>? Enum { get; set; }

    public bool IntOrString { get; set; }

    public bool PreserveUnknownFields { get; set; }

    public bool Nullable { get; set; }

    public bool EmbeddedResource { get; set; }

    public double? Minimum { get; set; }

    public double? Maximum { get; set; }

    public bool ExclusiveMinimum { get; set; }

    public bool ExclusiveMaximum { get; set; }

    public int? MinLength { get; set; }

    public int? MaxLength { get; set; }

    public int? MinItems { get; set; }

    public int? MaxItems { get; set; }

    public string? PatternText { get; set; }

    public IReadOnlyList<SchemaNode>? AnyOf { get; set; }

    public IReadOnlyList<SchemaNode>? OneOf { get; set; }

    public IReadOnlyList<SchemaNode>? AllOf { get; set; }

    public string? Title { get; set; }

    /// <summary>CEL rules on this node (<c>x-kubernetes-validations</c>), evaluated with <c>self</c> bound to the node's value.</summary>
    public IReadOnlyList<SchemaValidationRule>? Rules { get; set; }

    public string? DeprecationMessage { get; set; }

    /// <summary>A regular expression for <see cref="PatternText"/>, compiled on first use with a timeout (patterns come from user CRDs).</summary>
    public Regex? Pattern
    {
        get
        {
            if (_pattern is null && PatternText is not null)
            {
                try
                {
                    _pattern = new Regex(PatternText, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(50));
                }
                catch (ArgumentException)
                {
                    PatternText = null; // an invalid pattern validates nothing rather than failing every document
                }
            }

            return _pattern;
        }
    }

    /// <summary>True when the schema constrains nothing, so validation can stop here.</summary>
    public bool IsUnconstrained =>
        Types == SchemaTypes.None && Properties is null && AdditionalProperties is null && Items is null && Enum is null
        && AnyOf is null && OneOf is null && AllOf is null && !IntOrString && Required.Count == 0 && Format is null && PatternText is null
        && Rules is null;

    public SchemaProperty? GetProperty(string name) => Properties is { } properties && properties.TryGetValue(name, out var property) ? property : null;

    /// <summary>The schema of a child property or map value, or null when the name is not allowed here.</summary>
    public SchemaNode? ChildSchema(string name)
    {
        if (Properties?.TryGetValue(name, out var property) == true)
        {
            return property.Schema;
        }

        return ChildSchemaOfOtherKey();
    }

    /// <summary>The schema of a key that is not in <see cref="Properties"/>: <see cref="ChildSchema"/> without looking it up again.</summary>
    public SchemaNode? ChildSchemaOfOtherKey() => AdditionalProperties ?? (IsClosed ? null : SchemaNode.Any);

    /// <summary>A short human name for the accepted type(s): "string", "integer or string", "object".</summary>
    public string DescribeType()
    {
        if (IntOrString)
        {
            return Format == "quantity" ? "quantity (e.g. 500m, 1Gi)" : "integer or string";
        }

        var names = new List<string>();
        foreach (var (flag, name) in TypeNames)
        {
            if (Types.HasFlag(flag) && !(flag == SchemaTypes.Integer && Types.HasFlag(SchemaTypes.Number)))
            {
                names.Add(name);
            }
        }

        return names.Count == 0 ? "any" : string.Join(" or ", names);
    }

    private static readonly (SchemaTypes Flag, string Name)[] TypeNames =
    [
        (SchemaTypes.Object, "object"), (SchemaTypes.Array, "array"), (SchemaTypes.String, "string"), (SchemaTypes.Integer, "integer"),
        (SchemaTypes.Number, "number"), (SchemaTypes.Boolean, "boolean"), (SchemaTypes.Null, "null"),
    ];
}
