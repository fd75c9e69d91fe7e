using BenchmarkDotNet.Attributes;
using GitOpsAi.Core.Generation;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Benchmarks;

/// <summary>
/// Offline generation end to end, per request (target: at most 50 ms): phrase parsing, repository context, builders
/// and the gate (schema validation and every rule over the repository plus the new documents), in a generated
/// repository of 1,000 resources held in memory.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 10)]
public class GenerationBenchmarks
{
    public const int Resources = 1_000;

    /// <summary>One request per family: workloads with context, networking, schedules, Flux sources and releases, secrets.</summary>
    public static readonly string[] Requests =
    [
        "redis statefulset with 10Gi storage",
        "deployment api image ghcr.io/acme/api:1.4.2 port 8080 with service and ingress on api.example.com",
        "cronjob backup every day at 2am image ghcr.io/acme/backup:1.4.0",
        "service for deployment app-4",
        "hpa for deployment app-4 from 2 to 10 replicas at 70% cpu",
        "helmrelease ingress-nginx chart ingress-nginx version 4.11.3",
        "git repository apps from https://github.com/acme/apps branch main every 5m",
        "secret db-credentials",
        "canary for app-4 with 10% steps up to 50% port 8080",
        "network policy for app-4 port 8080",
    ];

    private WorkspaceSnapshot _workspace = null!;
    private readonly GenerationService _service = new();

    [GlobalSetup]
    public void Setup() => _workspace = SyntheticRepository.Parse(SyntheticRepository.Generate(Resources));

    [ParamsSource(nameof(RequestValues))]
    public string Request { get; set; } = Requests[0];

    public static IEnumerable<string> RequestValues() => Requests;

    [Benchmark(Description = "offline generate + gate, one request")]
    public bool Generate() => Run(_service, _workspace, Request);

    /// <summary>A request written in a file of the repository's folder apps/team-0 (the documents are gated as a new file there).</summary>
    public static bool Run(GenerationService service, WorkspaceSnapshot workspace, string request) =>
        service.GenerateAsync(new GenerationRequest(request, Path.Combine(workspace.Root, "apps", "team-0", "app-0.yaml")), workspace).GetAwaiter().GetResult().Succeeded;
}
