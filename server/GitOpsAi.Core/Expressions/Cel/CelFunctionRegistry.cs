using Cel;
using Cel.Internal;

namespace GitOpsAi.Core.Expressions.Cel;

/// <summary>
/// Registers our functions with the library and remembers their names, so an expression can be checked for
/// functions we do not have before it ever runs (the library only finds out when it reaches the call).
/// </summary>
internal sealed class CelFunctionRegistry(CelEnvironment environment)
{
    /// <summary>What the library itself provides: the CEL standard functions and macros.</summary>
    private static readonly string[] Standard =
    [
        "size", "contains", "startsWith", "endsWith", "matches", "int", "uint", "double", "string", "bytes", "bool", "type", "dyn",
        "duration", "timestamp", "has", "all", "exists", "exists_one", "map", "filter", "getDate", "getDayOfMonth", "getDayOfWeek",
        "getDayOfYear", "getFullYear", "getHours", "getMilliseconds", "getMinutes", "getMonth", "getSeconds",
    ];

    private readonly HashSet<string> _names = new(Standard, StringComparer.Ordinal);

    public IReadOnlySet<string> Names => _names;

    public void Add(string name, Type[] argumentTypes, CelFunctionDelegate function)
    {
        environment.RegisterFunction(name, argumentTypes, function);
        _names.Add(name);
    }
}
