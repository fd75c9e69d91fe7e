using GitOpsAi.Core.Analysis;
using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Kyverno;
using GitOpsAi.Core.Tests.Support;
using GitOpsAi.Core.Text;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Tests.Kyverno;

/// <summary>
/// Typing in one object of a file of objects decides the policies again on that object alone: the file's other
/// documents keep their Kyverno findings, unless the edit changes what their rules read (a namespace's labels, an object
/// a context entry reads). Findings are always those of a fresh analysis (issue 13).
/// </summary>
public sealed class KyvernoDocumentReuseTests
{
    private static readonly string PolicyPath = InMemoryFileSystem.PathOf("policies/rules.yaml");
    private static readonly string AppsPath = InMemoryFileSystem.PathOf("apps/objects.yaml");

    private const string Policies = """
        apiVersion: kyverno.io/v1
        kind: ClusterPolicy
        metadata:
          name: workloads
        spec:
          rules:
            - name: enough-replicas
              match:
                any:
                  - resources:
                      kinds: [Deployment]
              validate:
                cel:
                  expressions:
                    - expression: "object.spec.replicas >= 2"
                      message: "at least 2 replicas"
            - name: team-label
              match:
                any:
                  - resources:
                      kinds: [Deployment]
              validate:
                message: "a team label is required"
                pattern:
                  metadata:
                    labels:
                      team: "?*"
            - name: production-replicas
              match:
                any:
                  - resources:
                      kinds: [Deployment]
                      namespaceSelector:
                        matchLabels:
                          tier: production
              validate:
                message: "production runs 3 replicas"
                pattern:
                  spec:
                    replicas: ">=3"

        """;

    private const string StrictModePolicy = """
        apiVersion: kyverno.io/v1
        kind: ClusterPolicy
        metadata:
          name: strict-mode
        spec:
          rules:
            - name: strict-replicas
              match:
                any:
                  - resources:
                      kinds: [Deployment]
              context:
                - name: settings
                  configMap:
                    name: settings
                    namespace: shop
              validate:
                message: "strict mode needs 2 replicas"
                deny:
                  conditions:
                    all:
                      - key: "{{ settings.data.mode }}"
                        operator: Equals
                        value: strict
                      - key: "{{ request.object.spec.replicas }}"
                        operator: LessThan
                        value: 2

        """;

    private static string Namespace(string tier) => $"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    tier: {tier}\n";

    private static string Settings(string mode) => $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: shop\ndata:\n  mode: {mode}\n";

    private static string Deployment(int i, int replicas) => $"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web-{i}
          namespace: shop
          labels:
            team: {(i % 2 == 0 ? "shop" : "\"\"")}
        spec:
          replicas: {replicas}
          selector:
            matchLabels:
              app: web-{i}
          template:
            metadata:
              labels:
                app: web-{i}
            spec:
              containers:
                - name: web
                  image: registry.example.com/web:1.0.{i}

        """;

    /// <summary>A ConfigMap and Deployments (the fourth one edited), with their Namespace unless it is elsewhere.</summary>
    private static string Objects(int count, int editedReplicas = 1, string? tier = "production", string mode = "relaxed", string editedKind = "Deployment") =>
        string.Join("---\n", [.. tier is null ? [] : new[] { Namespace(tier) }, Settings(mode), .. Enumerable.Range(0, count).Select(i =>
            i == 3 ? Deployment(i, editedReplicas).Replace("kind: Deployment", $"kind: {editedKind}") : Deployment(i, i % 4))]);

    [TestCase(10, false)]
    [TestCase(50, false)]
    [TestCase(10, true)]
    [TestCase(50, true)]
    public void Typing_in_one_object_decides_the_policies_on_that_object_alone(int deployments, bool namespaceInTheFile)
    {
        var session = namespaceInTheFile
            ? Session(Policies, Objects(deployments))
            : Session(Policies + "---\n" + Namespace("production"), Objects(deployments, tier: null));
        var tier = namespaceInTheFile ? "production" : null;
        session.Edit(Objects(deployments, editedReplicas: 2, tier: tier)); // the first keystroke checks the file whole
        var evaluated = KyvernoAnalyzer.RulesEvaluatedOnThisThread;

        session.Edit(Objects(deployments, editedReplicas: 3, tier: tier));

        Assert.That(KyvernoAnalyzer.RulesEvaluatedOnThisThread - evaluated, Is.EqualTo(3), "the three rules, on the edited Deployment");
        Assert.That(Described(session.Findings), Is.EqualTo(Described(session.Fresh())));
    }

    [TestCase(true, 1)]
    [TestCase(false, 0)]
    public void A_file_is_checked_document_by_document_only_where_some_rule_is_offered_its_objects(bool withPolicies, int checkedByDocument)
    {
        // Without any policy the file's findings are its unsupported-kind notes: keeping them per document cost more than
        // making them again (2 MB a keystroke in a file of 1,000 documents).
        var session = Session(withPolicies ? Policies : Settings("relaxed"), Objects(10));
        session.Edit(Objects(10, editedReplicas: 2));
        var before = KyvernoAnalyzer.FilesCheckedByDocumentOnThisThread;

        session.Edit(Objects(10, editedReplicas: 3));

        Assert.That(KyvernoAnalyzer.FilesCheckedByDocumentOnThisThread - before, Is.EqualTo(checkedByDocument));
        Assert.That(Described(session.Findings), Is.EqualTo(Described(session.Fresh())));
    }

    [Test]
    public void Editing_a_namespace_s_labels_in_the_file_decides_again_the_objects_of_that_namespace()
    {
        var session = Session(Policies, Objects(10));
        session.Edit(Objects(10, editedReplicas: 2));

        session.Edit(Objects(10, editedReplicas: 2, tier: "staging"));

        Assert.That(session.Findings.Where(d => d.Code.EndsWith("production-replicas", StringComparison.Ordinal)), Is.Empty);
        Assert.That(Described(session.Findings), Is.EqualTo(Described(session.Fresh())));
    }

    [Test]
    public void Editing_a_config_map_a_context_entry_reads_decides_again_every_object_of_the_file()
    {
        var session = Session(Policies + "---\n" + StrictModePolicy + "---\n" + Namespace("production"), Objects(10, tier: null));
        session.Edit(Objects(10, editedReplicas: 2, tier: null));
        Assert.That(session.Findings.Where(d => d.Code.EndsWith("strict-replicas", StringComparison.Ordinal)), Is.Empty);

        session.Edit(Objects(10, editedReplicas: 2, tier: null, mode: "strict"));

        Assert.That(session.Findings.Count(d => d.Code.EndsWith("strict-replicas", StringComparison.Ordinal)), Is.EqualTo(6));
        Assert.That(Described(session.Findings), Is.EqualTo(Described(session.Fresh())));
    }

    [Test]
    public void A_document_turned_into_another_kind_loses_the_findings_of_its_old_kind()
    {
        var session = Session(Policies, Objects(10));
        session.Edit(Objects(10, editedReplicas: 0));
        Assert.That(session.Findings.Count(d => d.Code.EndsWith("enough-replicas", StringComparison.Ordinal)), Is.EqualTo(7));

        session.Edit(Objects(10, editedReplicas: 0, editedKind: "StatefulSet"));

        Assert.That(session.Findings.Count(d => d.Code.EndsWith("enough-replicas", StringComparison.Ordinal)), Is.EqualTo(6));
        Assert.That(Described(session.Findings), Is.EqualTo(Described(session.Fresh())));
    }

    private static IEnumerable<(string, DiagnosticSeverity, TextSpan, string)> Described(IReadOnlyList<Diagnostic> findings) =>
        findings.Where(d => d.Source == DiagnosticSources.Kyverno).Select(d => (d.Code, d.Severity, d.Span, d.Message));

    private static TypingSession Session(string policies, string objects) => new(PolicyPath, policies, AppsPath, objects);
}
