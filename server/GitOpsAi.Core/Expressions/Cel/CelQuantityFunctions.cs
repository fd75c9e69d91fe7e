namespace GitOpsAi.Core.Expressions.Cel;

/// <summary>Kubernetes' CEL quantity library: <c>quantity()</c>, <c>isQuantity()</c> and the comparisons and arithmetic on quantities.</summary>
internal static class CelQuantityFunctions
{
    private static readonly Type Q = typeof(CelQuantity);

    public static void Register(CelFunctionRegistry env)
    {
        env.Add("quantity", [typeof(string)], a => Parse((string)a[0]!));
        env.Add("isQuantity", [typeof(string)], a => CelQuantity.TryParse((string)a[0]!) is not null);
        env.Add("isLessThan", [Q, Q], a => ((CelQuantity)a[0]!).CompareTo((CelQuantity)a[1]!) < 0);
        env.Add("isGreaterThan", [Q, Q], a => ((CelQuantity)a[0]!).CompareTo((CelQuantity)a[1]!) > 0);
        env.Add("compareTo", [Q, Q], a => (long)Math.Sign(((CelQuantity)a[0]!).CompareTo((CelQuantity)a[1]!)));
        env.Add("add", [Q, Q], a => Combine((CelQuantity)a[0]!, ((CelQuantity)a[1]!).Value));
        env.Add("add", [Q, typeof(long)], a => Combine((CelQuantity)a[0]!, (long)a[1]!));
        env.Add("sub", [Q, Q], a => Combine((CelQuantity)a[0]!, -((CelQuantity)a[1]!).Value));
        env.Add("sub", [Q, typeof(long)], a => Combine((CelQuantity)a[0]!, -(long)a[1]!));
        env.Add("sign", [Q], a => (long)Math.Sign(((CelQuantity)a[0]!).Value));
        env.Add("isInteger", [Q], a => IsInteger((CelQuantity)a[0]!));
        env.Add("asInteger", [Q], a => IsInteger((CelQuantity)a[0]!)
            ? (long)((CelQuantity)a[0]!).Value
            : throw new CelEvaluationException($"{a[0]} cannot be represented as an int"));
        env.Add("asApproximateFloat", [Q], a => (double)((CelQuantity)a[0]!).Value);
    }

    private static CelQuantity Parse(string text) =>
        CelQuantity.TryParse(text) ?? throw new CelEvaluationException($"quantities must match the regular expression: '{text}' does not");

    private static bool IsInteger(CelQuantity q) => decimal.Truncate(q.Value) == q.Value && q.Value is >= long.MinValue and <= long.MaxValue;

    private static CelQuantity Combine(CelQuantity q, decimal delta)
    {
        var value = q.Value + delta;
        return new CelQuantity(value, value.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
