using GitOpsAi.Core.Analysis;
using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Kustomize;
using GitOpsAi.Core.Text;
using GitOpsAi.Core.Workspace;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Tests.Kustomize;

/// <summary>
/// A run that checks every root once (the command line) keeps no text of the objects it writes: each is checked through
/// the tree built while writing it, and its text is written again only if something asks for it (issue 13: a string
/// per rendered object was most of the writer's time at 50,000 resources). Findings are placed as an editor's check,
/// which keeps the texts, places them.
/// </summary>
public sealed class RenderedTextOnDemandTests
{
    private const string Base = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: app-config
        data:
          a: b
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: web
        spec:
          selector:
            app: web
          ports:
            - port: 80
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          replicas: 2
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
                  image: nginx:1.25
                  envFrom:
                    - configMapRef:
                        name: app-config
        """;

    private static readonly Markup Image = Markup.Parse("""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          template:
            spec:
              containers:
                - name: web
                  image: [|nginx:latest|]
        """);

    private static readonly Markup Overlay = Markup.Parse("""
        namePrefix: prod-
        resources:
          - ../../base
        patches:
          - path: image.yaml
          - patch: |-
              apiVersion: v1
              kind: ConfigMap
              metadata:
                name: app-config
              [|$patch: delete|]
        """);

    private static WorkspaceSnapshot Repository() => WorkspaceLoader.Load(InMemoryFileSystem.Root, new InMemoryFileSystem()
        .Add("base/kustomization.yaml", "resources:\n  - app.yaml\n")
        .Add("base/app.yaml", Base)
        .Add("overlays/prod/kustomization.yaml", Overlay.Text)
        .Add("overlays/prod/image.yaml", Image.Text));

    private static string PathOf(string relative) => InMemoryFileSystem.PathOf(relative);

    private static readonly string[] Paths = ["base/app.yaml", "overlays/prod/kustomization.yaml", "overlays/prod/image.yaml"];

    /// <summary>Each file's rendered findings, after every root was checked once (as the command line checks them).</summary>
    private static List<string> CheckedOnce(WorkspaceSnapshot snapshot)
    {
        var analysis = RenderedAnalysis.For(snapshot, Analyzer.RenderedChecks, CancellationToken.None);
        foreach (var check in analysis.RootChecks(withProvenance: false))
        {
            check();
        }

        return Described(analysis);
    }

    /// <summary>Each file's rendered findings as an editor asks for them (roots kept for edits, with their texts).</summary>
    private static List<string> AsAnEditorAsks(WorkspaceSnapshot snapshot) =>
        Described(RenderedAnalysis.For(snapshot, Analyzer.RenderedChecks, CancellationToken.None));

    private static List<string> Described(RenderedAnalysis analysis) =>
        Paths.SelectMany(path => analysis.FindingsIn(PathOf(path)).Select(d => $"{path} {d.Span} {d.Code} {d.Message}")).ToList();

    [Test]
    public void Findings_on_the_last_object_of_a_file_of_three_are_placed_at_their_patch_lines_as_an_editors_check_places_them()
    {
        var madeBefore = RenderWriter.TextsMadeOnDemandOnThisThread;
        var once = CheckedOnce(Repository());

        Assert.That(RenderWriter.TextsMadeOnDemandOnThisThread - madeBefore, Is.Zero, "no check asked for a rendered object's text");

        Assert.That(once, Has.Some.StartsWith($"overlays/prod/image.yaml {Image.Spans[0]} latest-tag"), string.Join("\n", once));
        Assert.That(once, Has.Some.StartsWith($"overlays/prod/kustomization.yaml {Overlay.Spans[0]} non-existent-configmap"), string.Join("\n", once));
        Assert.That(once, Is.EqualTo(AsAnEditorAsks(Repository())));
    }

    [Test]
    public void An_object_written_with_its_text_on_demand_has_none_until_asked_and_then_the_text_it_was_written_as()
    {
        var rendered = Rendered();
        var (text, _) = RenderWriter.WriteWithTree(rendered, []);

        var file = RenderWriter.WriteFile(rendered, [], textOnDemand: true);

        Assert.That(file.Source.HasText, Is.False);
        Assert.That(file.Source.Length, Is.EqualTo(text.Length));
        Assert.That(file.Documents[0].Span.End, Is.EqualTo(text.Length));
        Assert.That(file.Source.Text, Is.EqualTo(text));
        Assert.That(file.Source.GetLinePosition(text.Length).Line, Is.EqualTo(text.Count(c => c == '\n')), "the line map is the text's");
    }

    [Test]
    public void An_object_that_gets_no_tree_is_parsed_from_its_text_even_when_its_text_is_wanted_on_demand()
    {
        var rendered = Rendered();
        rendered.Root.Entries.Add(new RenderEntry("kind", RenderScalar.String("Again", null), null));

        var file = RenderWriter.WriteFile(rendered, [], textOnDemand: true);

        Assert.That(file.Source.HasText, Is.True);
        Assert.That(file.Diagnostics.Select(d => d.Code), Has.Some.Contains("duplicate"), "the parser reports the second key");
    }

    [Test]
    public void The_fingerprint_taken_while_writing_is_the_fingerprint_of_the_text_also_when_the_writer_buffer_has_several_chunks()
    {
        var small = Rendered();
        var large = Rendered();
        var data = new RenderMap();
        for (var i = 0; i < 2000; i++)
        {
            data.Entries.Add(new RenderEntry($"key-{i}", RenderScalar.String($"value {i}: quoted", null), null));
        }

        large.Root.Entries.Add(new RenderEntry("data", data, null));
        var taken = new List<(TextFingerprint? Fingerprint, TextFingerprint OfText)>();

        // On a thread of its own: its writer buffer is new, so the large object's text is written into several chunks.
        var thread = new Thread(() =>
        {
            foreach (var rendered in new[] { large, small, large })
            {
                var (file, fingerprint) = RenderWriter.WriteFile(rendered, [], textOnDemand: true, fingerprint: true);
                taken.Add((fingerprint, TextFingerprint.Of(file.Source.Text)));
            }
        });
        thread.Start();
        thread.Join();

        Assert.That(taken, Has.Count.EqualTo(3));
        Assert.That(taken.Select(t => t.Fingerprint), Is.EqualTo(taken.Select(t => (TextFingerprint?)t.OfText)));
        Assert.That(taken[0].OfText.Length, Is.GreaterThan(4096 * 4), "larger than the writer's first chunk");
    }

    private static RenderedObject Rendered()
    {
        var source = YamlParser.Parse(Base);
        var document = source.Documents[2];
        return new RenderedObject((RenderMap)RenderNode.FromYaml(document.Root!, "/repo/base/app.yaml"), new SourceRef("/repo/base/app.yaml", document.Span));
    }
}
