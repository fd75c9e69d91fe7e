using GitOpsAi.Core.Workspace;
using static GitOpsAi.Core.Tests.Kyverno.KyvernoTestSupport;

namespace GitOpsAi.Core.Tests.Analysis;

/// <summary>kubectl applies the items of a List, not the List: rules, Kyverno and cross-object lookups see each item.</summary>
public sealed class ListItemObjectsTests
{
    private static IReadOnlyList<TextSpan> Spans(string markupText, string code, out Markup markup, params (string Path, string Text)[] others)
    {
        markup = Markup.Parse(markupText);
        var fileSystem = new InMemoryFileSystem().Add("apps/list.yaml", markup.Text);
        foreach (var (path, text) in others)
        {
            fileSystem.Add(path, text);
        }

        return TestAnalysis.AnalyzeAll(fileSystem, "apps/list.yaml").Where(d => d.Code == code).Select(d => d.Span).OrderBy(s => s.Start).ToList();
    }

    [Test]
    public void A_rule_reports_on_an_item_of_a_v1_List_at_the_items_own_field()
    {
        var spans = Spans("""
            apiVersion: v1
            kind: List
            items:
              - apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: settings
                data:
                  mode: fast
              - apiVersion: v1
                kind: Pod
                metadata:
                  name: debug
                spec:
                  containers:
                    - name: shell
                      image: busybox:1.36
                      securityContext:
                        privileged: [|true|]
            """, "privileged-container", out var markup);
        Assert.That(spans, Is.EqualTo(markup.Spans));
    }

    [Test]
    public void An_item_of_a_typed_list_without_apiVersion_and_kind_is_checked_as_the_kind_the_list_names()
    {
        var spans = Spans("""
            apiVersion: v1
            kind: ConfigMapList
            items:
              - metadata:
                  name: plain
                data:
                  greeting: hello
              - metadata:
                  name: database
                data:
                  DB_PASSWORD: [|hunter2horse|]
            """, "sensitive-configmap-content", out var markup);
        Assert.That(spans, Is.EqualTo(markup.Spans));
    }

    [Test]
    public void An_object_in_another_file_finds_its_target_among_the_items_of_a_List()
    {
        const string service = """
            apiVersion: v1
            kind: Service
            metadata:
              name: web
            spec:
              selector: {app: web}
              ports:
                - port: 80
            """;
        var withDeploymentInList = new InMemoryFileSystem().Add("apps/service.yaml", service).Add("apps/list.yaml", """
            apiVersion: v1
            kind: List
            items:
              - apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                spec:
                  selector:
                    matchLabels: {app: web}
                  template:
                    metadata:
                      labels: {app: web}
                    spec:
                      containers:
                        - name: web
                          image: example/web:1.0
            """);
        var alone = new InMemoryFileSystem().Add("apps/service.yaml", service);

        Assert.Multiple(() =>
        {
            Assert.That(TestAnalysis.AnalyzeAll(withDeploymentInList, "apps/service.yaml").Where(d => d.Code == "dangling-service"), Is.Empty);
            Assert.That(TestAnalysis.AnalyzeAll(alone, "apps/service.yaml").Where(d => d.Code == "dangling-service"), Is.Not.Empty, "the check can fail");
        });
    }

    [Test]
    public void A_Kyverno_policy_is_evaluated_on_each_item_of_a_List_at_the_item()
    {
        var policy = Policy("""
                    message: "The label team is required."
                    pattern:
                      metadata:
                        labels:
                          team: "?*"
            """, kinds: "ConfigMap");
        var diagnostics = Evaluate(policy, """
            apiVersion: v1
            kind: List
            items:
              - apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: owned
                  labels:
                    team: payments
              - apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: orphan
                  [|labels|]:
                    app: web
            """, out var markup);

        var finding = AssertAt(diagnostics, markup).Single();
        Assert.That(finding.Message, Does.Contain("The label team is required."));
    }

    [Test]
    public void A_list_is_replaced_by_its_items_and_items_that_are_not_objects_are_left_to_schema_validation()
    {
        var workspace = WorkspaceLoader.Load(InMemoryFileSystem.Root, new InMemoryFileSystem().Add("list.yaml", """
            apiVersion: v1
            kind: List
            items:
              - apiVersion: v1
                kind: ConfigMap
                metadata: {name: a}
              - just a string
              - metadata: {name: no-identity}
            ---
            apiVersion: v1
            kind: Secret
            metadata: {name: b}
            """));
        var file = workspace.GetFile(InMemoryFileSystem.PathOf("list.yaml"))!;

        Assert.Multiple(() =>
        {
            Assert.That(file.Manifests.Select(m => m.Kind), Is.EqualTo(new[] { "List", "Secret" }));
            Assert.That(file.Objects.Select(m => $"{m.Kind}/{m.Name}"), Is.EqualTo(new[] { "ConfigMap/a", "Secret/b" }));
            Assert.That(workspace.ObjectsNamed("ConfigMap", "a"), Is.Not.Empty);
        });
    }

    [Test]
    public void A_list_after_other_objects_is_replaced_by_its_items_and_a_kind_named_like_a_list_without_items_is_an_object()
    {
        var workspace = WorkspaceLoader.Load(InMemoryFileSystem.Root, new InMemoryFileSystem().Add("lists.yaml", """
            apiVersion: v1
            kind: Secret
            metadata: {name: first}
            ---
            apiVersion: example.com/v1
            kind: WidgetList
            metadata: {name: no-items}
            ---
            apiVersion: v1
            kind: ConfigMapList
            items:
              - metadata: {name: typed}
            """));
        var file = workspace.GetFile(InMemoryFileSystem.PathOf("lists.yaml"))!;

        Assert.That(file.Objects.Select(m => $"{m.Kind}/{m.Name}"), Is.EqualTo(new[] { "Secret/first", "WidgetList/no-items", "ConfigMap/typed" }));
    }

    private const string Autoscaler = """
        apiVersion: autoscaling/v2
        kind: HorizontalPodAutoscaler
        metadata:
          name: web
          namespace: shop
        spec:
          scaleTargetRef:
            apiVersion: apps/v1
            kind: Deployment
            name: web
          minReplicas: 2
          maxReplicas: 5

        """;

    private const string Workload = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: shop
        spec:
          selector:
            matchLabels:
              app: web
          template:
            metadata:
              labels:
                app: web
            spec:
              containers:
                - name: web
                  image: registry.example.com/web:1.0.0

        """;

    /// <summary>The autoscaler as a List item; with <paramref name="live"/>, as kubectl get prints it (uid, resourceVersion, status).</summary>
    private static string AutoscalerList(bool live) => "apiVersion: v1\nkind: List\nmetadata:\n  resourceVersion: \"\"\nitems:\n"
        + string.Concat(Autoscaler.Replace("  namespace: shop\n", live ? "  namespace: shop\n  uid: 7c1d0b1e-0000-4000-8000-000000000001\n  resourceVersion: \"4711\"\n" : "  namespace: shop\n", StringComparison.Ordinal)
            .Split('\n').Where(line => line.Length > 0).Select((line, i) => (i == 0 ? "  - " : "    ") + line + "\n"))
        + (live ? "    status:\n      currentReplicas: 2\n" : "");

    [Test]
    public void A_cluster_snapshot_in_the_repository_is_not_desired_state_and_duplicates_nothing()
    {
        var fileSystem = new InMemoryFileSystem().Add("apps/web.yaml", Workload + "---\n" + Autoscaler).Add("snapshots/prod.yaml", AutoscalerList(live: true));

        var findings = TestAnalysis.AnalyzeAll(fileSystem, "apps/web.yaml");

        Assert.That(findings.Where(d => d.Code == "duplicate-hpa"), Is.Empty, "the live copy of the autoscaler is not a second autoscaler");
        Assert.That(TestAnalysis.AnalyzeAll(fileSystem, "snapshots/prod.yaml").Where(d => d.Source == DiagnosticSources.Policy), Is.Empty, "live objects get no policy findings");
    }

    [Test]
    public void A_list_written_by_hand_is_desired_state_and_its_autoscaler_counts()
    {
        var fileSystem = new InMemoryFileSystem().Add("apps/web.yaml", Workload + "---\n" + Autoscaler).Add("apps/more.yaml", AutoscalerList(live: false));

        var findings = TestAnalysis.AnalyzeAll(fileSystem, "apps/web.yaml");

        Assert.That(findings.Where(d => d.Code == "duplicate-hpa"), Is.Not.Empty);
    }
}
