using GitOpsAi.Core.AdmissionPolicies;
using GitOpsAi.Core.Analysis;
using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Tests.Support;
using GitOpsAi.Core.Text;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Tests.AdmissionPolicies;

/// <summary>
/// Typing in one object of a file of objects evaluates the ValidatingAdmissionPolicies on that object alone; the other
/// documents keep their findings unless the edit changes a params object or a Namespace. Findings are always those of
/// a fresh analysis (issue 13).
/// </summary>
public sealed class CelPolicyDocumentReuseTests
{
    private static readonly string PolicyPath = InMemoryFileSystem.PathOf("policies/limits.yaml");
    private static readonly string AppsPath = InMemoryFileSystem.PathOf("apps/objects.yaml");

    private const string Policy = """
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicy
        metadata:
          name: replica-limit
        spec:
          failurePolicy: Fail
          paramKind:
            apiVersion: v1
            kind: ConfigMap
          matchConstraints:
            resourceRules:
              - apiGroups: ["apps"]
                apiVersions: ["v1"]
                operations: ["CREATE"]
                resources: ["deployments"]
          validations:
            - expression: "object.spec.replicas <= int(params.data.maxReplicas)"
              message: "too many replicas"
        ---
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicyBinding
        metadata:
          name: replica-limit-binding
        spec:
          policyName: replica-limit
          validationActions: [Deny]
          paramRef:
            name: replica-limits
            namespace: shop
            parameterNotFoundAction: Deny

        """;

    private static string Params(int maximum) => $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: replica-limits\n  namespace: shop\ndata:\n  maxReplicas: \"{maximum}\"\n";

    private static string Deployment(int i, int replicas) => $"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web-{i}
          namespace: shop
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

    /// <summary>Deployments (the fourth one edited), with the params ConfigMap when <paramref name="maximum"/> is given.</summary>
    private static string Objects(int count, int editedReplicas, int? maximum = null) =>
        string.Join("---\n", [.. maximum is { } m ? new[] { Params(m) } : [], .. Enumerable.Range(0, count).Select(i => Deployment(i, i == 3 ? editedReplicas : i % 5))]);

    [TestCase(10)]
    [TestCase(50)]
    public void Typing_in_one_object_evaluates_the_policies_on_that_object_alone(int deployments)
    {
        var session = Session(Policy + "---\n" + Params(2), Objects(deployments, editedReplicas: 1));
        session.Edit(Objects(deployments, editedReplicas: 2)); // the first keystroke checks the file whole
        var evaluated = CelPolicyAnalyzer.PoliciesEvaluatedOnThisThread;

        session.Edit(Objects(deployments, editedReplicas: 3));

        Assert.That(CelPolicyAnalyzer.PoliciesEvaluatedOnThisThread - evaluated, Is.EqualTo(1));
        Assert.That(Described(session.Findings), Is.EqualTo(Described(session.Fresh())));
    }

    [TestCase(true, 1)]
    [TestCase(false, 0)]
    public void A_file_is_checked_document_by_document_only_where_a_policy_is_bound(bool bound, int checkedByDocument)
    {
        // Without a bound policy a file of plain objects has no findings here: keeping them per document cost more.
        var session = Session(bound ? Policy + "---\n" + Params(2) : Params(2), Objects(10, editedReplicas: 1));
        session.Edit(Objects(10, editedReplicas: 2));
        var before = CelPolicyAnalyzer.FilesCheckedByDocumentOnThisThread;

        session.Edit(Objects(10, editedReplicas: 3));

        Assert.That(CelPolicyAnalyzer.FilesCheckedByDocumentOnThisThread - before, Is.EqualTo(checkedByDocument));
        Assert.That(Described(session.Findings), Is.EqualTo(Described(session.Fresh())));
    }

    [Test]
    public void Editing_a_params_object_in_the_file_evaluates_every_object_again()
    {
        var session = Session(Policy, Objects(10, editedReplicas: 1, maximum: 2));
        session.Edit(Objects(10, editedReplicas: 2, maximum: 2));
        var before = session.Findings.Count(d => d.Message.Contains("too many replicas"));

        session.Edit(Objects(10, editedReplicas: 2, maximum: 3));

        Assert.That(session.Findings.Count(d => d.Message.Contains("too many replicas")), Is.LessThan(before));
        Assert.That(Described(session.Findings), Is.EqualTo(Described(session.Fresh())));
    }

    private static IEnumerable<(string, DiagnosticSeverity, TextSpan, string)> Described(IReadOnlyList<Diagnostic> findings) =>
        findings.Select(d => (d.Code, d.Severity, d.Span, d.Message));

    private static TypingSession Session(string policies, string objects) => new(PolicyPath, policies, AppsPath, objects);
}
