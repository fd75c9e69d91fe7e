using System.Net;
using System.Net.Sockets;

namespace GitOpsAi.Core.Expressions.Cel;

/// <summary>Kubernetes' CEL URL and IP/CIDR libraries: <c>url()</c>, <c>isURL()</c>, <c>ip()</c>, <c>isIP()</c>, <c>cidr()</c>, <c>isCIDR()</c> and their accessors.</summary>
internal static class CelNetworkFunctions
{
    private static readonly Type S = typeof(string);

    public static void Register(CelFunctionRegistry env)
    {
        env.Add("isURL", [S], a => ParseUrl((string)a[0]!) is not null);
        env.Add("url", [S], a => ParseUrl((string)a[0]!) ?? throw new CelEvaluationException($"URL parse error: '{a[0]}'"));
        env.Add("getScheme", [typeof(Uri)], a => ((Uri)a[0]!).Scheme);
        env.Add("getHost", [typeof(Uri)], a => ((Uri)a[0]!).IsDefaultPort ? ((Uri)a[0]!).Host : $"{((Uri)a[0]!).Host}:{((Uri)a[0]!).Port}");
        env.Add("getHostname", [typeof(Uri)], a => ((Uri)a[0]!).Host.Trim('[', ']'));
        env.Add("getPort", [typeof(Uri)], a => ((Uri)a[0]!).IsDefaultPort ? "" : ((Uri)a[0]!).Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        env.Add("getEscapedPath", [typeof(Uri)], a => ((Uri)a[0]!).AbsolutePath);

        env.Add("isIP", [S], a => ParseIp((string)a[0]!) is not null);
        env.Add("ip", [S], a => ParseIp((string)a[0]!) ?? throw new CelEvaluationException($"IP Address '{a[0]}' parse error"));
        env.Add("family", [typeof(IPAddress)], a => ((IPAddress)a[0]!).AddressFamily == AddressFamily.InterNetworkV6 ? 6L : 4L);
        env.Add("isLoopback", [typeof(IPAddress)], a => IPAddress.IsLoopback((IPAddress)a[0]!));
        env.Add("isUnspecified", [typeof(IPAddress)], a => ((IPAddress)a[0]!).Equals(IPAddress.Any) || ((IPAddress)a[0]!).Equals(IPAddress.IPv6Any));

        env.Add("isCIDR", [S], a => ParseCidr((string)a[0]!) is not null);
        env.Add("cidr", [S], a => ParseCidr((string)a[0]!) ?? throw new CelEvaluationException($"network address '{a[0]}' parse error"));
        env.Add("containsIP", [typeof(IPNetwork), typeof(IPAddress)], a => ((IPNetwork)a[0]!).Contains((IPAddress)a[1]!));
        env.Add("containsIP", [typeof(IPNetwork), S], a => ParseIp((string)a[1]!) is { } ip && ((IPNetwork)a[0]!).Contains(ip));
        env.Add("containsCIDR", [typeof(IPNetwork), typeof(IPNetwork)], a => ContainsCidr((IPNetwork)a[0]!, (IPNetwork)a[1]!));
        env.Add("containsCIDR", [typeof(IPNetwork), S], a => ParseCidr((string)a[1]!) is { } other && ContainsCidr((IPNetwork)a[0]!, other));
        env.Add("prefixLength", [typeof(IPNetwork)], a => (long)((IPNetwork)a[0]!).PrefixLength);
        env.Add("ip", [typeof(IPNetwork)], a => ((IPNetwork)a[0]!).BaseAddress);
        env.Add("string", [typeof(IPAddress)], a => a[0]!.ToString());
        env.Add("string", [typeof(IPNetwork)], a => a[0]!.ToString());
    }

    /// <summary>An absolute URI, or an absolute path, as Go's url.ParseRequestURI accepts.</summary>
    private static Uri? ParseUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (text.StartsWith('/') || text.Contains("://", StringComparison.Ordinal) || uri.Scheme is not ("file")) ? uri : null;

    /// <summary>Kubernetes rejects IPv4-mapped IPv6 and zones, and accepts only canonical dotted IPv4.</summary>
    private static IPAddress? ParseIp(string text) =>
        !text.Contains('%') && IPAddress.TryParse(text, out var ip) && !ip.IsIPv4MappedToIPv6
        && (ip.AddressFamily == AddressFamily.InterNetworkV6 || text.Count(c => c == '.') == 3) ? ip : null;

    private static IPNetwork? ParseCidr(string text) =>
        text.Contains('/') && !text.Contains('%') && IPNetwork.TryParse(text, out var network) ? network : null;

    private static bool ContainsCidr(IPNetwork outer, IPNetwork inner) =>
        inner.PrefixLength >= outer.PrefixLength && outer.Contains(inner.BaseAddress);
}
