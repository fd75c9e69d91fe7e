using static GitOpsAi.Core.Tests.Kyverno.KyvernoTestSupport;

namespace GitOpsAi.Core.Tests.Kyverno;

public class KyvernoUnsupportedTests
{
    [Test]
    public void Each_unsupported_rule_gets_one_note_at_its_name_and_supported_rules_still_run()
    {
        var notes = PolicyNotes("""
            apiVersion: kyverno.io/v1
            kind: ClusterPolicy
            metadata:
              name: mixed
            spec:
              validationFailureAction: Enforce
              rules:
                - name: [|add-labels|]
                  match:
                    any:
                      - resources:
                          kinds: [Pod]
                  mutate:
                    targets:
                      - apiVersion: v1
                        kind: ConfigMap
                        selector:
                          matchExpressions:
                            - {key: team, operator: In, values: [shop]}
                    patchStrategicMerge:
                      metadata:
                        labels:
                          added: "true"
                - name: [|lookup|]
                  match:
                    any:
                      - resources:
                          kinds: [Pod]
                  context:
                    - name: ns
                      apiCall:
                        urlPath: "/api/v1/namespaces/{{ request.namespace }}/pods"
                        jmesPath: items[0].metadata.labels
                  validate:
                    message: "x"
                    deny:
                      conditions:
                        any:
                          - key: "{{ ns.team }}"
                            operator: Equals
                            value: ""
                - name: [|cel-check|]
                  match:
                    any:
                      - resources:
                          kinds: [Pod]
                  validate:
                    cel:
                      expressions:
                        - expression: "resource.Get('v1', 'configmaps', 'shop', 'limits').data.size() > 0"
                - name: [|clock|]
                  match:
                    any:
                      - resources:
                          kinds: [Pod]
                  validate:
                    message: "x"
                    deny:
                      conditions:
                        any:
                          - key: "{{ time_now_utc() }}"
                            operator: Equals
                            value: ""
                - name: [|who|]
                  match:
                    any:
                      - resources:
                          kinds: [Pod]
                  validate:
                    message: "x"
                    deny:
                      conditions:
                        any:
                          - key: "{{ request.userInfo.username }}"
                            operator: Equals
                            value: admin
                - name: [|broken|]
                  match:
                    any:
                      - resources:
                          kinds: [Pod]
                  validate:
                    message: "x"
                    deny:
                      conditions:
                        any:
                          - key: "{{ request.object.spec.[ }}"
                            operator: Equals
                            value: ""
                - name: [|odd-operator|]
                  match:
                    any:
                      - resources:
                          kinds: [Pod]
                  validate:
                    message: "x"
                    deny:
                      conditions:
                        any:
                          - key: a
                            operator: Matches
                            value: b
                - name: fine
                  match:
                    any:
                      - resources:
                          kinds: [Pod]
                  validate:
                    message: "x"
                    pattern:
                      spec:
                        containers:
                          - image: "?*"
            """, out var markup);

        AssertAt(notes, markup);
        Assert.Multiple(() =>
        {
            Assert.That(notes.All(d => d.Severity == DiagnosticSeverity.Information));
            Assert.That(notes[0].Message, Is.EqualTo("GitOpsAi does not evaluate rule 'add-labels' of policy 'mixed' (a mutate target selects by matchExpressions); it is skipped."));
            Assert.That(notes[0].Code, Is.EqualTo("kyverno:mixed/add-labels"));
            Assert.That(notes[1].Message, Does.Contain("(it lists pods, which the cluster creates beyond what the repository declares)"));
            Assert.That(notes[2].Message, Does.Contain("CEL"));
            Assert.That(notes[3].Message, Does.Contain("time_now_utc"));
            Assert.That(notes[4].Message, Does.Contain("request.userInfo"));
            Assert.That(notes[5].Message, Does.Contain("cannot parse"));
            Assert.That(notes[6].Message, Does.Contain("'Matches'"));
        });

        var pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\nspec:\n  containers:\n    - name: a\n";
        var fileSystem = new InMemoryFileSystem().Add("policies/policy.yaml", markup.Text).Add("pod.yaml", pod);
        var findings = TestAnalysis.AnalyzeAll(fileSystem, "pod.yaml").Kyverno();
        Assert.That(findings.Select(d => d.Code), Is.EqualTo(new[] { "kyverno:mixed/fine" }));
        Assert.That(findings.Single().Severity, Is.EqualTo(DiagnosticSeverity.Error));
    }

    [Test]
    public void Cel_policy_kinds_we_do_not_evaluate_get_one_note_on_their_name()
    {
        var notes = PolicyNotes("""
            apiVersion: policies.kyverno.io/v1alpha1
            kind: ImageValidatingPolicy
            metadata:
              name: [|require-signatures|]
            spec:
              validations:
                - expression: "true"
            """, out var markup);
        AssertAt(notes, markup);
        Assert.That(notes.Single().Message, Is.EqualTo("GitOpsAi does not evaluate ImageValidatingPolicy 'require-signatures' (it verifies image signatures); it is skipped."));
    }

    [Test]
    public void Malformed_policies_never_crash_the_analysis()
    {
        string[] policies =
        [
            "apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata:\n  name: empty\n",
            "apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata:\n  name: odd\nspec:\n  rules: 5\n",
            "apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata:\n  name: odd\nspec:\n  rules:\n    - 5\n    - name: x\n      match: 3\n      validate: []\n",
            "apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata:\n  name: odd\nspec:\n  rules:\n    - name: x\n      match:\n        any: [{resources: {kinds: [\"*\"]}}]\n      validate:\n        anyPattern: {a: b}\n",
            "apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata:\n  name: odd\nspec:\n  rules:\n    - name: x\n      match:\n        any: [{resources: {kinds: [\"*\"]}}]\n      validate:\n        pattern: [[1], []]\n",
            "apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata:\n  name: odd\nspec:\n  rules:\n    - name: x\n      match:\n        any: [{resources: {kinds: [\"*\"]}}]\n      validate:\n        pattern: {spec: {containers: []}}\n",
            "apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata:\n  name: odd\nspec:\n  rules:\n    - name: x\n      match:\n        any: [{resources: {kinds: [\"*\"]}}]\n      validate:\n        foreach:\n          - list: \"request.object.metadata.labels\"\n            elementScope: true\n            pattern: {a: b}\n",
            "apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata:\n  name: odd\nspec:\n  rules:\n    - name: x\n      match:\n        any: [{resources: {kinds: [\"*\"]}}]\n      validate:\n        deny:\n          conditions:\n            any:\n              - key: \"{{ regex_match('[', 'a') }}\"\n                operator: Equals\n                value: true\n",
        ];
        var resource = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  labels:\n    x: y\nspec:\n  containers: [{name: a}]\n";
        foreach (var policy in policies)
        {
            Assert.DoesNotThrow(() => Evaluate(policy, resource), policy);
            Assert.DoesNotThrow(() => PolicyNotes(policy, out _), policy);
        }
    }
}
