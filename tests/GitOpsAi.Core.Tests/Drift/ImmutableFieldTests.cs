using GitOpsAi.Core.Analysis;
using GitOpsAi.Core.Drift;
using GitOpsAi.Core.Workspace;
using static GitOpsAi.Core.Tests.Drift.DriftTestKit;

namespace GitOpsAi.Core.Tests.Drift;

public sealed class ImmutableFieldTests
{
    private sealed class FakeHead(string text) : IGitHead
    {
        public string? Read(string absolutePath) => text;
    }

    private static IReadOnlyList<Diagnostic> AgainstHead(string head, string current)
    {
        var files = new InMemoryFileSystem().Add("app.yaml", current);
        var workspace = WorkspaceLoader.Load(InMemoryFileSystem.Root, files);
        var analyzer = new Analyzer(AnalyzerFeatures.Core, [new ImmutableHeadAnalyzer(new FakeHead(head))]);
        return analyzer.Analyze(workspace, workspace.GetFile(InMemoryFileSystem.PathOf("app.yaml"))!).Diagnostics.Where(d => d.Code == "immutable-field-change").ToList();
    }

    [Test]
    public void A_selector_changed_against_the_live_object_is_an_error_at_the_selector_that_says_to_recreate()
    {
        var desired = Deployment.Replace("  selector:\n    matchLabels:\n      app: web", "  selector:\n    [|matchLabels:\n      app: web2|]", StringComparison.Ordinal);
        var markup = Markup.Parse(desired);

        var error = DriftOf(markup.Text, LiveDeployment()).Single(d => d.Code == "immutable-field-change");

        Assert.That(error.Severity, Is.EqualTo(DiagnosticSeverity.Error));
        Assert.That(markup.Span.Start, Is.EqualTo(error.Span.Start));
        Assert.That(error.Message, Does.Contain("spec.selector of a Deployment is immutable and differs from the live object"));
        Assert.That(error.Message, Does.Contain("Flux will retry it forever").And.Contain("recreate"));
    }

    [Test]
    public void A_selector_changed_against_Git_HEAD_is_an_error_with_no_cluster_at_all()
    {
        var changed = Deployment.Replace("  selector:\n    matchLabels:\n      app: web", "  selector:\n    matchLabels:\n      app: web2", StringComparison.Ordinal);

        var error = AgainstHead(Deployment, changed).Single();

        Assert.That(error.Message, Does.Contain("differs from Git HEAD"));
    }

    [Test]
    public void An_unchanged_file_against_HEAD_has_no_immutable_finding()
    {
        Assert.That(AgainstHead(Deployment, Deployment), Is.Empty);
    }

    [Test]
    public void Live_server_defaults_inside_an_immutable_field_do_not_count_as_a_change()
    {
        const string git = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: { name: db, namespace: shop }\nspec:\n  serviceName: db\n  selector: { matchLabels: { app: db } }\n  volumeClaimTemplates:\n    - metadata: { name: data }\n      spec: { accessModes: [ReadWriteOnce], resources: { requests: { storage: 1Gi } } }\n";
        const string live = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: { name: db, namespace: shop }\nspec:\n  serviceName: db\n  selector: { matchLabels: { app: db } }\n  podManagementPolicy: OrderedReady\n  volumeClaimTemplates:\n    - apiVersion: v1\n      kind: PersistentVolumeClaim\n      metadata: { name: data }\n      spec: { accessModes: [ReadWriteOnce], resources: { requests: { storage: 1Gi } }, volumeMode: Filesystem }\n      status: { phase: Pending }\n";

        Assert.That(DriftOf(git, live).Where(d => d.Code == "immutable-field-change"), Is.Empty);
        Assert.That(DriftOf(git.Replace("serviceName: db", "serviceName: db-headless", StringComparison.Ordinal), live).Count(d => d.Code == "immutable-field-change"), Is.EqualTo(1));
    }

    [TestCase("storageClassName: fast", "storageClassName: slow", "spec.storageClassName")]
    [TestCase("accessModes: [ReadWriteOnce]", "accessModes: [ReadWriteMany]", "spec.accessModes")]
    [TestCase("storage: 10Gi", "storage: 5Gi", "cannot shrink")]
    public void PVC_storage_class_access_modes_and_a_smaller_size_are_immutable(string before, string after, string expected)
    {
        const string pvc = "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: { name: data, namespace: shop }\nspec:\n  storageClassName: fast\n  accessModes: [ReadWriteOnce]\n  resources:\n    requests:\n      storage: 10Gi\n";

        Assert.That(AgainstHead(pvc, pvc.Replace(before, after, StringComparison.Ordinal)).Single().Message, Does.Contain(expected));
        Assert.That(AgainstHead(pvc, pvc.Replace("storage: 10Gi", "storage: 20Gi", StringComparison.Ordinal)), Is.Empty, "growing a claim is allowed");
    }

    [Test]
    public void Changing_the_data_of_an_immutable_ConfigMap_is_an_error_at_the_key()
    {
        const string head = "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: flags, namespace: shop }\nimmutable: true\ndata:\n  mode: fast\n";
        var markup = Markup.Parse("apiVersion: v1\nkind: ConfigMap\nmetadata: { name: flags, namespace: shop }\nimmutable: true\ndata:\n  [|mode|]: slow\n");

        var error = AgainstHead(head, markup.Text).Single();

        Assert.That(error.Span, Is.EqualTo(markup.Span));
        Assert.That(error.Message, Does.Contain("new name"));
    }

    [Test]
    public void An_immutable_Secret_is_checked_by_key_names_and_its_values_are_never_shown()
    {
        const string head = "apiVersion: v1\nkind: Secret\nmetadata: { name: s, namespace: shop }\nimmutable: true\ndata:\n  a: b2xk\n";

        Assert.That(AgainstHead(head, head.Replace("b2xk", "bmV3", StringComparison.Ordinal)), Is.Empty, "values are never compared");
        var error = AgainstHead(head, head + "  extra: c2VjcmV0\n").Single();
        Assert.That(error.Message, Does.Contain("'extra'").And.Not.Contain("c2VjcmV0"));
    }

    [Test]
    public void A_Service_cluster_IP_change_is_immutable()
    {
        const string svc = "apiVersion: v1\nkind: Service\nmetadata: { name: web, namespace: shop }\nspec:\n  clusterIP: 10.96.0.10\n  ports: [{ port: 80 }]\n";

        Assert.That(AgainstHead(svc, svc.Replace("10.96.0.10", "10.96.0.11", StringComparison.Ordinal)).Single().Message, Does.Contain("spec.clusterIP"));
    }

    private static string Workload(string kind, string spec) =>
        $"apiVersion: {(kind == "Job" ? "batch/v1" : "apps/v1")}\nkind: {kind}\nmetadata: {{ name: x, namespace: shop }}\nspec:\n{spec}";

    // Each immutable field the issue lists: changed against the live object (or, for a Job, against Git HEAD only: the
    // server adds its controller-uid labels to the live selector and template), an error at that field.
    [TestCase("Deployment", "spec.selector", "  selector: { matchLabels: { app: a } }\n", "app: a", "app: b")]
    [TestCase("ReplicaSet", "spec.selector", "  selector: { matchLabels: { app: a } }\n", "app: a", "app: b")]
    [TestCase("DaemonSet", "spec.selector", "  selector: { matchLabels: { app: a } }\n", "app: a", "app: b")]
    [TestCase("StatefulSet", "spec.selector", "  selector: { matchLabels: { app: a } }\n", "app: a", "app: b")]
    [TestCase("StatefulSet", "spec.serviceName", "  serviceName: db\n", "serviceName: db", "serviceName: db2")]
    [TestCase("StatefulSet", "spec.podManagementPolicy", "  podManagementPolicy: OrderedReady\n", "OrderedReady", "Parallel")]
    [TestCase("StatefulSet", "spec.volumeClaimTemplates", "  volumeClaimTemplates: [{ metadata: { name: data }, spec: { resources: { requests: { storage: 1Gi } } } }]\n", "storage: 1Gi", "storage: 2Gi")]
    public void Each_immutable_workload_field_changed_against_the_live_object_is_an_error_at_that_field(string kind, string field, string spec, string from, string to)
    {
        var live = Workload(kind, spec);
        var git = live.Replace(from, to, StringComparison.Ordinal);

        var errors = DriftOf(git, live).Where(d => d.Code == "immutable-field-change").ToList();

        Assert.That(errors.Select(e => e.Severity), Is.EqualTo(new[] { DiagnosticSeverity.Error }));
        Assert.That(errors[0].Message, Does.StartWith($"{field} of a {kind} is immutable and differs from the live object"));
        var key = field.Split('.')[1] + ": ";
        Assert.That(errors[0].Span.Start, Is.EqualTo(git.IndexOf(key, StringComparison.Ordinal) + key.Length), "the error sits at the field's value");
    }

    [TestCase("spec.selector", "  selector: { matchLabels: { app: a } }\n  template: { metadata: { labels: { app: a } } }\n", "{ app: a } }\n  template", "{ app: b } }\n  template")]
    [TestCase("spec.template", "  template: { spec: { containers: [{ name: c, image: busybox:1 }] } }\n", "busybox:1", "busybox:2")]
    public void A_Job_selector_or_template_changed_against_Git_HEAD_is_an_error_but_not_against_the_live_object(string field, string spec, string from, string to)
    {
        var head = Workload("Job", spec);
        var changed = head.Replace(from, to, StringComparison.Ordinal);

        Assert.That(AgainstHead(head, changed).Single().Message, Does.StartWith($"{field} of a Job is immutable and differs from Git HEAD"));
        Assert.That(DriftOf(changed, head).Where(d => d.Code == "immutable-field-change"), Is.Empty, "the live Job's selector and template carry server-added labels");
    }

    [Test]
    public void A_Service_changed_away_from_ExternalName_is_an_error_at_its_type()
    {
        const string live = "apiVersion: v1\nkind: Service\nmetadata: { name: db, namespace: shop }\nspec:\n  type: ExternalName\n  externalName: db.example.com\n";
        var git = Markup.Parse("apiVersion: v1\nkind: Service\nmetadata: { name: db, namespace: shop }\nspec:\n  type: [|ClusterIP|]\n  ports: [{ port: 5432 }]\n");

        var error = DriftOf(git.Text, live).Single(d => d.Code == "immutable-field-change");

        Assert.That(error.Span.Start, Is.EqualTo(git.Span.Start));
        Assert.That(error.Message, Does.Contain("from ExternalName to ClusterIP"));
        Assert.That(DriftOf(live, live).Where(d => d.Code == "immutable-field-change"), Is.Empty);
    }
}
