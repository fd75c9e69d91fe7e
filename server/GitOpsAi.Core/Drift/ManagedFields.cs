using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GitOpsAi.Core.Drift;

/// <summary>Who a field manager is, which decides how much a change by it matters.</summary>
public enum ManagerKind
{
    /// <summary>The GitOps tool that applies the repository (Flux's kustomize-controller, Argo CD).</summary>
    Applier,

    /// <summary>A person at a terminal: kubectl edit/set/patch/scale, k9s, Lens.</summary>
    HandEdit,

    /// <summary>A controller that changes the object as part of its job (the HPA, the VPA, an operator).</summary>
    Controller,

    /// <summary>A client we do not recognise (a script, a CI job).</summary>
    Unknown,
}

/// <summary>One entry of <c>metadata.managedFields</c>: a manager, when it last wrote, and the fields it owns.</summary>
public sealed record FieldManager(string Name, string? Operation, DateTimeOffset? Time, FieldSet? Fields)
{
    public ManagerKind Kind => ManagerKinds.Classify(Name);

    /// <summary>"kubectl-edit, 2 days ago" — the attribution a drift message carries.</summary>
    public string Describe(DateTimeOffset now) => Time is { } time ? $"{Name}, {ManagerKinds.Ago(now - time)}" : Name;

    /// <summary>
    /// True when this manager owns <paramref name="path"/> or an atomic field above it (a <c>{}</c> leaf such as an
    /// RBAC <c>rules</c> list owns everything inside it).
    /// </summary>
    public bool Owns(FieldPath path)
    {
        var node = Fields;
        var depth = 0;
        foreach (var segment in path.Segments)
        {
            if (node is not { } current)
            {
                return false;
            }

            var child = Step(current, segment);
            if (child is null)
            {
                return depth > 0 && current.IsAtomic;
            }

            node = child;
            depth++;
        }

        return node is not null;
    }

    private static FieldSet? Step(FieldSet fields, PathSegment segment)
    {
        if (segment.IsField)
        {
            return fields.Child("f:" + segment.Field);
        }

        if (segment.IsKeyedItem)
        {
            foreach (var (name, value) in fields.Entries)
            {
                if (name.StartsWith("k:", StringComparison.Ordinal) && KeyMatches(name[2..], segment))
                {
                    return value;
                }
            }

            return null;
        }

        return fields.Child("i:" + segment.Index.ToString(CultureInfo.InvariantCulture));
    }

    private static bool KeyMatches(string keyJson, PathSegment segment)
    {
        try
        {
            return JsonNode.Parse(keyJson) is JsonObject key && key[segment.KeyField!] is { } value
                && ValueEquivalence.ScalarsEqual(value, segment.KeyValue);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    public static IReadOnlyList<FieldManager> Read(JsonObject liveObject)
    {
        if (LiveValues.At(liveObject, "metadata")?["managedFields"] is not JsonArray entries)
        {
            return [];
        }

        var managers = new List<FieldManager>();
        foreach (var entry in entries.OfType<JsonObject>())
        {
            if (LiveValues.AsString(entry["manager"]) is not { } name || LiveValues.AsString(entry["subresource"]) == "status")
            {
                continue; // a status writer owns nothing we compare
            }

            DateTimeOffset? time = DateTimeOffset.TryParse(LiveValues.AsString(entry["time"]), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) ? parsed : null;
            managers.Add(new FieldManager(name, LiveValues.AsString(entry["operation"]), time, FieldSet.From(entry["fieldsV1"] as JsonObject)));
        }

        return managers;
    }
}

/// <summary>The table that tells appliers, people and controllers apart by their field-manager names.</summary>
public static class ManagerKinds
{
    /// <summary>Managers of the GitOps tools that apply a repository.</summary>
    public static IReadOnlyList<string> Appliers { get; } =
        ["kustomize-controller", "helm-controller", "argocd-controller", "argocd-application-controller", "argo-cd", "gitops-ai-apply"];

    private static readonly string[] HandPrefixes = ["kubectl", "k9s", "lens", "openlens", "headlamp", "kubernetes-dashboard", "mozilla", "kubie", "kubenav"];

    private static readonly string[] Controllers =
    [
        "kube-controller-manager", "kube-scheduler", "kubelet", "kube-apiserver", "vpa-updater", "vpa-recommender", "vpa-admission-controller",
        "keda-operator", "flagger", "cluster-autoscaler", "external-secrets", "sealed-secrets-controller", "cert-manager-certificates-issuing",
        "cert-manager-cainjector", "linkerd-proxy-injector", "istio-sidecar-injector", "kyverno", "gatekeeper",
    ];

    public static ManagerKind Classify(string manager)
    {
        var name = manager.ToLowerInvariant();
        if (Appliers.Contains(name, StringComparer.Ordinal))
        {
            return ManagerKind.Applier;
        }

        if (HandPrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal)))
        {
            return ManagerKind.HandEdit;
        }

        if (Controllers.Any(controller => name.StartsWith(controller, StringComparison.Ordinal))
            || name.EndsWith("-controller", StringComparison.Ordinal) || name.EndsWith("controller-manager", StringComparison.Ordinal)
            || name.Contains("operator", StringComparison.Ordinal))
        {
            return ManagerKind.Controller;
        }

        return ManagerKind.Unknown;
    }

    /// <summary>"just now", "5 minutes ago", "3 hours ago", "2 days ago".</summary>
    public static string Ago(TimeSpan elapsed)
    {
        if (elapsed < TimeSpan.FromMinutes(1))
        {
            return "just now";
        }

        static string Plural(int count, string unit) => $"{count} {unit}{(count == 1 ? string.Empty : "s")} ago";
        return elapsed.TotalHours < 1 ? Plural((int)elapsed.TotalMinutes, "minute")
            : elapsed.TotalDays < 1 ? Plural((int)elapsed.TotalHours, "hour")
            : Plural((int)elapsed.TotalDays, "day");
    }
}
