using GitOpsAi.Core.Analysis;
using GitOpsAi.Core.Kustomize;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Tests.Kustomize;

/// <summary>
/// The sibling-aware rules of a root being edited (issue 13): a keystroke re-checks only the rendered objects the edit
/// can reach, a root rendered as written is not checked twice, and every result equals a fresh analysis.
/// </summary>
public sealed class RenderedSiblingsIncrementalTests
{
    private static string Deployment(string name, string image, string configMap, string label) => $"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {name}
        spec:
          replicas: 2
          selector:
            matchLabels:
              app: {label}
          template:
            metadata:
              labels:
                app: {label}
            spec:
              containers:
                - name: {name}
                  image: {image}
                  envFrom:
                    - configMapRef:
                        name: {configMap}
        """;

    private static string ConfigMap(string name) => $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\ndata:\n  a: b\n";

    private static string Service(string name, string selector) => $"apiVersion: v1\nkind: Service\nmetadata:\n  name: {name}\nspec:\n  selector:\n    app: {selector}\n  ports:\n    - port: 80\n";

    /// <summary>A base of many objects behind a prefixing overlay; <paramref name="web"/> is the file being typed in.</summary>
    private static InMemoryFileSystem Repository(string web, string configMaps = "app-config", string services = "web") => new InMemoryFileSystem()
        .Add("base/kustomization.yaml", "resources:\n  - web.yaml\n  - others.yaml\n  - config.yaml\n  - services.yaml\n")
        .Add("base/web.yaml", web)
        .Add("base/others.yaml", string.Join("\n---\n", Enumerable.Range(0, 6).Select(i => Deployment($"other-{i}", "nginx:1.25", "app-config", $"other-{i}"))))
        .Add("base/config.yaml", string.Join("\n---\n", configMaps.Split(',').Select(ConfigMap)))
        .Add("base/services.yaml", string.Join("\n---\n", services.Split(',').Select(s => Service(s, s))))
        .Add("overlays/prod/kustomization.yaml", "namePrefix: prod-\nresources:\n  - ../../base\n");

    private static string Describe(Diagnostic d) => $"{d.Span} {d.Code} {d.Message}";

    private static IReadOnlyList<string> RenderedFindings(WorkspaceSnapshot snapshot) =>
        RenderedAnalysis.For(snapshot, Analyzer.RenderedChecks, CancellationToken.None).Reported
            .Select(f => $"{f.Path} {Describe(f.Diagnostic)}").OrderBy(s => s, StringComparer.Ordinal).ToList();

    [Test]
    public void Typing_an_image_re_checks_the_sibling_rules_of_the_edited_object_only()
    {
        var path = InMemoryFileSystem.PathOf("base/web.yaml");
        var snapshot = WorkspaceLoader.Load(InMemoryFileSystem.Root, Repository(Deployment("web", "nginx:1.25", "app-config", "web")));
        _ = RenderedAnalysis.For(snapshot, Analyzer.RenderedChecks, CancellationToken.None).FindingsIn(path);

        var checkedPerEdit = new List<int>();
        foreach (var image in new[] { "nginx:1.26", "nginx:1.27", "nginx:1.28" })
        {
            var before = RenderedSiblings.View.ObjectsCheckedOnThisThread;
            snapshot = snapshot.WithFile(path, WorkspaceFile.FromText(path, InMemoryFileSystem.Root, Deployment("web", image, "app-config", "web")));
            _ = RenderedAnalysis.For(snapshot, Analyzer.RenderedChecks, CancellationToken.None).FindingsIn(path);
            checkedPerEdit.Add(RenderedSiblings.View.ObjectsCheckedOnThisThread - before);
        }

        // The first edit after loading checks the root's nine objects and keeps the view; then web, which is written anew,
        // and the two objects whose names it meets (the Service named like it, the ConfigMap it refers to), not the others.
        Assert.That(checkedPerEdit, Is.EqualTo(new[] { 9, 3, 3 }));
    }

    [Test]
    public void Renaming_a_config_map_re_checks_the_objects_that_refer_to_it_and_reports_what_a_fresh_analysis_reports()
    {
        var web = InMemoryFileSystem.PathOf("base/web.yaml");
        var config = InMemoryFileSystem.PathOf("base/config.yaml");
        var snapshot = WorkspaceLoader.Load(InMemoryFileSystem.Root, Repository(Deployment("web", "nginx:1.25", "app-config", "web")));
        _ = RenderedFindings(snapshot);
        snapshot = snapshot.WithFile(web, WorkspaceFile.FromText(web, InMemoryFileSystem.Root, Deployment("web", "nginx:1.26", "app-config", "web")));
        _ = RenderedFindings(snapshot);

        var before = RenderedSiblings.View.ObjectsCheckedOnThisThread;
        snapshot = snapshot.WithFile(config, WorkspaceFile.FromText(config, InMemoryFileSystem.Root, ConfigMap("renamed-config")));
        var incremental = RenderedFindings(snapshot);
        var rechecked = RenderedSiblings.View.ObjectsCheckedOnThisThread - before;

        var fresh = RenderedFindings(WorkspaceLoader.Load(InMemoryFileSystem.Root, Repository(Deployment("web", "nginx:1.26", "app-config", "web"), configMaps: "renamed-config")));
        Assert.That(incremental, Is.EqualTo(fresh));
        Assert.That(incremental, Has.Some.Contains("non-existent-configmap").And.Some.Contains("(in overlays/prod)"), "the overlay's prefixed references are dangling now");
        Assert.That(rechecked, Is.InRange(8, 9), "the config map and the seven deployments that name it; the service names none of them");
    }

    [Test]
    public void A_root_rendered_exactly_as_written_gets_no_second_cross_object_check()
    {
        var fileSystem = Repository(Deployment("web", "nginx:1.25", "missing-config", "web"))
            .Add("overlays/prod/kustomization.yaml", "resources:\n  - ../../base\n");
        var snapshot = WorkspaceLoader.Load(InMemoryFileSystem.Root, fileSystem);
        var before = RenderedSiblings.View.ObjectsCheckedOnThisThread;

        var reported = RenderedAnalysis.For(snapshot, Analyzer.RenderedChecks, CancellationToken.None).Reported;

        Assert.That(RenderedSiblings.View.ObjectsCheckedOnThisThread - before, Is.Zero);
        Assert.That(reported, Is.Empty, "the sources report the missing config map themselves");
        var sourceFindings = new Analyzer().Analyze(snapshot, snapshot.GetFile(InMemoryFileSystem.PathOf("base/web.yaml"))!).Diagnostics;
        Assert.That(sourceFindings.Select(d => d.Code), Has.Member("non-existent-configmap"));
    }

    [Test]
    public void A_random_chain_of_edits_gives_the_rendered_findings_of_a_fresh_analysis_at_every_step()
    {
        var random = new Random(1307);
        string[] images = ["nginx:1.25", "nginx:latest", "nginx:1.27"];
        string[] configMaps = ["app-config", "other-config", "app-config,other-config"];
        string[] labels = ["web", "api", "other-1"];
        string[] services = ["web", "api", "web,api", "nothing"];
        var state = (Image: images[0], Ref: "app-config", Label: "web", Maps: configMaps[0], Services: services[0]);
        var snapshot = WorkspaceLoader.Load(InMemoryFileSystem.Root, Repository(Deployment("web", state.Image, state.Ref, state.Label)));
        _ = RenderedFindings(snapshot);

        for (var step = 0; step < 40; step++)
        {
            var (path, text) = random.Next(4) switch
            {
                0 => ("base/web.yaml", Web(state = state with { Image = images[random.Next(images.Length)], Ref = configMaps[random.Next(2)] })),
                1 => ("base/web.yaml", Web(state = state with { Label = labels[random.Next(labels.Length)] })),
                2 => ("base/config.yaml", string.Join("\n---\n", (state = state with { Maps = configMaps[random.Next(configMaps.Length)] }).Maps.Split(',').Select(ConfigMap))),
                _ => ("base/services.yaml", string.Join("\n---\n", (state = state with { Services = services[random.Next(services.Length)] }).Services.Split(',').Select(s => Service(s, s)))),
            };
            var full = InMemoryFileSystem.PathOf(path);
            snapshot = snapshot.WithFile(full, WorkspaceFile.FromText(full, InMemoryFileSystem.Root, text));

            var fresh = WorkspaceLoader.Load(InMemoryFileSystem.Root, Repository(Web(state), state.Maps, state.Services));
            Assert.That(RenderedFindings(snapshot), Is.EqualTo(RenderedFindings(fresh)), $"step {step}: {path} {state}");
        }

        string Web((string Image, string Ref, string Label, string Maps, string Services) s) => Deployment("web", s.Image, s.Ref, s.Label);
    }

    [Test]
    public void A_cancelled_request_for_a_files_rendered_findings_leaves_nothing_behind_and_the_next_request_gets_them_all()
    {
        var path = InMemoryFileSystem.PathOf("base/config.yaml");
        var snapshot = WorkspaceLoader.Load(InMemoryFileSystem.Root, Repository(Deployment("web", "nginx:1.25", "app-config", "web"), configMaps: "other-config"));
        var analysis = RenderedAnalysis.For(snapshot, Analyzer.RenderedChecks, CancellationToken.None);

        Assert.That(() => analysis.FindingsIn(path, new CancellationToken(canceled: true)), Throws.InstanceOf<OperationCanceledException>());
        var findings = analysis.FindingsIn(path).Select(Describe);

        var fresh = RenderedAnalysis.For(WorkspaceLoader.Load(InMemoryFileSystem.Root, Repository(Deployment("web", "nginx:1.25", "app-config", "web"), configMaps: "other-config")), Analyzer.RenderedChecks, CancellationToken.None);
        Assert.That(findings, Is.EqualTo(fresh.FindingsIn(path).Select(Describe)));
    }
}
