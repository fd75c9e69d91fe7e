using System.Globalization;

namespace GitOpsAi.Core.Expressions.Cel;

/// <summary>
/// A Kubernetes resource quantity (<c>500m</c>, <c>1.5Gi</c>, <c>1e3</c>) as CEL's <c>quantity()</c> sees it: an exact
/// decimal value compared and added by value, whatever suffix it was written with.
/// </summary>
internal sealed class CelQuantity(decimal value, string text) : IComparable<CelQuantity>
{
    private static readonly (string Suffix, decimal Factor)[] Suffixes =
    [
        ("Ki", 1024m), ("Mi", 1024m * 1024), ("Gi", 1024m * 1024 * 1024), ("Ti", 1024m * 1024 * 1024 * 1024),
        ("Pi", 1024m * 1024 * 1024 * 1024 * 1024), ("Ei", 1024m * 1024 * 1024 * 1024 * 1024 * 1024),
        ("n", 0.000000001m), ("u", 0.000001m), ("m", 0.001m), ("k", 1000m), ("M", 1000000m), ("G", 1000000000m),
        ("T", 1000000000000m), ("P", 1000000000000000m), ("E", 1000000000000000000m),
    ];

    public decimal Value { get; } = value;

    public string Text { get; } = text;

    public static CelQuantity? TryParse(string text)
    {
        var s = text.Trim();
        if (s.Length == 0 || s != text)
        {
            return null;
        }

        var factor = 1m;
        var number = s;
        foreach (var (suffix, f) in Suffixes)
        {
            if (s.EndsWith(suffix, StringComparison.Ordinal) && s.Length > suffix.Length && char.IsDigit(s[^(suffix.Length + 1)]) | s[^(suffix.Length + 1)] == '.')
            {
                factor = f;
                number = s[..^suffix.Length];
                break;
            }
        }

        var exponent = 0;
        var e = number.IndexOfAny(['e', 'E']);
        if (factor == 1m && e > 0)
        {
            if (!int.TryParse(number[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exponent) || Math.Abs(exponent) > 18)
            {
                return null;
            }

            number = number[..e];
        }

        if (number.Length == 0 || number.Any(c => !(char.IsDigit(c) || c is '.' or '+' or '-'))
            || !decimal.TryParse(number, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            return null;
        }

        try
        {
            value *= factor;
            for (var i = 0; i < Math.Abs(exponent); i++)
            {
                value = exponent > 0 ? value * 10 : value / 10;
            }
        }
        catch (OverflowException)
        {
            return null;
        }

        return new CelQuantity(value, text);
    }

    public int CompareTo(CelQuantity? other) => other is null ? 1 : Value.CompareTo(other.Value);

    public override string ToString() => $"quantity('{Text}')";
}
