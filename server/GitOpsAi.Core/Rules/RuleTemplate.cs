using System.ComponentModel;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GitOpsAi.Core.Rules;

/// <summary>A template parameter, for documentation, the config schema and config validation.</summary>
public sealed record RuleParameterInfo(string Name, string Type, string? Description, JsonNode? DefaultValue);

/// <summary>
/// The logic of one or more rules (in the spirit of kube-linter templates): a small predicate over a manifest with
/// typed parameters. Rules hold a configured instance; users can override parameters in .gitops-ai/rules.yaml.
/// </summary>
public interface IRuleTemplate
{
    string TemplateName { get; }

    IReadOnlyList<RuleParameterInfo> ParameterInfo { get; }

    JsonObject ParameterValues { get; }

    /// <summary>A copy with some parameters overridden (from configuration). Problems are reported, not thrown.</summary>
    IRuleTemplate WithParameters(JsonObject overrides, List<string> problems);

    void Check(RuleContext context);
}

/// <summary>Base for templates whose parameters are a record; JSON (from YAML config) binds onto it by property name.</summary>
public abstract class RuleTemplate<TParameters> : IRuleTemplate
    where TParameters : class, new()
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, PropertyNameCaseInsensitive = true };

    protected RuleTemplate(TParameters? parameters = null)
    {
        Parameters = parameters ?? new TParameters();
    }

    public TParameters Parameters { get; private set; }

    public abstract string TemplateName { get; }

    public IReadOnlyList<RuleParameterInfo> ParameterInfo => typeof(TParameters)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Select(p => new RuleParameterInfo(
            JsonNamingPolicy.CamelCase.ConvertName(p.Name),
            TypeName(p.PropertyType),
            p.GetCustomAttribute<DescriptionAttribute>()?.Description,
            JsonSerializer.SerializeToNode(p.GetValue(Parameters), p.PropertyType, Json)))
        .ToList();

    public JsonObject ParameterValues => JsonSerializer.SerializeToNode(Parameters, Json)?.AsObject() ?? new JsonObject();

    public IRuleTemplate WithParameters(JsonObject overrides, List<string> problems)
    {
        var merged = ParameterValues;
        var names = ParameterInfo.Select(p => p.Name).ToList();
        var known = names.ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in overrides)
        {
            if (!known.TryGetValue(name, out var parameter))
            {
                problems.Add($"'{name}' is not a parameter of this rule (it has: {(names.Count == 0 ? "none" : string.Join(", ", names))}).");
                continue;
            }

            merged[parameter] = value?.DeepClone();
        }

        try
        {
            var copy = (RuleTemplate<TParameters>)MemberwiseClone();
            copy.Parameters = merged.Deserialize<TParameters>(Json) ?? new TParameters();
            return copy;
        }
        catch (JsonException exception)
        {
            problems.Add($"A parameter has the wrong type: {exception.Message}");
            return this;
        }
    }

    public void Check(RuleContext context) => Check(context, Parameters);

    protected abstract void Check(RuleContext context, TParameters parameters);

    private static string TypeName(Type type) => type switch
    {
        _ when type == typeof(string) => "string",
        _ when type == typeof(bool) => "boolean",
        _ when type == typeof(int) || type == typeof(long) => "integer",
        _ when type == typeof(double) => "number",
        _ when type.IsArray || (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>)) => "array",
        _ => "object",
    };
}

/// <summary>For templates without parameters.</summary>
public sealed class NoParameters;
