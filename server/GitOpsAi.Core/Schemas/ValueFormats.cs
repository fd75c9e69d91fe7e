using System.Text.RegularExpressions;

namespace GitOpsAi.Core.Schemas;

/// <summary>The string formats Kubernetes and GitOps schemas use, checked the way their controllers parse them.</summary>
internal static partial class ValueFormats
{
    /// <summary>Returns an explanation when <paramref name="value"/> does not match <paramref name="format"/>, else null.</summary>
    public static string? Check(string format, string value) => format switch
    {
        "quantity" => Quantity().IsMatch(value) ? null : "is not a valid quantity: use a number with an optional suffix such as 500m, 2, 128Mi or 1Gi (not MB/GB)",
        "byte" => IsBase64(value) ? null : "is not valid base64; use stringData for plain text, or encode the value",
        "date-time" => DateTimeOffset.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _) ? null : "is not an RFC 3339 date-time",
        "duration" => GoDuration().IsMatch(value) ? null : "is not a duration such as 30s, 5m or 1h30m",
        _ => null,
    };

    private static bool IsBase64(string value)
    {
        var trimmed = value.Replace("\n", string.Empty, StringComparison.Ordinal).Replace("\r", string.Empty, StringComparison.Ordinal).Trim();
        if (trimmed.Length == 0)
        {
            return true;
        }

        var buffer = new byte[(trimmed.Length * 3 / 4) + 3];
        return Convert.TryFromBase64String(trimmed, buffer, out _);
    }

    [GeneratedRegex(@"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+|[KMGTPE]i|[numkMGTPE])?$", RegexOptions.CultureInvariant)]
    private static partial Regex Quantity();

    [GeneratedRegex(@"^(0|([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+)$", RegexOptions.CultureInvariant)]
    private static partial Regex GoDuration();
}
