namespace GitOpsAi.Core.Generation.Builders;

/// <summary>
/// Flux sources (GitRepository, HelmRepository, OCIRepository), HelmRelease, Kustomization and image automation. A
/// HelmRelease reuses a HelmRepository of the repository that serves its chart, and writes one when there is none.
/// </summary>
internal static class FluxBuilders
{
    private const string Source = "source.toolkit.fluxcd.io/v1";

    /// <summary>Charts whose repository is well known, so "helmrelease for cert-manager" needs no URL.</summary>
    private static readonly Dictionary<string, (string Repository, string Url)> KnownCharts = new(StringComparer.Ordinal)
    {
        ["ingress-nginx"] = ("ingress-nginx", "https://kubernetes.github.io/ingress-nginx"),
        ["cert-manager"] = ("jetstack", "https://charts.jetstack.io"),
        ["podinfo"] = ("podinfo", "oci://ghcr.io/stefanprodan/charts"),
        ["kube-prometheus-stack"] = ("prometheus-community", "https://prometheus-community.github.io/helm-charts"),
        ["grafana"] = ("grafana", "https://grafana.github.io/helm-charts"),
        ["loki"] = ("grafana", "https://grafana.github.io/helm-charts"),
        ["external-secrets"] = ("external-secrets", "https://charts.external-secrets.io"),
        ["sealed-secrets"] = ("sealed-secrets", "https://bitnami-labs.github.io/sealed-secrets"),
        ["traefik"] = ("traefik", "https://traefik.github.io/charts"),
        ["metrics-server"] = ("metrics-server", "https://kubernetes-sigs.github.io/metrics-server"),
        ["redis"] = ("bitnami", "oci://registry-1.docker.io/bitnamicharts"),
        ["postgresql"] = ("bitnami", "oci://registry-1.docker.io/bitnamicharts"),
    };

    public static void GitRepository(BuildContext context)
    {
        var name = context.NameFor("GitRepository");
        var url = context.Facts.RepositoryUrl ?? $"https://github.com/{Placeholders.Marker}/{context.Name}";
        if (context.Facts.RepositoryUrl is null)
        {
            context.Notes.Add("The request gives no repository URL; a CHANGE-ME URL marks it.");
        }

        var body = context.Object(Source, "GitRepository", name);
        body.Add("spec", new YMap
        {
            { "interval", context.Facts.Interval ?? "5m" },
            { "url", url },
            { "ref", new YMap { { "branch", context.Facts.Branch ?? "main" } } },
        });
        context.Add("GitRepository", name, body);
    }

    public static void HelmRepository(BuildContext context)
    {
        var url = context.Facts.RepositoryUrl ?? (context.Facts.Chart is { } chart && KnownCharts.TryGetValue(ChartName(chart), out var known) ? known.Url : null);
        var name = context.Facts.Name ?? (context.Facts.Chart is { } c && KnownCharts.TryGetValue(ChartName(c), out var k) ? k.Repository : null) ?? RepositoryNameFrom(url) ?? context.Name;
        WriteHelmRepository(context, name, url);
    }

    public static void OCIRepository(BuildContext context)
    {
        var name = context.NameFor("OCIRepository");
        var url = context.Facts.RepositoryUrl is { } given && given.StartsWith("oci://", StringComparison.OrdinalIgnoreCase)
            ? given
            : $"oci://ghcr.io/{Placeholders.Marker}/{context.Name}";
        if (url.Contains(Placeholders.Marker, StringComparison.Ordinal))
        {
            context.Notes.Add("The request gives no oci:// URL; a CHANGE-ME URL marks it.");
        }

        var reference = context.Facts.Version is { } version ? new YMap { { "semver", version } }
            : context.Facts.Tag is { } tag ? new YMap { { "tag", tag } }
            : new YMap { { "tag", context.Placeholder("tag or semver range", "e.g. 'version 1.x'") } };
        var body = context.Object(Source, "OCIRepository", name);
        body.Add("spec", new YMap { { "interval", context.Facts.Interval ?? "5m" }, { "url", url }, { "ref", reference } });
        context.Add("OCIRepository", name, body);
    }

    public static void HelmRelease(BuildContext context)
    {
        var chart = ChartName(context.Facts.Chart ?? context.Name);
        var alias = context.Facts.Chart is { } full && full.Contains('/') ? full[..full.IndexOf('/')] : null;
        var name = context.NameFor("HelmRelease");
        var source = HelmSource(context, chart, alias);
        var version = context.Facts.Version ?? (context.Repository.Conventions.ChartVersions.TryGetValue(chart, out var preferred) ? preferred : null);
        if (version is null)
        {
            context.Notes.Add("The request gives no chart version; a CHANGE-ME version marks it (e.g. 'version 1.2.3' or '~1.2.0').");
        }

        var chartSpec = new YMap
        {
            { "chart", chart },
            { "version", version ?? Placeholders.Marker },
            { "sourceRef", source },
            { "interval", "1h" },
        };
        var body = context.Object("helm.toolkit.fluxcd.io/v2", "HelmRelease", name);
        body.Add("spec", new YMap
        {
            { "interval", context.Facts.Interval ?? "10m" },
            { "chart", new YMap { { "spec", chartSpec } } },
            { "install", new YMap { { "remediation", new YMap { { "retries", 3 } } } } },
            { "upgrade", new YMap { { "remediation", new YMap { { "retries", 3 } } } } },
            { "values", new YMap() },
        });
        context.Add("HelmRelease", name, body);
    }

    public static void Kustomization(BuildContext context)
    {
        var name = context.NameFor("Kustomization");
        // Flux refuses a path that does not exist, so an unknown path is the root with a CHANGE-ME comment, not a made-up folder.
        var path = context.Facts.Path ?? "./";
        if (context.Facts.Path is null)
        {
            context.Notes.Add("The request gives no path for the Kustomization; './' is written with a CHANGE-ME comment (e.g. 'path ./apps/api').");
        }

        var body = context.Object("kustomize.toolkit.fluxcd.io/v1", "Kustomization", name);
        body.Add("spec", new YMap
        {
            { "interval", context.Facts.Interval ?? "10m" },
            { "retryInterval", "2m" },
            { "timeout", "5m" },
            { "path", context.Facts.Path is null ? new Commented(path, $"{Placeholders.Marker}: the folder to apply") : path.StartsWith('.') ? path : "." + (path.StartsWith('/') ? path : "/" + path) },
            { "prune", true },
            { "wait", true },
            { "sourceRef", new YMap { { "kind", "GitRepository" }, { "name", GitSource(context) } } },
            { "targetNamespace", context.Facts.Namespace },
        });
        context.Add("Kustomization", name, body);
    }

    public static void ImageRepository(BuildContext context)
    {
        var name = context.NameFor("ImageRepository");
        var image = context.Facts.Image ?? (WellKnownApps.ByImageOrName(null, context.Name)?.Image) ?? $"ghcr.io/{Placeholders.Marker}/{context.Name}";
        if (Placeholders.Contains(image))
        {
            context.Notes.Add("The request names no image to scan; a CHANGE-ME image marks it.");
        }

        var body = context.Object("image.toolkit.fluxcd.io/v1", "ImageRepository", name);
        body.Add("spec", new YMap { { "image", image }, { "interval", context.Facts.Interval ?? "5m" } });
        context.Add("ImageRepository", name, body);
    }

    public static void ImagePolicy(BuildContext context)
    {
        var name = context.NameFor("ImagePolicy");
        var repository = context.Generated("ImageRepository")?.Name ?? context.Name;
        object range = context.Facts.Version is { } version ? version : new Commented(">=1.0.0", "default; say e.g. 'semver ~1.4'");
        var body = context.Object("image.toolkit.fluxcd.io/v1", "ImagePolicy", name);
        body.Add("spec", new YMap
        {
            { "imageRepositoryRef", new YMap { { "name", repository } } },
            { "policy", new YMap { { "semver", new YMap { { "range", range } } } } },
        });
        context.Add("ImagePolicy", name, body);
    }

    public static void ImageUpdateAutomation(BuildContext context)
    {
        var name = context.NameFor("ImageUpdateAutomation");
        var branch = context.Facts.Branch ?? "main";
        var body = context.Object("image.toolkit.fluxcd.io/v1", "ImageUpdateAutomation", name);
        body.Add("spec", new YMap
        {
            { "interval", context.Facts.Interval ?? "30m" },
            { "sourceRef", new YMap { { "kind", "GitRepository" }, { "name", GitSource(context) } } },
            { "git", new YMap
                {
                    { "checkout", new YMap { { "ref", new YMap { { "branch", branch } } } } },
                    { "commit", new YMap
                        {
                            { "author", new YMap { { "name", "fluxcdbot" }, { "email", "fluxcdbot@users.noreply.github.com" } } },
                            { "messageTemplate", "Update images" },
                        }
                    },
                    { "push", new YMap { { "branch", branch } } },
                }
            },
            { "update", new YMap { { "path", context.Facts.Path ?? "./" }, { "strategy", "Setters" } } },
        });
        context.Add("ImageUpdateAutomation", name, body);
    }

    private static string GitSource(BuildContext context) =>
        context.Generated("GitRepository")?.Name ?? context.Repository.FindObject("GitRepository", "source.toolkit.fluxcd.io") ?? "flux-system";

    private static YMap HelmSource(BuildContext context, string chart, string? alias)
    {
        var url = context.Facts.RepositoryUrl ?? (KnownCharts.TryGetValue(chart, out var known) && alias is null ? known.Url : null);
        var existing = context.Repository.HelmRepositories().ToList();
        var reuse = existing.FirstOrDefault(r => url is not null && SameUrl(r.Url, url)) ?? existing.FirstOrDefault(r => alias is not null && r.Name == alias);
        if (reuse is not null)
        {
            var reference = new YMap { { "kind", "HelmRepository" }, { "name", reuse.Name } };
            if (reuse.Namespace is { } ns && ns != context.Namespace)
            {
                reference.Add("namespace", ns);
            }

            return reference;
        }

        var name = context.Generated("HelmRepository")?.Name ?? alias ?? (KnownCharts.TryGetValue(chart, out var k) ? k.Repository : null) ?? RepositoryNameFrom(url) ?? chart;
        if (context.Generated("HelmRepository") is null)
        {
            WriteHelmRepository(context, name, url);
        }

        return new YMap { { "kind", "HelmRepository" }, { "name", name } };
    }

    private static void WriteHelmRepository(BuildContext context, string name, string? url)
    {
        if (url is null)
        {
            context.Notes.Add("The request gives no chart repository URL; a CHANGE-ME URL marks it (e.g. 'from https://charts.example.com').");
            url = $"https://{Placeholders.Marker}.example.com/charts";
        }

        var spec = new YMap { { "interval", "1h" }, { "url", url } };
        if (url.StartsWith("oci://", StringComparison.OrdinalIgnoreCase))
        {
            spec.Add("type", "oci");
        }

        var body = context.Object(Source, "HelmRepository", name);
        body.Add("spec", spec);
        context.Add("HelmRepository", name, body);
    }

    private static string ChartName(string chart) => chart.Contains('/') ? chart[(chart.LastIndexOf('/') + 1)..] : chart;

    private static bool SameUrl(string a, string b) => string.Equals(a.TrimEnd('/'), b.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);

    private static string? RepositoryNameFrom(string? url)
    {
        if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return null;
        }

        var host = uri.Host.Split('.');
        var word = host.Length > 2 && host[0] is "charts" or "helm" or "www" or "registry-1" ? host[1] : host[0];
        return RequestParser.Dns(word);
    }
}
