using static GitOpsAi.Core.Tests.Kyverno.KyvernoTestSupport;

namespace GitOpsAi.Core.Tests.Kyverno;

/// <summary>
/// Mutate-existing rules (<c>mutate.targets</c>) resolved from the repository, the desired state of the cluster (cases
/// modelled on kyverno/policies' concatenate-configmaps and label-existing-namespaces tests): the trigger gets a hint
/// naming each target and its change; a named target the repository lacks is a note, never a guess.
/// </summary>
public class KyvernoMutateExistingTests
{
    private const string Concatenate = """
        apiVersion: kyverno.io/v1
        kind: ClusterPolicy
        metadata:
          name: concatenate-configmaps
        spec:
          rules:
            - name: concat
              match:
                any:
                  - resources:
                      kinds: [ConfigMap]
                      names: [source]
              mutate:
                targets:
                  - apiVersion: v1
                    kind: ConfigMap
                    name: sink
                    namespace: "{{ request.object.metadata.namespace }}"
                patchStrategicMerge:
                  data:
                    joined: "{{ @ }} and {{ request.object.data.part }}"
        """;

    private const string Source = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: [|source|]
          namespace: shop
        data:
          part: two
        """;

    private const string Sink = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: sink
          namespace: shop
        data:
          joined: one
        """;

    [Test]
    public void A_named_target_in_the_repository_is_patched_with_the_target_value_and_the_trigger_says_how()
    {
        var diagnostics = Evaluate(Concatenate, Source, out var markup, ("other/sink.yaml", Sink));
        AssertAt(diagnostics, markup);
        Assert.That(diagnostics[0].Severity, Is.EqualTo(DiagnosticSeverity.Information));
        Assert.That(diagnostics[0].Code, Is.EqualTo("kyverno:concatenate-configmaps/concat"));
        Assert.That(diagnostics[0].Message, Is.EqualTo(
            "At admission, rule 'concat' of Kyverno policy 'concatenate-configmaps' mutates the existing ConfigMap shop/sink: sets data.joined to \"one and two\"."));
    }

    [Test]
    public void A_named_target_the_repository_lacks_is_a_note_not_a_verdict()
    {
        var diagnostics = Evaluate(Concatenate, Source);
        Assert.That(diagnostics, Has.Count.EqualTo(1));
        Assert.That(diagnostics[0].Severity, Is.EqualTo(DiagnosticSeverity.Information));
        Assert.That(diagnostics[0].Message, Does.Contain("it mutates ConfigMap shop/sink, which is not in the repository"));
    }

    [Test]
    public void A_target_in_the_namespace_of_an_object_written_without_one_is_a_note()
    {
        var policy = Concatenate.Replace("{{ request.object.metadata.namespace }}", "{{ request.namespace }}", StringComparison.Ordinal);
        var source = Source.Replace("  namespace: shop\n", string.Empty, StringComparison.Ordinal);
        var diagnostics = Evaluate(policy, source, out _, ("other/sink.yaml", Sink));
        Assert.That(diagnostics.Select(d => d.Severity), Is.EqualTo(new[] { DiagnosticSeverity.Information }));
        Assert.That(diagnostics[0].Message, Does.Contain("is not known before the object is applied"));
        Assert.That(Evaluate(policy, Source, out _, ("other/sink.yaml", Sink))[0].Message, Does.StartWith("At admission"));

        // The same through request.object.metadata.namespace, which the object lacks until it is applied.
        var fromObject = Evaluate(Concatenate, source, out _, ("other/sink.yaml", Sink));
        Assert.That(fromObject.Select(d => d.Severity), Is.EqualTo(new[] { DiagnosticSeverity.Information }));
        Assert.That(fromObject[0].Message, Does.Contain("in the object's namespace, which it gets only when applied"));
    }

    [Test]
    public void A_target_value_the_target_lacks_is_the_error_Kyverno_reports()
    {
        var diagnostics = Evaluate(Concatenate, Source, out _, ("other/sink.yaml", Sink.Replace("joined: one", "other: one", StringComparison.Ordinal)));
        Assert.That(diagnostics.Select(d => d.Severity), Is.EqualTo(new[] { DiagnosticSeverity.Warning }));
        Assert.That(diagnostics[0].Message, Does.StartWith("Kyverno reports an error for mutate rule concat of policy concatenate-configmaps"));
    }

    [Test]
    public void A_target_without_a_name_patches_every_object_of_its_kind_that_its_selector_and_preconditions_keep()
    {
        const string policy = """
            apiVersion: kyverno.io/v1
            kind: ClusterPolicy
            metadata:
              name: label-existing-namespaces
            spec:
              mutateExistingOnPolicyUpdate: true
              rules:
                - name: label
                  match:
                    any:
                      - resources:
                          kinds: [Namespace]
                          names: [platform]
                  mutate:
                    targets:
                      - apiVersion: v1
                        kind: Namespace
                        selector:
                          matchLabels:
                            team: shop
                        preconditions:
                          all:
                            - key: "{{ target.metadata.name }}"
                              operator: NotEquals
                              value: legacy
                    patchStrategicMerge:
                      metadata:
                        labels:
                          owner: "{{ request.object.metadata.name }}"
            """;
        const string platform = """
            apiVersion: v1
            kind: Namespace
            metadata:
              name: [|platform|]
            """;
        static string Namespace(string name, string team) => $"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {name}\n  labels:\n    team: {team}\n";

        var diagnostics = Evaluate(policy, platform, out var markup,
            ("ns/web.yaml", Namespace("web", "shop")), ("ns/api.yaml", Namespace("api", "shop")),
            ("ns/legacy.yaml", Namespace("legacy", "shop")), ("ns/db.yaml", Namespace("db", "data")));
        AssertAt(diagnostics, markup);
        Assert.That(diagnostics[0].Message, Is.EqualTo(
            "At admission, rule 'label' of Kyverno policy 'label-existing-namespaces' mutates the existing Namespace api: sets metadata.labels.owner to \"platform\" | Namespace web: sets metadata.labels.owner to \"platform\"."));
    }

    [Test]
    public void A_mutate_existing_rule_is_evaluated_and_does_not_change_the_trigger_itself()
    {
        var notes = PolicyNotes(Concatenate, out _);
        Assert.That(notes, Is.Empty, string.Join("\n", notes.Select(n => n.Message)));

        // The trigger is admitted as written: a validate rule on it does not see the target's patch.
        var withValidate = Concatenate + """

                - name: source-has-no-joined
                  match:
                    any:
                      - resources:
                          kinds: [ConfigMap]
                          names: [source]
                  validate:
                    message: "joined is set"
                    pattern:
                      data:
                        X(joined): "null"
            """;
        var diagnostics = Evaluate(withValidate, Source, out _, ("other/sink.yaml", Sink));
        Assert.That(diagnostics.Select(d => $"{d.Severity} {d.Message}").ToList(), Has.Count.EqualTo(1).And.All.StartsWith("Information At admission"));
    }
}
