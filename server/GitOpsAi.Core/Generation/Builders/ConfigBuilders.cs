namespace GitOpsAi.Core.Generation.Builders;

/// <summary>
/// ConfigMap, and secrets as an ExternalSecret (reusing a SecretStore of the repository) or a SealedSecret skeleton:
/// never a plain Secret with values, since those would be committed in clear text.
/// </summary>
internal static class ConfigBuilders
{
    public static void ConfigMap(BuildContext context)
    {
        var name = context.NameFor("ConfigMap");
        var data = new YMap();
        foreach (var (key, value) in context.Facts.Selector)
        {
            data.Add(key, value);
        }

        foreach (var key in context.Facts.Keys.Where(k => !context.Facts.Selector.ContainsKey(k)))
        {
            data.Add(key, new Commented(Placeholders.Marker, "the value of " + key));
        }

        if (data.IsEmpty)
        {
            data.Add("example", new Commented(Placeholders.Marker, "add the keys this configuration needs, e.g. 'configmap settings with LOG_LEVEL=info'"));
            context.Notes.Add("The request gives no keys for the ConfigMap; a CHANGE-ME entry marks where they go.");
        }

        var body = context.Object("v1", "ConfigMap", name, labels: context.PodLabels(context.Name));
        body.Add("data", data);
        context.Add("ConfigMap", name, body);
    }

    public static void ExternalSecret(BuildContext context)
    {
        var name = context.NameFor("ExternalSecret");
        var (storeKind, storeName) = SecretStore(context);
        var body = context.Object("external-secrets.io/v1", "ExternalSecret", name, labels: context.PodLabels(context.Name));
        body.Add("spec", new YMap
        {
            { "refreshInterval", context.Facts.Interval ?? "1h" },
            { "secretStoreRef", new YMap { { "kind", storeKind }, { "name", storeName } } },
            { "target", new YMap { { "name", name }, { "creationPolicy", "Owner" } } },
            { "data", context.Facts.Keys.Count == 0 ? null : new YSeq(context.Facts.Keys.Select(key => (object?)new YMap
                {
                    { "secretKey", key },
                    { "remoteRef", new YMap { { "key", name }, { "property", key } } },
                }))
            },
            { "dataFrom", context.Facts.Keys.Count > 0 ? null : new YSeq { new YMap { { "extract", new YMap { { "key", new Commented(name, "the key of this secret in the store") } } } } } },
        });
        context.Add("ExternalSecret", name, body);
    }

    public static void SealedSecret(BuildContext context)
    {
        var name = context.NameFor("SealedSecret");
        var body = context.Object("bitnami.com/v1alpha1", "SealedSecret", name, labels: context.PodLabels(context.Name));
        var metadata = new YMap { { "name", name } };
        if (context.Namespace is { } ns)
        {
            metadata.Add("namespace", ns);
        }

        context.Notes.Add("The SealedSecret is a skeleton: seal each value with 'kubeseal --raw' (or the plain-secret fix) and add it under encryptedData.");
        body.Add("spec", new YMap
        {
            { "encryptedData", new YMap() },
            { "template", new YMap { { "metadata", metadata }, { "type", "Opaque" } } },
        });
        context.Add("SealedSecret", name, body);
    }

    private static (string Kind, string Name) SecretStore(BuildContext context)
    {
        foreach (var kind in (string[])["ClusterSecretStore", "SecretStore"])
        {
            if (context.Repository.FindObject(kind, "external-secrets.io") is { } store)
            {
                return (kind, store);
            }
        }

        return ("ClusterSecretStore", context.Placeholder("secret store", "the ClusterSecretStore or SecretStore to read from").ToLowerInvariant());
    }
}
