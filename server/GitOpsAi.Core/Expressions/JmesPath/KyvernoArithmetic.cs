using System.Globalization;
using System.Text;
using GitOpsAi.Core.Kyverno;

namespace GitOpsAi.Core.Expressions.JmesPath;

/// <summary>
/// Kyverno's arithmetic functions (<c>add</c>, <c>sum</c>, <c>subtract</c>, <c>multiply</c>, <c>divide</c>,
/// <c>modulo</c>) over numbers, Kubernetes quantities and Go durations, with Kyverno's typing: a string operand is a
/// quantity when it parses as one, else a duration; quantity results are written as Kubernetes writes them
/// (<c>"300Mi"</c>, <c>"1500m"</c>) and duration results as Go does (<c>"1h30m0s"</c>).
/// </summary>
internal static class KyvernoArithmetic
{
    private enum QuantityFormat
    {
        DecimalSI,
        BinarySI,
        DecimalExponent,
    }

    private abstract record Operand;

    private sealed record Scalar(double Value) : Operand;

    private sealed record QuantityOperand(decimal Value, QuantityFormat Format) : Operand;

    /// <summary>A Go time.Duration, in nanoseconds.</summary>
    private sealed record DurationOperand(long Nanoseconds) : Operand;

    public static JValue Add(JValue left, JValue right, string name) => (Parse(left, name), Parse(right, name)) switch
    {
        (Scalar a, Scalar b) => JValue.Number(a.Value + b.Value),
        (QuantityOperand a, QuantityOperand b) => Quantity(a.Value + b.Value, a.Format),
        (DurationOperand a, DurationOperand b) => Duration(a.Nanoseconds + b.Nanoseconds),
        _ => throw Mismatch(name),
    };

    public static JValue Subtract(JValue left, JValue right) => (Parse(left, "subtract"), Parse(right, "subtract")) switch
    {
        (Scalar a, Scalar b) => JValue.Number(a.Value - b.Value),
        (QuantityOperand a, QuantityOperand b) => Quantity(a.Value - b.Value, a.Format),
        (DurationOperand a, DurationOperand b) => Duration(a.Nanoseconds - b.Nanoseconds),
        _ => throw Mismatch("subtract"),
    };

    public static JValue Multiply(JValue left, JValue right) => (Parse(left, "multiply"), Parse(right, "multiply")) switch
    {
        (Scalar a, Scalar b) => JValue.Number(a.Value * b.Value),
        (QuantityOperand q, Scalar s) => Quantity(q.Value * ScalarAsDecimal(s.Value), q.Format),
        (Scalar s, QuantityOperand q) => Quantity(q.Value * ScalarAsDecimal(s.Value), q.Format),
        (DurationOperand d, Scalar s) => Duration((long)(d.Nanoseconds / 1e9 * s.Value * 1e9)),
        (Scalar s, DurationOperand d) => Duration((long)(d.Nanoseconds / 1e9 * s.Value * 1e9)),
        _ => throw Mismatch("multiply"),
    };

    public static JValue Divide(JValue left, JValue right)
    {
        switch (Parse(left, "divide"), Parse(right, "divide"))
        {
            case (Scalar a, Scalar b):
                return JValue.Number(a.Value / NonZero(b.Value, "divide"));
            case (QuantityOperand a, QuantityOperand b):
                return JValue.Number((double)a.Value / NonZero((double)b.Value, "divide"));
            case (QuantityOperand a, Scalar b):
            {
                var divisor = ScalarAsDecimal(NonZero(b.Value, "divide"));
                var scale = Math.Max(a.Value.Scale, divisor.Scale);
                return Quantity(decimal.Round(a.Value / divisor, scale, MidpointRounding.ToZero), a.Format);
            }

            case (DurationOperand a, DurationOperand b):
                return JValue.Number(a.Nanoseconds / 1e9 / NonZero(b.Nanoseconds / 1e9, "divide"));
            case (DurationOperand a, Scalar b):
                return Duration((long)(a.Nanoseconds / 1e9 / NonZero(b.Value, "divide") * 1e9));
            default:
                throw Mismatch("divide");
        }
    }

    public static JValue Modulo(JValue left, JValue right)
    {
        switch (Parse(left, "modulo"), Parse(right, "modulo"))
        {
            case (Scalar a, Scalar b):
                return JValue.Number(IntegerModulo(a.Value, b.Value));
            case (QuantityOperand a, QuantityOperand b):
                return Quantity((decimal)IntegerModulo((double)a.Value, (double)b.Value), a.Format);
            case (DurationOperand a, DurationOperand b):
                return b.Nanoseconds == 0 ? throw new JmesException("modulo: division by zero") : Duration(a.Nanoseconds % b.Nanoseconds);
            default:
                throw Mismatch("modulo");
        }
    }

    /// <summary>Kyverno's <c>sum</c>: the first item, then <c>add</c> of each next one.</summary>
    public static JValue Sum(JArray items)
    {
        if (items.Items.Count == 0)
        {
            throw new JmesException("sum: at least one element in the array is required");
        }

        var result = items.Items[0];
        foreach (var item in items.Items.Skip(1))
        {
            result = Add(result, item, "sum");
        }

        return result;
    }

    private static Operand Parse(JValue value, string name)
    {
        switch (value)
        {
            case JNumber n:
                return new Scalar(n.Value);
            case JString s when Kyverno.Quantity.TryParse(s.Value, out var amount) && s.Value == s.Value.Trim():
                return new QuantityOperand(amount, FormatOf(s.Value));
            case JString s when GoDuration.TryParse(s.Value, out var seconds):
                return new DurationOperand((long)Math.Round(seconds * 1e9));
            default:
                throw new JmesException($"{name}: invalid operands");
        }
    }

    private static QuantityFormat FormatOf(string text) =>
        text.EndsWith('i') ? QuantityFormat.BinarySI
        : text.AsSpan().TrimStart("+-").IndexOfAny('e', 'E') >= 0 ? QuantityFormat.DecimalExponent
        : QuantityFormat.DecimalSI;

    private static JmesException Mismatch(string name) => new($"{name}: types mismatch");

    private static double NonZero(double value, string name) => value == 0 ? throw new JmesException($"{name}: division by zero") : value;

    private static double IntegerModulo(double a, double b)
    {
        if (a != Math.Truncate(a) || b != Math.Truncate(b))
        {
            throw new JmesException("modulo: non-integer argument(s) for modulo");
        }

        return b == 0 ? throw new JmesException("modulo: division by zero") : (long)a % (long)b;
    }

    /// <summary>A float64 operand as Kubernetes parses its <c>%v</c> text: the shortest digits, so 1.5 keeps one decimal.</summary>
    private static decimal ScalarAsDecimal(double value) =>
        decimal.Parse(value.ToString("R", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture);

    private static JValue Quantity(decimal value, QuantityFormat format) => JValue.String(FormatQuantity(value, format));

    /// <summary>Kubernetes' canonical form of a quantity (resource.Quantity.String()).</summary>
    internal static string FormatQuantity(decimal value, string formatOfText) => FormatQuantity(value, FormatOf(formatOfText));

    private static string FormatQuantity(decimal value, QuantityFormat format)
    {
        if (value == 0)
        {
            return "0";
        }

        // Kubernetes keeps nano precision, rounding up.
        value = decimal.Ceiling(value * 1_000_000_000m) / 1_000_000_000m;
        if (format == QuantityFormat.BinarySI && (Math.Abs(value) < 1024 || value != decimal.Truncate(value)))
        {
            format = QuantityFormat.DecimalSI;
        }

        if (format == QuantityFormat.BinarySI)
        {
            string[] binary = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];
            var power = 0;
            while (power < binary.Length - 1 && value % 1024 == 0)
            {
                value /= 1024;
                power++;
            }

            return value.ToString("0", CultureInfo.InvariantCulture) + binary[power];
        }

        // The largest exponent (a multiple of 3, from nano up) that leaves an integer mantissa.
        var exponent = -9;
        var mantissa = value * 1_000_000_000m;
        while (mantissa % 1000 == 0 && exponent < 18)
        {
            mantissa /= 1000;
            exponent += 3;
        }

        var digits = decimal.Truncate(mantissa).ToString(CultureInfo.InvariantCulture);
        if (format == QuantityFormat.DecimalExponent)
        {
            return exponent == 0 ? digits : $"{digits}e{exponent}";
        }

        var suffix = exponent switch
        {
            -9 => "n",
            -6 => "u",
            -3 => "m",
            0 => "",
            3 => "k",
            6 => "M",
            9 => "G",
            12 => "T",
            15 => "P",
            _ => "E",
        };
        return digits + suffix;
    }

    /// <summary>Go's time.Duration.String(): "1h30m0s", "1.5s", "300ms", "0s".</summary>
    internal static JValue Duration(long nanoseconds) => JValue.String(FormatDuration(nanoseconds));

    internal static string FormatDuration(long nanoseconds)
    {
        if (nanoseconds == 0)
        {
            return "0s";
        }

        var negative = nanoseconds < 0;
        var u = (ulong)Math.Abs(nanoseconds);
        var text = new StringBuilder();
        if (u < 1_000_000_000)
        {
            var (unit, precision) = u < 1_000 ? ("ns", 0) : u < 1_000_000 ? ("µs", 3) : ("ms", 6);
            text.Append(WithFraction(u, precision)).Append(unit);
        }
        else
        {
            var seconds = u / 1_000_000_000;
            var minutes = seconds / 60;
            var hours = minutes / 60;
            if (hours > 0)
            {
                text.Append(hours).Append('h');
            }

            if (minutes > 0)
            {
                text.Append(minutes % 60).Append('m');
            }

            text.Append(WithFraction((seconds % 60 * 1_000_000_000) + (u % 1_000_000_000), 9)).Append('s');
        }

        return (negative ? "-" : string.Empty) + text;
    }

    private static string WithFraction(ulong value, int precision)
    {
        if (precision == 0)
        {
            return value.ToString(CultureInfo.InvariantCulture);
        }

        var scale = (ulong)Math.Pow(10, precision);
        var fraction = (value % scale).ToString(CultureInfo.InvariantCulture).PadLeft(precision, '0').TrimEnd('0');
        return (value / scale).ToString(CultureInfo.InvariantCulture) + (fraction.Length > 0 ? "." + fraction : string.Empty);
    }
}
