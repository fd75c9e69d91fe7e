using GitOpsAi.Core.Drift;
using static GitOpsAi.Core.Tests.Drift.DriftTestKit;

namespace GitOpsAi.Core.Tests.Drift;

public sealed class DriftObjectsAndSecretsTests
{
    private const string Secret = """
        apiVersion: v1
        kind: Secret
        metadata: { name: db, namespace: shop }
        type: Opaque
        stringData:
          username: app
          [|password|]: hunter2-in-git
        """;

    [Test]
    public void A_Secret_is_compared_by_key_names_and_no_value_reaches_a_message()
    {
        var markup = Markup.Parse(Secret);
        var live = """
            apiVersion: v1
            kind: Secret
            metadata: { name: db, namespace: shop }
            type: Opaque
            data:
              username: c29tZW9uZS1lbHNl
              token: bGl2ZS1vbmx5LXNlY3JldA==
            """;

        var diagnostics = DriftOf(markup.Text, live);

        var all = string.Join("\n", diagnostics.Select(d => d.Message + string.Join(",", d.Properties?.Values ?? [])));
        Assert.Multiple(() =>
        {
            Assert.That(diagnostics.Select(d => d.Span), Does.Contain(markup.Span), "the key Git has and the cluster lacks");
            Assert.That(all, Does.Contain("data.password"));
            Assert.That(all, Does.Contain("data.token"), "the key only the cluster has");
            Assert.That(all, Does.Not.Contain("c29tZW9uZS1lbHNl").And.Not.Contain("bGl2ZS1vbmx5").And.Not.Contain("hunter2"));
            Assert.That(all, Does.Not.Contain("username"), "equal key names are in sync, whatever their values");
        });
    }

    [Test]
    public void The_parsed_API_response_a_Secret_came_from_holds_no_value_once_the_live_object_is_made()
    {
        var list = (System.Text.Json.Nodes.JsonObject)System.Text.Json.Nodes.JsonNode.Parse(
            "{\"kind\":\"SecretList\",\"items\":[{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"s\",\"namespace\":\"n\"},\"data\":{\"k\":\"c2VjcmV0\"},\"stringData\":{\"p\":\"hunter2\"}}]}")!;

        var live = LiveObject.From((System.Text.Json.Nodes.JsonObject)list["items"]![0]!)!;

        Assert.That(list.ToJsonString(), Does.Not.Contain("c2VjcmV0").And.Not.Contain("hunter2"));
        Assert.That(live.Root.ToJsonString(), Does.Contain("\"k\"").And.Contain("\"p\""));
    }

    [Test]
    public void A_live_Secret_keeps_no_value_once_read()
    {
        var (objects, _) = LiveSnapshotReader.Read("apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n  namespace: n\n  annotations:\n    kubectl.kubernetes.io/last-applied-configuration: '{\"data\":{\"k\":\"c2VjcmV0\"}}'\ndata:\n  k: c2VjcmV0\n");

        var json = objects.Single().Root.ToJsonString();

        Assert.That(json, Does.Not.Contain("c2VjcmV0"));
        Assert.That(json, Does.Contain("\"k\""));
    }

    [Test]
    public void An_object_Git_has_and_the_cluster_lacks_is_a_warning_at_its_name()
    {
        var markup = Markup.Parse("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [|settings|]\n  namespace: shop\ndata: { a: b }\n");
        var live = "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: other, namespace: shop }\ndata: { a: b }\n";

        var drift = DriftOf(markup.Text, live).Single(d => d.Code == "drift-missing");

        Assert.That(drift.Span, Is.EqualTo(markup.Span));
        Assert.That(drift.Severity, Is.EqualTo(DiagnosticSeverity.Warning));
        Assert.That(drift.Message, Does.StartWith("ConfigMap shop/settings is not in test-cluster"));
    }

    [Test]
    public void An_object_of_a_kind_the_live_state_did_not_list_is_not_called_missing()
    {
        var live = "apiVersion: v1\nkind: Service\nmetadata: { name: other, namespace: shop }\nspec: {}\n";

        Assert.That(DriftOf("apiVersion: v1\nkind: ConfigMap\nmetadata: { name: settings, namespace: shop }\n", live).Where(d => d.Code == "drift-missing"), Is.Empty);
    }

    [Test]
    public void Unmanaged_objects_in_a_Git_managed_namespace_are_one_information_at_the_namespace_object()
    {
        var files = new InMemoryFileSystem()
            .Add("ns.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: [|shop|]\n".Replace("[|", string.Empty, StringComparison.Ordinal).Replace("|]", string.Empty, StringComparison.Ordinal))
            .Add("app.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: settings, namespace: shop }\ndata: { a: b }\n");
        var live = Live("""
            apiVersion: v1
            kind: List
            items:
              - { apiVersion: v1, kind: Namespace, metadata: { name: shop } }
              - { apiVersion: v1, kind: ConfigMap, metadata: { name: settings, namespace: shop }, data: { a: b } }
              - { apiVersion: v1, kind: ConfigMap, metadata: { name: scratch, namespace: shop }, data: { x: y } }
              - { apiVersion: apps/v1, kind: Deployment, metadata: { name: debug-shell, namespace: shop }, spec: {} }
              - { apiVersion: v1, kind: ConfigMap, metadata: { name: kube-root-ca.crt, namespace: shop } }
              - { apiVersion: v1, kind: ServiceAccount, metadata: { name: default, namespace: shop } }
              - { apiVersion: apps/v1, kind: ReplicaSet, metadata: { name: web-5d4f, namespace: shop, ownerReferences: [{ kind: Deployment, name: web }] } }
              - { apiVersion: v1, kind: ConfigMap, metadata: { name: rendered, namespace: shop, labels: { kustomize.toolkit.fluxcd.io/name: apps } } }
              - { apiVersion: v1, kind: ConfigMap, metadata: { name: elsewhere, namespace: other } }
            """);

        var onNamespace = DriftOf(files, "ns.yaml", live);
        var onConfigMap = DriftOf(files, "app.yaml", live);

        var unmanaged = onNamespace.Single();
        Assert.That(unmanaged.Code, Is.EqualTo("drift-unmanaged"));
        Assert.That(unmanaged.Severity, Is.EqualTo(DiagnosticSeverity.Information));
        Assert.That(unmanaged.Message, Does.StartWith("2 objects are in namespace shop of test-cluster that no Git source produces: ConfigMap scratch, Deployment debug-shell."));
        Assert.That(onConfigMap, Is.Empty);
    }

    [Test]
    public void Unmanaged_objects_are_reported_once_per_namespace_at_the_Flux_Kustomization_that_targets_it()
    {
        var files = new InMemoryFileSystem()
            .Add("flux.yaml", "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: { name: shop, namespace: flux-system }\nspec:\n  interval: 10m\n  path: ./apps\n  targetNamespace: shop\n  sourceRef: { kind: GitRepository, name: flux-system }\n")
            .Add("ns.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: { name: shop }\n")
            .Add("apps/a.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: a, namespace: shop }\ndata: { k: v }\n")
            .Add("apps/b.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: b, namespace: shop }\ndata: { k: v }\n");
        var live = Live("""
            apiVersion: v1
            kind: List
            items:
              - { apiVersion: v1, kind: Namespace, metadata: { name: shop } }
              - { apiVersion: v1, kind: ConfigMap, metadata: { name: a, namespace: shop }, data: { k: v } }
              - { apiVersion: v1, kind: ConfigMap, metadata: { name: b, namespace: shop }, data: { k: v } }
              - { apiVersion: v1, kind: ConfigMap, metadata: { name: scratch, namespace: shop }, data: { x: y } }
              - { apiVersion: v1, kind: Secret, metadata: { name: hand-made, namespace: shop }, data: { x: eQ== } }
            """);

        var byFile = new[] { "flux.yaml", "ns.yaml", "apps/a.yaml", "apps/b.yaml" }
            .ToDictionary(f => f, f => DriftOf(files, f, live).Where(d => d.Code == "drift-unmanaged").ToList());

        Assert.That(byFile.Values.Sum(d => d.Count), Is.EqualTo(1), "one finding for the namespace, however many files place objects in it");
        Assert.That(byFile["flux.yaml"].Single().Message, Does.StartWith("2 objects are in namespace shop of test-cluster that no Git source produces: ConfigMap scratch, Secret hand-made."));
    }

    [Test]
    public void A_snapshot_reads_a_List_and_several_documents_and_reports_a_bad_document_by_line()
    {
        var text = "apiVersion: v1\nkind: List\nitems:\n  - { apiVersion: v1, kind: ConfigMap, metadata: { name: a, namespace: n } }\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: b, namespace: n }\n---\n- just a list\n---\nkind: ConfigMap\nmetadata: {}\n";

        var (objects, problems) = LiveSnapshotReader.Read(text);

        Assert.That(objects.Select(o => o.Key.Name), Is.EqualTo(new[] { "a", "b" }));
        Assert.That(problems.Select(p => p.Line), Is.EqualTo(new[] { 10, 12 }));
    }
}
