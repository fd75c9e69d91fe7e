using System.Globalization;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Kustomize;

/// <summary>
/// Where kustomize's YAML library (go-yaml v3) reads a scalar differently from the YAML 1.2 spec our parser follows.
/// The rendered value must be what the cluster gets, so the renderer reads these the way kustomize does.
/// </summary>
internal static class GoYamlReading
{
    /// <summary>The value and type kustomize gives a parsed scalar.</summary>
    public static (string Value, YamlScalarType Type) Read(YamlScalar scalar)
    {
        var value = scalar.Value;
        var type = scalar.Type;
        if (scalar.Style == YamlScalarStyle.Folded)
        {
            value = FoldLikeGoYaml(value);
        }
        else if (type == YamlScalarType.Integer && IsLegacyOctal(value, out var octal))
        {
            value = octal; // YAML 1.1 octal (0755): kustomize writes the decimal value (493)
        }

        return (value, type);
    }

    /// <summary>
    /// kustomize's output of a folded scalar (<c>&gt;</c>) gains one line break before a more-indented line that follows
    /// an ordinary line ("a,\n  b" becomes "a,\n\n  b") whenever go-yaml writes the value as a block, which it does
    /// unless a line ends with a space. Checked against kubectl kustomize.
    /// </summary>
    private static string FoldLikeGoYaml(string value)
    {
        if ((!value.Contains("\n ", StringComparison.Ordinal) && !value.Contains("\n\t", StringComparison.Ordinal))
            || value.Contains(" \n", StringComparison.Ordinal) || value.EndsWith(' '))
        {
            return value;
        }

        var lines = value.Split('\n');
        var result = new List<string>(lines.Length + 4);
        var lastContentIsOrdinary = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var moreIndented = line.Length > 0 && line[0] is ' ' or '\t';
            if (moreIndented && lastContentIsOrdinary)
            {
                result.Add(string.Empty);
            }

            if (line.Length > 0)
            {
                lastContentIsOrdinary = !moreIndented;
            }

            result.Add(line);
        }

        return string.Join('\n', result);
    }

    private static bool IsLegacyOctal(string value, out string decimalValue)
    {
        decimalValue = value;
        var digits = value.TrimStart('+', '-');
        var sign = value.StartsWith('-') ? "-" : string.Empty;
        if (digits.StartsWith("0o", StringComparison.Ordinal))
        {
            digits = "0" + digits[2..];
        }

        if (digits.Length < 2 || digits[0] != '0' || !digits.All(c => c is >= '0' and <= '7'))
        {
            return false;
        }

        // A value past 64 bits is left as written (kustomize reads it as a float) rather than wrap or crash.
        var number = System.Numerics.BigInteger.Zero;
        foreach (var digit in digits)
        {
            number = (number * 8) + (digit - '0');
        }

        if (number > long.MaxValue)
        {
            return false;
        }

        decimalValue = sign + number.ToString(CultureInfo.InvariantCulture);
        return true;
    }
}
