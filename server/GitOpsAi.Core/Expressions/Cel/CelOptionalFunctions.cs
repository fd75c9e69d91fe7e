namespace GitOpsAi.Core.Expressions.Cel;

/// <summary>CEL optional types as Kubernetes enables them: <c>a.?b</c>, <c>a[?k]</c>, <c>orValue</c>, <c>hasValue</c>, <c>optional.of</c>.</summary>
internal static class CelOptionalFunctions
{
    private static readonly Type O = typeof(CelOptional);
    private static readonly Type Any = typeof(object);
    private static readonly Type Ns = typeof(CelOptionalNamespace);

    public static void Register(CelFunctionRegistry env)
    {
        env.Add(CelSyntaxRewriter.OptSelect, [Any, typeof(string)], a => Select(a[0], a[1]));
        env.Add(CelSyntaxRewriter.OptIndex, [Any, Any], a => Select(a[0], a[1]));
        env.Add("orValue", [O, Any], a => ((CelOptional)a[0]!).HasValue ? ((CelOptional)a[0]!).Value : a[1]);
        env.Add("hasValue", [O], a => ((CelOptional)a[0]!).HasValue);
        env.Add("value", [O], a => ((CelOptional)a[0]!).HasValue ? ((CelOptional)a[0]!).Value : throw new CelEvaluationException("optional.none() dereference"));
        env.Add("or", [O, O], a => ((CelOptional)a[0]!).HasValue ? a[0] : a[1]);
        env.Add("of", [Ns, Any], a => CelOptional.Of(a[1]));
        env.Add("none", [Ns], _ => CelOptional.None);
        env.Add("ofNonZeroValue", [Ns, Any], a => IsZero(a[1]) ? CelOptional.None : CelOptional.Of(a[1]));
    }

    private static CelOptional Select(object? target, object? key)
    {
        if (target is CelOptional optional)
        {
            if (!optional.HasValue)
            {
                return CelOptional.None;
            }

            target = optional.Value;
        }

        return (target, key) switch
        {
            (Dictionary<string, object?> map, string name) => map.TryGetValue(name, out var value) ? CelOptional.Of(value) : CelOptional.None,
            (object?[] list, long index) => index >= 0 && index < list.Length ? CelOptional.Of(list[index]) : CelOptional.None,
            (null, _) => CelOptional.None,
            _ => throw new CelEvaluationException($"no such overload: optional selection of {CelValues.Display(key)} on {target.GetType().Name}"),
        };
    }

    private static bool IsZero(object? v) => v switch
    {
        null => true,
        string s => s.Length == 0,
        long l => l == 0,
        ulong u => u == 0,
        double d => d == 0,
        bool b => !b,
        object?[] list => list.Length == 0,
        Dictionary<string, object?> map => map.Count == 0,
        _ => false,
    };
}
