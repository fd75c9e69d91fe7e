using System.Diagnostics;
using GitOpsAi.Core.Analysis;

namespace GitOpsAi.Benchmarks;

/// <summary>
/// What CEL policies cost per object: the synthetic repository analysed with and without a ValidatingAdmissionPolicy
/// (bound, with params) and a Kyverno ValidatingPolicy on Deployments, each with variables and three validations.
/// </summary>
public static class CelPolicyBenchmark
{
    private const string Policies = """
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicy
        metadata:
          name: replica-limit
        spec:
          paramKind: {apiVersion: v1, kind: ConfigMap}
          matchConstraints:
            resourceRules:
              - {apiGroups: [apps], apiVersions: [v1], operations: [CREATE, UPDATE], resources: [deployments]}
          variables:
            - name: containers
              expression: "object.spec.template.spec.containers + object.spec.template.spec.?initContainers.orValue([])"
          validations:
            - expression: "object.spec.replicas <= int(params.data.maxReplicas)"
            - expression: "variables.containers.all(c, !c.image.endsWith(':latest'))"
            - expression: "variables.containers.all(c, has(c.resources) && quantity(c.resources.?limits.?memory.orValue('0')).isLessThan(quantity('2Gi')))"
        ---
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicyBinding
        metadata:
          name: replica-limit
        spec:
          policyName: replica-limit
          validationActions: [Warn]
          paramRef: {name: limits, namespace: default, parameterNotFoundAction: Deny}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: limits
          namespace: default
        data:
          maxReplicas: "4"
        ---
        apiVersion: policies.kyverno.io/v1alpha1
        kind: ValidatingPolicy
        metadata:
          name: labels-and-probes
        spec:
          validationActions: [Audit]
          matchConstraints:
            resourceRules:
              - {apiGroups: [apps], apiVersions: [v1], operations: [CREATE, UPDATE], resources: [deployments]}
          validations:
            - expression: "has(object.metadata.labels) && 'app.kubernetes.io/name' in object.metadata.labels"
            - expression: "object.spec.template.spec.containers.all(c, has(c.readinessProbe))"
            - expression: "object.metadata.?labels[?'team'].orValue('') != ''"
        """;

    public static void Run(int resources)
    {
        var files = SyntheticRepository.Generate(resources);
        var withPolicies = files.Append(($"{SyntheticRepository.Root}/policies/cel.yaml", Policies)).ToList();
        var analyzer = new Analyzer();
        var deployments = (resources + 3) / 4;
        for (var round = 0; round < 4; round++)
        {
            var without = Time(analyzer, files, out var d0);
            var with = Time(analyzer, withPolicies, out var d1);
            var perObject = (with - without).TotalMicroseconds / deployments;
            Console.WriteLine($"round {round}: {resources:N0} resources ({deployments:N0} Deployments): without CEL policies {without.TotalMilliseconds:N0} ms, with {with.TotalMilliseconds:N0} ms; {perObject:N0} µs per Deployment for 2 policies, 6 validations ({d1 - d0} more diagnostics)");
        }
    }

    private static TimeSpan Time(Analyzer analyzer, IReadOnlyList<(string Path, string Text)> files, out int diagnostics)
    {
        var stopwatch = Stopwatch.StartNew();
        var workspace = SyntheticRepository.Parse(files);
        diagnostics = analyzer.AnalyzeAll(workspace).Sum(r => r.Diagnostics.Count);
        return stopwatch.Elapsed;
    }
}
