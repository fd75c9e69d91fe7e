using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace GitOpsAi.Core.Generation;

/// <summary>
/// Reads the facts out of a request phrase. Each family (files, URLs, schedules, images, sizes, ports, ...) is a small
/// pattern that, once matched, is blanked out of a working copy, so a later family cannot read the same words again
/// ("every 15 minutes" is a schedule, not 15 replicas; "service account" is not a Service).
/// </summary>
public static partial class RequestParser
{
    /// <summary>Phrases naming kinds, longest first; the value is the kind key of <see cref="GeneratedKinds"/>.</summary>
    private static readonly (Regex Pattern, string Kind)[] KindPhrases =
    [
        (Words("image update automation|imageupdateautomation"), "ImageUpdateAutomation"),
        (Words("image repository|imagerepository|image repo"), "ImageRepository"),
        (Words("image policy|imagepolicy"), "ImagePolicy"),
        (Words("horizontal pod autoscaler|horizontalpodautoscaler|autoscaler|hpa"), "HorizontalPodAutoscaler"),
        (Words("pod disruption budget|poddisruptionbudget|disruption budget|pdb"), "PodDisruptionBudget"),
        (Words("network policy|networkpolicy|netpol"), "NetworkPolicy"),
        (Words("service account|serviceaccount|sa"), "ServiceAccount"),
        (Words("role binding|rolebinding"), "RoleBinding"),
        (Words("external secret|externalsecret"), "ExternalSecret"),
        (Words("sealed secret|sealedsecret"), "SealedSecret"),
        (Words("helm release|helmrelease|release of chart"), "HelmRelease"),
        (Words("helm repository|helmrepository|helm repo|chart repository|chart repo"), "HelmRepository"),
        (Words("oci repository|ocirepository|oci repo"), "OCIRepository"),
        (Words("git repository|gitrepository|git repo|git source"), "GitRepository"),
        (Words("flux kustomization|kustomization"), "Kustomization"),
        (Words("stateful set|statefulset|sts"), "StatefulSet"),
        (Words("daemon set|daemonset|ds"), "DaemonSet"),
        (Words("cron job|cronjob"), "CronJob"),
        (Words("deployment|deploy"), "Deployment"),
        (Words("job"), "Job"),
        (Words("headless service|service|svc"), "Service"),
        (Words("ingress"), "Ingress"),
        (Words("config map|configmap"), "ConfigMap"),
        (Words("secret"), "ExternalSecret"),
        (Words("namespace"), "Namespace"),
        (Words("role"), "Role"),
        (Words("canary"), "Canary"),
    ];

    /// <summary>Words that are never a name.</summary>
    private static readonly HashSet<string> StopWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "a", "an", "the", "with", "and", "for", "on", "in", "at", "to", "of", "that", "using", "from", "new", "my", "our",
        "create", "add", "make", "generate", "write", "me", "please", "storage", "replicas", "replica", "port", "ports",
        "image", "chart", "version", "host", "tls", "every", "which", "runs", "run", "exposing", "expose", "by", "it",
        "named", "called", "name", "via", "plus", "also", "as", "is", "this", "simple", "basic", "minimal", "type", "pods",
    };

    /// <summary>Requests are phrases; anything longer is cut here, so no pattern ever runs over a pasted file.</summary>
    public const int MaxRequestLength = 1_000;

    public static RequestFacts Parse(string request)
    {
        var text = GenerationRequest.StripPrefix(request.Length > MaxRequestLength ? request[..MaxRequestLength] : request);
        var facts = new RequestFacts { Text = text };
        var work = new StringBuilder(" " + text + " ");

        Take(work, TargetFile(), m => facts.TargetFile = m.Groups["file"].Value);
        Take(work, Url(), m => facts.RepositoryUrl = m.Groups["url"].Value.TrimEnd('.', ','));
        Take(work, InNamespace(), m => facts.Namespace = m.Groups["ns"].Value.ToLowerInvariant());
        Take(work, IntervalExplicit(), m => facts.Interval = NormalizeDuration(m.Groups["n"].Value, m.Groups["unit"].Value));
        if (facts.Interval is null && EveryDuration().Match(text) is { Success: true } every)
        {
            // "every 10 minutes" is a CronJob's schedule or a Flux object's interval: the builders pick the one they need.
            facts.Interval = NormalizeDuration(every.Groups["n"].Value, every.Groups["unit"].Value);
        }

        if (SchedulePhrases.Parse(work.ToString()) is { } schedule)
        {
            facts.Schedule = schedule.Cron;
            Blank(work, schedule.Source);
        }

        Take(work, PortMapping(), m =>
        {
            facts.Port = Int(m.Groups["p"].Value);
            facts.TargetPort = Int(m.Groups["t"].Value);
        });
        Take(work, ChartVersion(), m => facts.Version = m.Groups["v"].Value.Trim());
        Take(work, ImageExplicit(), m => SetImage(facts, m.Groups["img"].Value));
        Take(work, ImageLike(), m => SetImage(facts, m.Groups["img"].Value));
        Take(work, Storage(), m => facts.Storage = m.Groups["n"].Value + NormalizeUnit(m.Groups["unit"].Value));
        Take(work, StorageClass(), m => facts.StorageClass = m.Groups["sc"].Value);
        Take(work, ReplicaRange(), m =>
        {
            facts.MinReplicas = Int(m.Groups["min"].Value);
            facts.MaxReplicas = Int(m.Groups["max"].Value);
        });
        Take(work, MinReplicas(), m => facts.MinReplicas = Int(m.Groups["n"].Value));
        Take(work, MaxReplicas(), m => facts.MaxReplicas = Int(m.Groups["n"].Value));
        Take(work, ReplicasAfter(), m => facts.Replicas = Int(m.Groups["n"].Value));
        Take(work, ReplicasBefore(), m => facts.Replicas = Int(m.Groups["n"].Value));
        Take(work, MaxPercent(), m => facts.MaxPercentage = Int(m.Groups["p"].Value));
        Take(work, Percent(), m => facts.Percentage = Int(m.Groups["p"].Value));
        Take(work, TargetPort(), m => facts.TargetPort = Int(m.Groups["t"].Value));
        Take(work, Port(), m => facts.Port = Int(m.Groups["p"].Value));
        Take(work, TlsSecret(), m =>
        {
            facts.Tls = true;
            facts.TlsSecret = m.Groups["secret"].Success ? m.Groups["secret"].Value : null;
        });
        Take(work, Host(), m => facts.Host = m.Groups["host"].Value.ToLowerInvariant());
        Take(work, PathPhrase(), m => facts.Path = m.Groups["path"].Value);
        Take(work, BranchAfter(), m => facts.Branch = m.Groups["b"].Value);
        if (facts.Branch is null)
        {
            Take(work, BranchBefore(), m => facts.Branch = m.Groups["b"].Value);
        }

        Take(work, ChartAfter(), m => facts.Chart = m.Groups["c"].Value.ToLowerInvariant());
        if (facts.Chart is null)
        {
            Take(work, ChartBefore(), m => facts.Chart = m.Groups["c"].Value.ToLowerInvariant());
        }

        Take(work, KeyList(), m => facts.Keys.AddRange(KeySeparator().Split(m.Groups["keys"].Value).Where(k => k.Length > 0)));
        while (Selector().Match(work.ToString()) is { Success: true } pair)
        {
            facts.Selector[pair.Groups["k"].Value] = pair.Groups["v"].Value;
            Blank(work, pair);
        }

        Take(work, ServiceType(), m => facts.ServiceType = m.Groups["t"].Value.ToLowerInvariant().Replace(" ", string.Empty) switch
        {
            "nodeport" => "NodePort",
            "loadbalancer" or "lb" => "LoadBalancer",
            "headless" => "Headless",
            _ => "ClusterIP",
        });
        Take(work, Named(), m => facts.Name = Dns(m.Groups["n"].Value));
        Take(work, ForTarget(), m =>
        {
            var kind = m.Groups["kind"].Success ? KindOf(m.Groups["kind"].Value) : null;
            facts.Target = (kind, Dns(m.Groups["n"].Value));
        });

        ReadKindsAndName(work.ToString(), facts);
        return facts;
    }

    private static void ReadKindsAndName(string rest, RequestFacts facts)
    {
        var found = new List<(int Index, int End, string Kind)>();
        var work = new StringBuilder(rest);
        foreach (var (pattern, kind) in KindPhrases)
        {
            foreach (Match match in pattern.Matches(work.ToString()))
            {
                found.Add((match.Index, match.Index + match.Length, kind));
                Blank(work, match);
            }
        }

        found.Sort((a, b) => a.Index.CompareTo(b.Index));

        // "helmrelease ingress ...": a kind word right after the first kind is that object's name, not a second kind.
        if (facts.Name is null && found.Count > 1 && KindAt(found, rest, found[0].End) is not null)
        {
            var second = found[1];
            facts.Name = Dns(rest[second.Index..second.End]);
            found.RemoveAt(1);
        }

        foreach (var (_, _, kind) in found)
        {
            if (!facts.Kinds.Contains(kind))
            {
                facts.Kinds.Add(kind);
            }
        }

        if (facts.Name is not null || found.Count == 0)
        {
            facts.Name ??= WellKnownApps.Find(rest)?.Name;
            return;
        }

        // "deployment api ..." names after the kind; "redis statefulset ..." before it.
        var first = found[0];
        var after = FirstWord(work.ToString()[first.End..]) is { } word && rest[first.End..].TrimStart().StartsWith(word, StringComparison.Ordinal) ? word : null;
        var before = LastWord(rest[..first.Index]);
        facts.Name = after is not null && KindAt(found, rest, first.End) is null ? Dns(after)
            : before is not null ? Dns(before)
            : WellKnownApps.Find(rest)?.Name;
    }

    private static string? KindAt(List<(int Index, int End, string Kind)> found, string rest, int from)
    {
        var next = from;
        while (next < rest.Length && char.IsWhiteSpace(rest[next]))
        {
            next++;
        }

        return found.FirstOrDefault(f => f.Index == next).Kind;
    }

    private static string? FirstWord(string text)
    {
        var match = Word().Match(text.TrimStart());
        return match.Success && match.Index == 0 && !StopWords.Contains(match.Value) ? match.Value : null;
    }

    private static string? LastWord(string text)
    {
        var trimmed = text.TrimEnd();
        var matches = Word().Matches(trimmed);
        if (matches.Count == 0)
        {
            return null;
        }

        var last = matches[^1];
        return last.Index + last.Length == trimmed.Length && !StopWords.Contains(last.Value) ? last.Value : null;
    }

    public static string? KindOf(string phrase)
    {
        foreach (var (pattern, kind) in KindPhrases)
        {
            if (pattern.IsMatch(" " + phrase + " "))
            {
                return kind;
            }
        }

        return null;
    }

    private static void SetImage(RequestFacts facts, string image)
    {
        image = image.Trim().TrimEnd('.', ',');
        var digest = image.IndexOf('@');
        var slash = image.LastIndexOf('/');
        var colon = image.LastIndexOf(':');
        if (digest > 0)
        {
            facts.Image = image[..digest];
            facts.Tag = image[digest..];
        }
        else if (colon > slash)
        {
            facts.Image = image[..colon];
            facts.Tag = image[(colon + 1)..];
        }
        else
        {
            facts.Image = image;
        }
    }

    /// <summary>A DNS-1123 label from a word the user wrote (lowercase; anything else becomes '-').</summary>
    public static string Dns(string word)
    {
        var builder = new StringBuilder(word.Length);
        foreach (var c in word.ToLowerInvariant())
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c == '-' ? c : '-');
        }

        var name = builder.ToString().Trim('-');
        return name.Length == 0 ? Placeholders.Name : name.Length > 63 ? name[..63].TrimEnd('-') : name;
    }

    private static string NormalizeDuration(string n, string unit) => n + char.ToLowerInvariant(unit[0]) switch
    {
        's' => "s",
        'h' => "h",
        _ => "m",
    };

    private static string NormalizeUnit(string unit) => unit.ToLowerInvariant() switch
    {
        "ki" or "kib" => "Ki",
        "mi" or "mib" => "Mi",
        "gi" or "gib" => "Gi",
        "ti" or "tib" => "Ti",
        "kb" or "k" => "k",
        "mb" or "m" => "M",
        "gb" or "g" => "G",
        "tb" or "t" => "T",
        _ => unit,
    };

    private static int Int(string value) => int.Parse(value, CultureInfo.InvariantCulture);

    private static void Take(StringBuilder work, Regex pattern, Action<Match> read)
    {
        var match = pattern.Match(work.ToString());
        if (match.Success)
        {
            read(match);
            Blank(work, match);
        }
    }

    private static void Blank(StringBuilder work, Match match)
    {
        for (var i = match.Index; i < match.Index + match.Length; i++)
        {
            work[i] = ' ';
        }
    }

    private static Regex Words(string alternatives) =>
        new($@"(?<![\w.-])(?:{alternatives})s?(?![\w.-])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
}
