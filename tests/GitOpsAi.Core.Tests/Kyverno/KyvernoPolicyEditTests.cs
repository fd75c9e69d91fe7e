using GitOpsAi.Core.Analysis;
using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Kyverno;
using GitOpsAi.Core.Tests.Support;
using GitOpsAi.Core.Text;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Tests.Kyverno;

/// <summary>
/// Typing in a policy decides it again on every object it matches (its error notes), but the objects are unchanged: their
/// values are taken from the snapshot before the keystroke, and the findings are those of a fresh analysis (issue 13).
/// </summary>
public sealed class KyvernoPolicyEditTests
{
    private const string Root = InMemoryFileSystem.Root;
    private static readonly string PolicyPath = InMemoryFileSystem.PathOf("policies/replicas.yaml");
    private static readonly string AppsPath = InMemoryFileSystem.PathOf("apps/deployments.yaml");

    private static string Deployments(int count) => string.Join("---\n", Enumerable.Range(0, count).Select(i => $"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web-{i}
          namespace: shop
        spec:
          replicas: {i % 3}
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

        """));

    private static string ReplicasPolicy(int minimum) => $"""
        apiVersion: kyverno.io/v1
        kind: ClusterPolicy
        metadata:
          name: replicas
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
                    - expression: "object.spec.replicas >= {minimum} && object.metadata.labels['team'] != ''"
                      message: "at least {minimum} replicas"

        """;

    private static string LabelPolicy(string team) => $$"""
        apiVersion: kyverno.io/v1
        kind: ClusterPolicy
        metadata:
          name: team-label
        spec:
          rules:
            - name: add-team
              match:
                any:
                  - resources:
                      kinds: [Deployment]
              mutate:
                patchStrategicMerge:
                  metadata:
                    labels:
                      team: {{team}}
            - name: team-is-known
              match:
                any:
                  - resources:
                      kinds: [Deployment]
              validate:
                message: "team must be platform"
                pattern:
                  metadata:
                    labels:
                      team: platform

        """;

    [TestCase(10)]
    [TestCase(100)]
    public void Typing_in_a_policy_converts_none_of_the_unchanged_objects_it_decides_on_again(int deployments)
    {
        var session = new PolicySession(ReplicasPolicy(1), Deployments(deployments));
        var converted = ResourceInfo.ObjectsConvertedOnThisThread;

        session.Type(ReplicasPolicy(2));

        Assert.That(ResourceInfo.ObjectsConvertedOnThisThread - converted, Is.Zero);
        Assert.That(Described(session.Findings), Is.EqualTo(Described(session.Fresh())));
    }

    [Test]
    public void An_edited_deployment_file_is_converted_again_and_decided_on_its_new_text()
    {
        var session = new PolicySession(ReplicasPolicy(1), Deployments(4));
        var converted = ResourceInfo.ObjectsConvertedOnThisThread;

        session.Edit(AppsPath, Deployments(4).Replace("replicas: 0", "replicas: 5"));
        session.Type(ReplicasPolicy(2));

        Assert.That(ResourceInfo.ObjectsConvertedOnThisThread - converted, Is.EqualTo(4));
        Assert.That(Described(session.Findings), Is.EqualTo(Described(session.Fresh())));
    }

    [Test]
    public void Typing_in_a_mutate_rule_changes_what_the_validate_rules_see_on_unchanged_objects()
    {
        var session = new PolicySession(LabelPolicy("platform"), Deployments(3));
        var deploymentFindings = session.FindingsOf(AppsPath).Where(d => d.Code == "kyverno:team-label/team-is-known");
        Assert.That(deploymentFindings, Is.Empty, "the mutation gives every Deployment the expected team");

        session.Type(LabelPolicy("payments"));

        Assert.That(session.FindingsOf(AppsPath).Count(d => d.Code == "kyverno:team-label/team-is-known"), Is.EqualTo(3));
        Assert.That(Described(session.FindingsOf(AppsPath)), Is.EqualTo(Described(session.FreshOf(AppsPath))));
    }

    [TestCase(10)]
    [TestCase(100)]
    public void Renaming_a_policy_or_its_cel_rule_evaluates_none_of_the_objects_again(int deployments)
    {
        var session = new PolicySession(ReplicasPolicy(1), Deployments(deployments));
        var evaluated = KyvernoAnalyzer.RulesEvaluatedOnThisThread;

        session.Type(ReplicasPolicy(1).Replace("name: replicas", "name: replicasx"));
        session.Type(ReplicasPolicy(1).Replace("name: replicas", "name: replicasx").Replace("enough-replicas", "enough-replicasx"));
        session.Type(ReplicasPolicy(1).Replace("spec:\n", "spec:\n  # a comment\n"));

        Assert.That(KyvernoAnalyzer.RulesEvaluatedOnThisThread - evaluated, Is.Zero);
        Assert.That(Described(session.Findings), Is.EqualTo(Described(session.Fresh())));
        Assert.That(Described(session.FindingsOf(AppsPath)), Is.EqualTo(Described(session.FreshOf(AppsPath))));
    }

    [TestCase(10)]
    [TestCase(100)]
    public void Changing_a_rule_evaluates_that_rule_on_every_object_it_matches_and_no_other_rule(int deployments)
    {
        var other = ReplicasPolicy(3).Replace("name: replicas", "name: other").Replace("enough-replicas", "other-replicas");
        var session = new PolicySession(ReplicasPolicy(1) + "---\n" + other, Deployments(deployments));
        var evaluated = KyvernoAnalyzer.RulesEvaluatedOnThisThread;

        session.Type(ReplicasPolicy(2) + "---\n" + other);

        Assert.That(KyvernoAnalyzer.RulesEvaluatedOnThisThread - evaluated, Is.EqualTo(deployments));
        Assert.That(Described(session.Findings), Is.EqualTo(Described(session.Fresh())));
    }

    [Test]
    public void Editing_a_namespace_s_labels_decides_again_the_rules_that_select_it_on_unchanged_objects()
    {
        const string namespaceRule = """
            apiVersion: kyverno.io/v1
            kind: ClusterPolicy
            metadata:
              name: tier
            spec:
              rules:
                - name: production-replicas
                  match:
                    any:
                      - resources:
                          kinds: [Deployment]
                          namespaceSelector:
                            matchLabels:
                              tier: production
                  validate:
                    cel:
                      expressions:
                        - expression: "object.spec.replicas >= 2"
                          message: "at least 2 replicas in production"

            """;
        static string Namespace(string tier) => $"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    tier: {tier}\n";
        var session = new PolicySession(namespaceRule + "---\n" + Namespace("staging"), Deployments(6));
        Assert.That(session.FindingsOf(AppsPath).Where(d => d.Code.Contains("production-replicas")), Is.Empty);

        session.Type(namespaceRule + "---\n" + Namespace("production"));

        Assert.That(session.FindingsOf(AppsPath).Count(d => d.Code.Contains("production-replicas")), Is.EqualTo(4));
        Assert.That(Described(session.FindingsOf(AppsPath)), Is.EqualTo(Described(session.FreshOf(AppsPath))));
    }

    private static IEnumerable<(string, DiagnosticSeverity, TextSpan, string)> Described(IReadOnlyList<Diagnostic> findings) =>
        findings.Select(d => (d.Code, d.Severity, d.Span, d.Message));

    /// <summary>A repository of a policy and a file of Deployments, whose policy file is typed in.</summary>
    private sealed class PolicySession
    {
        private readonly Analyzer _analyzer = new();
        private readonly Dictionary<string, string> _texts = [];
        private WorkspaceSnapshot _workspace;

        public PolicySession(string policy, string deployments)
        {
            _texts[PolicyPath] = policy;
            _texts[AppsPath] = deployments;
            _workspace = WorkspaceLoader.Create(Root, _texts.Select(t => WorkspaceFile.FromText(t.Key, Root, t.Value)).ToList(), new InMemoryFileSystem());
            Findings = FindingsOf(PolicyPath);
        }

        public IReadOnlyList<Diagnostic> Findings { get; private set; }

        public void Type(string policy)
        {
            Edit(PolicyPath, policy);
            Findings = FindingsOf(PolicyPath);
        }

        public void Edit(string path, string text)
        {
            _texts[path] = text;
            _workspace = _workspace.WithFile(path, WorkspaceFile.FromText(path, Root, text, _workspace.GetFile(path)));
        }

        public IReadOnlyList<Diagnostic> FindingsOf(string path) => _analyzer.Analyze(_workspace, _workspace.GetFile(path)!).Diagnostics;

        public IReadOnlyList<Diagnostic> Fresh() => FreshOf(PolicyPath);

        public IReadOnlyList<Diagnostic> FreshOf(string path)
        {
            var fresh = WorkspaceLoader.Create(Root, _texts.Select(t => WorkspaceFile.FromText(t.Key, Root, t.Value)).ToList(), new InMemoryFileSystem());
            return new Analyzer().Analyze(fresh, fresh.GetFile(path)!).Diagnostics;
        }
    }
}
