using System.Text.RegularExpressions;

namespace GitOpsAi.Core.Generation;

/// <summary>The phrase families <see cref="RequestParser"/> reads, one pattern each (case-insensitive).</summary>
public static partial class RequestParser
{
    [GeneratedRegex(@"\b(?:in(?:to)?|as|to|file)\s+(?<file>[\w./-]+\.ya?ml)\b", RegexOptions.IgnoreCase)]
    private static partial Regex TargetFile();

    [GeneratedRegex(@"(?<url>(?:https?|oci|ssh)://[^\s,]+)", RegexOptions.IgnoreCase)]
    private static partial Regex Url();

    [GeneratedRegex(@"\bin\s+(?:the\s+)?(?:namespace|ns)\s+(?<ns>[a-z0-9][a-z0-9-]*)", RegexOptions.IgnoreCase)]
    private static partial Regex InNamespace();

    [GeneratedRegex(@"\b(?:interval|sync(?:ing)?\s+every|reconcil(?:e|ing)\s+every|poll(?:ing)?\s+every)\s*(?:of\s+)?(?<n>\d+)\s*(?<unit>s|sec|secs|seconds?|m|min|mins|minutes?|h|hours?)\b", RegexOptions.IgnoreCase)]
    private static partial Regex IntervalExplicit();

    [GeneratedRegex(@"\bevery\s+(?<n>\d+)\s*(?<unit>s|sec|secs|seconds?|m|min|mins|minutes?|h|hours?)\b", RegexOptions.IgnoreCase)]
    private static partial Regex EveryDuration();

    [GeneratedRegex(@"(?:\bversions?|\bchart\s+version|@)\s*(?<v>(?:[~^]|[<>]=?|=)?\s*v?\d+(?:\.(?:\d+|x|\*)){0,2}(?:-[\w.]+)?(?:\s+(?:<|<=)\s*\d+(?:\.\d+){0,2})?)", RegexOptions.IgnoreCase)]
    private static partial Regex ChartVersion();

    [GeneratedRegex(@"\bimage\s+(?!(?:repository|repo|policy|policies|update|automation)\b)(?<img>[\w][\w./:@-]*)", RegexOptions.IgnoreCase)]
    private static partial Regex ImageExplicit();

    [GeneratedRegex(@"(?<![\w./-])(?<img>[a-z0-9][\w.-]*(?:/[\w.-]+)*(?::[\w][\w.-]*|@sha256:[a-f0-9]{64}))(?![\w./-])", RegexOptions.IgnoreCase)]
    private static partial Regex ImageLike();

    [GeneratedRegex(@"(?<![\w.])(?<n>\d+(?:\.\d+)?)\s*(?<unit>Ki|Mi|Gi|Ti|KiB|MiB|GiB|TiB|KB|MB|GB|TB)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Storage();

    [GeneratedRegex(@"\bstorage\s*class\s+(?<sc>[a-z0-9][a-z0-9.-]*)", RegexOptions.IgnoreCase)]
    private static partial Regex StorageClass();

    [GeneratedRegex(@"\b(?:from\s+)?(?<min>\d+)\s*(?:-|to|\.\.)\s*(?<max>\d+)\s+(?:replicas|pods|instances)\b", RegexOptions.IgnoreCase)]
    private static partial Regex ReplicaRange();

    [GeneratedRegex(@"\bmin(?:imum)?(?:\s+replicas)?\s*[:=]?\s*(?<n>\d+)\b", RegexOptions.IgnoreCase)]
    private static partial Regex MinReplicas();

    [GeneratedRegex(@"\bmax(?:imum)?(?:\s+replicas)?\s*[:=]?\s*(?<n>\d+)\b(?!\s*%)", RegexOptions.IgnoreCase)]
    private static partial Regex MaxReplicas();

    [GeneratedRegex(@"\b(?<n>\d+)\s+(?:replicas?|pods|instances|copies)\b", RegexOptions.IgnoreCase)]
    private static partial Regex ReplicasAfter();

    [GeneratedRegex(@"\breplicas?\s*[:=]?\s*(?<n>\d+)\b", RegexOptions.IgnoreCase)]
    private static partial Regex ReplicasBefore();

    [GeneratedRegex(@"\b(?:up\s+to|max(?:imum)?(?:\s+weight)?(?:\s+of)?)\s*(?<p>\d+)\s*(?:%|percent)", RegexOptions.IgnoreCase)]
    private static partial Regex MaxPercent();

    [GeneratedRegex(@"\b(?<p>\d+)\s*(?:%|percent)", RegexOptions.IgnoreCase)]
    private static partial Regex Percent();

    [GeneratedRegex(@"\bports?\s+(?<p>\d+)\s*(?:->|→|to|:)\s*(?<t>\d+)\b", RegexOptions.IgnoreCase)]
    private static partial Regex PortMapping();

    [GeneratedRegex(@"\btarget\s*-?\s*port\s*[:=]?\s*(?<t>\d+)\b", RegexOptions.IgnoreCase)]
    private static partial Regex TargetPort();

    [GeneratedRegex(@"(?:\b(?:on\s+|container\s+|listening\s+on\s+)?ports?\s*[:=]?\s*(?<p>\d+)\b|\b(?<p>\d+)\s*/\s*tcp\b)", RegexOptions.IgnoreCase)]
    private static partial Regex Port();

    [GeneratedRegex(@"\b(?:with\s+)?tls(?:\s+(?:from\s+)?(?:secret|cert(?:ificate)?)\s+(?<secret>[a-z0-9][a-z0-9.-]*))?\b", RegexOptions.IgnoreCase)]
    private static partial Regex TlsSecret();

    [GeneratedRegex(@"(?<![\w./-])(?<host>(?:\*\.)?[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.[a-z]{2,})(?![\w/-])", RegexOptions.IgnoreCase)]
    private static partial Regex Host();

    [GeneratedRegex(@"(?:\bpath\s+|(?<![\w./-]))(?<path>\.?/[\w./-]*)", RegexOptions.IgnoreCase)]
    private static partial Regex PathPhrase();

    [GeneratedRegex(@"\bbranch\s+(?<b>[\w./-]+)", RegexOptions.IgnoreCase)]
    private static partial Regex BranchAfter();

    [GeneratedRegex(@"\b(?!(?:from|on|the|a|with|and)\b)(?<b>[\w./-]+)\s+branch\b", RegexOptions.IgnoreCase)]
    private static partial Regex BranchBefore();

    [GeneratedRegex(@"\bchart\s+(?<c>[a-z0-9][\w./-]*)", RegexOptions.IgnoreCase)]
    private static partial Regex ChartAfter();

    [GeneratedRegex(@"\b(?!(?:from|the|a|with|and|helm)\b)(?<c>[a-z0-9][\w./-]*)\s+(?:helm\s+)?chart\b", RegexOptions.IgnoreCase)]
    private static partial Regex ChartBefore();

    [GeneratedRegex(@"(?<k>[a-z0-9][\w./-]*)\s*=\s*(?<v>[\w.-]+)", RegexOptions.IgnoreCase)]
    private static partial Regex Selector();

    [GeneratedRegex(@"\b(?:of\s+)?(?:type\s+)?(?<t>node\s?port|load\s?balancer|headless|cluster\s?ip)\b", RegexOptions.IgnoreCase)]
    private static partial Regex ServiceType();

    [GeneratedRegex(@"\b(?:named|called|name)\s+(?<n>[a-z0-9][\w-]*)", RegexOptions.IgnoreCase)]
    private static partial Regex Named();

    [GeneratedRegex(@"\bfor\s+(?:the\s+)?(?:(?<kind>deployment|deploy|statefulset|stateful\s+set|daemonset|daemon\s+set|helmrelease|helm\s+release|service|app|application|workload)\s+)?(?<n>[a-z0-9][\w-]*)", RegexOptions.IgnoreCase)]
    private static partial Regex ForTarget();

    [GeneratedRegex(@"[a-z0-9][\w-]*", RegexOptions.IgnoreCase)]
    private static partial Regex Word();

    [GeneratedRegex(@"\b(?:with|containing|holding)\s+(?:the\s+)?keys?\s+(?<keys>[\w.-]+(?:\s*(?:,|\band\b)\s*[\w.-]+)*)", RegexOptions.IgnoreCase)]
    private static partial Regex KeyList();

    [GeneratedRegex(@"\s*(?:,|\band\b)\s*", RegexOptions.IgnoreCase)]
    private static partial Regex KeySeparator();
}
