using System.Globalization;

namespace GitOpsAi.Core.Yaml;

/// <summary>
/// Resolves plain scalars the way Kubernetes tooling reads them: the YAML 1.2 core schema for null, booleans, integers
/// and floats. YAML 1.1's extra booleans (yes/no/on/off/y/n) are not booleans here but are recognised separately,
/// because kubectl (go-yaml v2) still reads them as booleans and that surprises people.
/// </summary>
public static class YamlScalarResolver
{
    public static YamlScalarType Resolve(YamlScalar scalar)
    {
        if (scalar.Style != YamlScalarStyle.Plain)
        {
            return YamlScalarType.String;
        }

        switch (scalar.Tag)
        {
            case null or "!":
                return scalar.Tag is null ? ResolvePlain(scalar.Value) : YamlScalarType.String;
            case "tag:yaml.org,2002:str" or "!!str":
                return YamlScalarType.String;
            case "tag:yaml.org,2002:int" or "!!int":
                return YamlScalarType.Integer;
            case "tag:yaml.org,2002:float" or "!!float":
                return YamlScalarType.Float;
            case "tag:yaml.org,2002:bool" or "!!bool":
                return YamlScalarType.Boolean;
            case "tag:yaml.org,2002:null" or "!!null":
                return YamlScalarType.Null;
            default:
                return ResolvePlain(scalar.Value);
        }
    }

    public static YamlScalarType ResolvePlain(string value)
    {
        if (value.Length == 0)
        {
            return YamlScalarType.Null;
        }

        var first = value[0];
        // Fast path: most plain scalars are names, images and paths that cannot be anything but strings.
        if (!(char.IsAsciiDigit(first) || first is '-' or '+' or '.' or '~' or 'n' or 'N' or 't' or 'T' or 'f' or 'F'))
        {
            return YamlScalarType.String;
        }

        switch (value)
        {
            case "~" or "null" or "Null" or "NULL":
                return YamlScalarType.Null;
            case "true" or "True" or "TRUE" or "false" or "False" or "FALSE":
                return YamlScalarType.Boolean;
            case ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF" or "-.inf" or "-.Inf" or "-.INF" or ".nan" or ".NaN" or ".NAN":
                return YamlScalarType.Float;
        }

        if (IsInteger(value))
        {
            return YamlScalarType.Integer;
        }

        return IsFloat(value) ? YamlScalarType.Float : YamlScalarType.String;
    }

    /// <summary>True for the words YAML 1.1 (and so kubectl) reads as booleans but YAML 1.2 reads as strings.</summary>
    public static bool IsYaml11OnlyBoolean(string value) => value is
        "y" or "Y" or "yes" or "Yes" or "YES" or "n" or "N" or "no" or "No" or "NO" or
        "on" or "On" or "ON" or "off" or "Off" or "OFF";

    public static bool TryGetInteger(string value, out long result)
    {
        var text = value.Replace("_", string.Empty, StringComparison.Ordinal);
        var negative = text.StartsWith('-');
        if (text.StartsWith('-') || text.StartsWith('+'))
        {
            text = text[1..];
        }

        bool parsed;
        if (text.StartsWith("0x", StringComparison.Ordinal))
        {
            parsed = long.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out result);
        }
        else if (text.StartsWith("0o", StringComparison.Ordinal))
        {
            parsed = TryParseOctal(text.AsSpan(2), out result);
        }
        else
        {
            parsed = long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out result);
        }

        if (negative)
        {
            result = -result;
        }

        return parsed;
    }

    public static bool TryGetNumber(string value, out double result) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out result);

    private static bool IsInteger(string value)
    {
        var span = value.AsSpan();
        if (span[0] is '-' or '+')
        {
            span = span[1..];
        }

        if (span.IsEmpty)
        {
            return false;
        }

        if (span.Length > 2 && span[0] == '0' && span[1] == 'x')
        {
            return span[2..].IndexOfAnyExcept("0123456789abcdefABCDEF") < 0;
        }

        if (span.Length > 2 && span[0] == '0' && span[1] == 'o')
        {
            return span[2..].IndexOfAnyExcept("01234567") < 0;
        }

        return span.IndexOfAnyExcept("0123456789") < 0;
    }

    private static bool IsFloat(string value)
    {
        // [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?
        var span = value.AsSpan();
        var i = 0;
        if (span[i] is '-' or '+')
        {
            i++;
        }

        var digitsBefore = 0;
        while (i < span.Length && char.IsAsciiDigit(span[i]))
        {
            i++;
            digitsBefore++;
        }

        var digitsAfter = 0;
        if (i < span.Length && span[i] == '.')
        {
            i++;
            while (i < span.Length && char.IsAsciiDigit(span[i]))
            {
                i++;
                digitsAfter++;
            }
        }

        if (digitsBefore == 0 && digitsAfter == 0)
        {
            return false;
        }

        if (i < span.Length && span[i] is 'e' or 'E')
        {
            i++;
            if (i < span.Length && span[i] is '-' or '+')
            {
                i++;
            }

            var exponentDigits = 0;
            while (i < span.Length && char.IsAsciiDigit(span[i]))
            {
                i++;
                exponentDigits++;
            }

            if (exponentDigits == 0)
            {
                return false;
            }
        }

        return i == span.Length;
    }

    private static bool TryParseOctal(ReadOnlySpan<char> digits, out long result)
    {
        result = 0;
        if (digits.IsEmpty)
        {
            return false;
        }

        foreach (var digit in digits)
        {
            if (digit is < '0' or > '7' || result > long.MaxValue / 8)
            {
                return false;
            }

            result = result * 8 + (digit - '0');
        }

        return true;
    }
}
