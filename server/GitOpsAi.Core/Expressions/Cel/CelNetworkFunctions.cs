using System.Net;
using System.Net.Sockets;
using Cel;

namespace GitOpsAi.Core.Expressions.Cel;

/// <summary>Kubernetes' CEL URL and IP/CIDR libraries: <c>url()</c>, <c>isURL()</c>, <c>ip()</c>, <c>isIP()</c>, <c>cidr()</c>, <c>isCIDR()</c> and their accessors.</summary>
internal static class CelNetworkFunctions
{
    private static readonly Type S = typeof(string);

    public static void Register(CelEnvironment env)
    {
        env.RegisterFunction("isURL", [S], a => ParseUrl((string)a[0]!) is not null);
        env.RegisterFunction("url", [S], a => ParseUrl((string)a[0]!) ?? throw new CelEvaluationException($"URL parse error: '{a[0]}'"));
        env.RegisterFunction("getScheme", [typeof(Uri)], a => ((Uri)a[0]!).Scheme);
        env.RegisterFunction("getHost", [typeof(Uri)], a => ((Uri)a[0]!).IsDefaultPort ? ((Uri)a[0]!).Host : $"{((Uri)a[0]!).Host}:{((Uri)a[0]!).Port}");
        env.RegisterFunction("getHostname", [typeof(Uri)], a => ((Uri)a[0]!).Host.Trim('[', ']'));
        env.RegisterFunction("getPort", [typeof(Uri)], a => ((Uri)a[0]!).IsDefaultPort ? "" : ((Uri)a[0]!).Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        env.RegisterFunction("getEscapedPath", [typeof(Uri)], a => ((Uri)a[0]!).AbsolutePath);

        env.RegisterFunction("isIP", [S], a => ParseIp((string)a[0]!) is not null);
        env.RegisterFunction("ip", [S], a => ParseIp((string)a[0]!) ?? throw new CelEvaluationException($"IP Address '{a[0]}' parse error"));
        env.RegisterFunction("family", [typeof(IPAddress)], a => ((IPAddress)a[0]!).AddressFamily == AddressFamily.InterNetworkV6 ? 6L : 4L);
        env.RegisterFunction("isLoopback", [typeof(IPAddress)], a => IPAddress.IsLoopback((IPAddress)a[0]!));
        env.RegisterFunction("isUnspecified", [typeof(IPAddress)], a => ((IPAddress)a[0]!).Equals(IPAddress.Any) || ((IPAddress)a[0]!).Equals(IPAddress.IPv6Any));

        env.RegisterFunction("isCIDR", [S], a => ParseCidr((string)a[0]!) is not null);
        env.RegisterFunction("cidr", [S], a => ParseCidr((string)a[0]!) ?? throw new CelEvaluationException($"network address '{a[0]}' parse error"));
        env.RegisterFunction("containsIP", [typeof(IPNetwork), typeof(IPAddress)], a => ((IPNetwork)a[0]!).Contains((IPAddress)a[1]!));
        env.RegisterFunction("containsIP", [typeof(IPNetwork), S], a => ParseIp((string)a[1]!) is { } ip && ((IPNetwork)a[0]!).Contains(ip));
        env.RegisterFunction("containsCIDR", [typeof(IPNetwork), typeof(IPNetwork)], a => ContainsCidr((IPNetwork)a[0]!, (IPNetwork)a[1]!));
        env.RegisterFunction("containsCIDR", [typeof(IPNetwork), S], a => ParseCidr((string)a[1]!) is { } other && ContainsCidr((IPNetwork)a[0]!, other));
        env.RegisterFunction("prefixLength", [typeof(IPNetwork)], a => (long)((IPNetwork)a[0]!).PrefixLength);
        env.RegisterFunction("ip", [typeof(IPNetwork)], a => ((IPNetwork)a[0]!).BaseAddress);
        env.RegisterFunction("string", [typeof(IPAddress)], a => a[0]!.ToString());
        env.RegisterFunction("string", [typeof(IPNetwork)], a => a[0]!.ToString());
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
