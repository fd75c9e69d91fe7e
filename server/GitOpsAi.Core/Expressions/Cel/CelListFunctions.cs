namespace GitOpsAi.Core.Expressions.Cel;

/// <summary>Kubernetes' CEL list library (<c>sum</c>, <c>min</c>, <c>max</c>, <c>isSorted</c>, <c>indexOf</c>) and cel-go's <c>ext.Lists</c>.</summary>
internal static class CelListFunctions
{
    private static readonly Type List = typeof(object?[]);
    private static readonly Type Any = typeof(object);

    public static void Register(CelFunctionRegistry env)
    {
        env.Add("sum", [List], a => Sum((object?[])a[0]!));
        env.Add("min", [List], a => Extreme((object?[])a[0]!, sign: -1));
        env.Add("max", [List], a => Extreme((object?[])a[0]!, sign: 1));
        env.Add("isSorted", [List], a => IsSorted((object?[])a[0]!));
        env.Add("indexOf", [List, Any], a => (long)Array.FindIndex((object?[])a[0]!, v => CelEquality.AreEqual(v, a[1])));
        env.Add("lastIndexOf", [List, Any], a => (long)Array.FindLastIndex((object?[])a[0]!, v => CelEquality.AreEqual(v, a[1])));
        env.Add("slice", [List, typeof(long), typeof(long)], a => Slice((object?[])a[0]!, (long)a[1]!, (long)a[2]!));
        env.Add("flatten", [List], a => ((object?[])a[0]!).SelectMany(v => v as object?[] ?? [v]).ToArray());
        env.Add("distinct", [List], a => Distinct((object?[])a[0]!));
        env.Add("reverse", [List], a => ((object?[])a[0]!).Reverse().ToArray());
        env.Add("sort", [List], a => ((object?[])a[0]!).Order(Comparer<object?>.Create(Compare)).ToArray());
    }

    private static object Sum(object?[] list)
    {
        if (list.All(v => v is long))
        {
            return list.Aggregate(0L, (total, v) => checked(total + (long)v!));
        }

        if (list.All(v => v is ulong))
        {
            return list.Aggregate(0UL, (total, v) => checked(total + (ulong)v!));
        }

        if (list.All(v => v is double))
        {
            return list.Sum(v => (double)v!);
        }

        throw new CelUnsupportedException("sum() of a list that is not all int, uint or double");
    }

    private static object? Extreme(object?[] list, int sign)
    {
        if (list.Length == 0)
        {
            throw new CelEvaluationException($"{(sign < 0 ? "min" : "max")}() of an empty list");
        }

        var best = list[0];
        foreach (var v in list.Skip(1))
        {
            if (Compare(v, best) * sign > 0)
            {
                best = v;
            }
        }

        return best;
    }

    private static bool IsSorted(object?[] list)
    {
        for (var i = 1; i < list.Length; i++)
        {
            if (Compare(list[i - 1], list[i]) > 0)
            {
                return false;
            }
        }

        return true;
    }

    private static object?[] Slice(object?[] list, long start, long end) =>
        start < 0 || end < start || end > list.Length
            ? throw new CelEvaluationException($"invalid slice [{start}:{end}] of a list of {list.Length}")
            : list[(int)start..(int)end];

    private static object?[] Distinct(object?[] list)
    {
        var result = new List<object?>();
        foreach (var v in list)
        {
            if (!result.Any(r => CelEquality.AreEqual(r, v)))
            {
                result.Add(v);
            }
        }

        return result.ToArray();
    }

    private static int Compare(object? a, object? b) => (a, b) switch
    {
        (string x, string y) => string.CompareOrdinal(x, y),
        (bool x, bool y) => x.CompareTo(y),
        (CelQuantity x, CelQuantity y) => x.CompareTo(y),
        _ when CelEquality.AsNumber(a) is { } x && CelEquality.AsNumber(b) is { } y => x.CompareTo(y),
        _ => throw new CelUnsupportedException($"comparing {a?.GetType().Name ?? "null"} with {b?.GetType().Name ?? "null"}"),
    };
}

/// <summary>CEL equality for the values we build: numbers compare by value across int, uint and double.</summary>
internal static class CelEquality
{
    public static bool AreEqual(object? a, object? b) => (a, b) switch
    {
        (null, null) => true,
        (null, _) or (_, null) => false,
        (object?[] x, object?[] y) => x.Length == y.Length && x.Zip(y).All(p => AreEqual(p.First, p.Second)),
        (Dictionary<string, object?> x, Dictionary<string, object?> y) =>
            x.Count == y.Count && x.All(p => y.TryGetValue(p.Key, out var v) && AreEqual(p.Value, v)),
        _ when AsNumber(a) is { } x && AsNumber(b) is { } y => x == y,
        _ => a.Equals(b),
    };

    public static double? AsNumber(object? v) => v switch
    {
        long l => l,
        ulong u => u,
        int i => i,
        double d => d,
        _ => null,
    };
}
