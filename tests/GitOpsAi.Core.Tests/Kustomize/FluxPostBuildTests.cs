using GitOpsAi.Core.Kustomize;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Tests.Kustomize;

/// <summary>
/// Flux's postBuild variable substitution as kustomize-controller does it (fluxcd/pkg/envsubst): which form takes the
/// default when a variable is empty or unset, the escape, the order sources override each other, optional sources
/// and the label or annotation that turns substitution off for one object.
/// </summary>
public sealed class FluxPostBuildTests
{
    private static string Flux(string postBuild) => $$"""
        apiVersion: kustomize.toolkit.fluxcd.io/v1
        kind: Kustomization
        metadata:
          name: apps
          namespace: flux-system
        spec:
          path: ./apps
          sourceRef:
            kind: GitRepository
            name: flux-system
          postBuild:
        {{postBuild}}
        """;

    private static string ConfigMap(string name, string data, string metadata = "") =>
        $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\n  namespace: flux-system\n{metadata}data:\n{data}";

    private static RenderResult Render(string fluxText, InMemoryFileSystem fileSystem)
    {
        fileSystem.Add("clusters/apps.yaml", fluxText);
        var workspace = WorkspaceLoader.Load(InMemoryFileSystem.Root, fileSystem);
        var file = workspace.GetFile(InMemoryFileSystem.PathOf("clusters/apps.yaml"))!;
        return KustomizeRenderer.For(workspace).RenderFlux(file, file.Manifests.Single(m => m.IsFluxKustomization));
    }

    private static Dictionary<string, string?> Data(RenderResult result, string name) =>
        result.Objects.Single(o => o.Name == name).Root.Map("data")!.Entries.ToDictionary(e => e.Key, e => (e.Value as RenderScalar)?.Value);

    [Test]
    public void An_empty_variable_takes_the_default_only_in_the_colon_forms_and_an_unset_one_in_every_form()
    {
        var result = Render(Flux("    substitute:\n      EMPTY: \"\"\n      SET: value\n"), new InMemoryFileSystem()
            .Add("apps/kustomization.yaml", "resources: [values.yaml]\n")
            .Add("apps/values.yaml", ConfigMap("values", """
                  emptyColonDash: ${EMPTY:-d}
                  emptyColonEquals: ${EMPTY:=d}
                  emptyDash: x${EMPTY-d}x
                  emptyEquals: x${EMPTY=d}x
                  unsetDash: ${UNSET-d}
                  unsetColonDash: ${UNSET:-d}
                  unsetPlain: x${UNSET}x
                  set: ${SET:-d}
                """)));

        Assert.That(Data(result, "values"), Is.EqualTo(new Dictionary<string, string?>
        {
            ["emptyColonDash"] = "d", ["emptyColonEquals"] = "d", ["emptyDash"] = "xx", ["emptyEquals"] = "xx",
            ["unsetDash"] = "d", ["unsetColonDash"] = "d", ["unsetPlain"] = "xx", ["set"] = "value",
        }));
    }

    [Test]
    public void An_escaped_variable_keeps_its_braces_and_a_dollar_without_braces_is_left_alone()
    {
        var result = Render(Flux("    substitute:\n      NAME: web\n"), new InMemoryFileSystem()
            .Add("apps/kustomization.yaml", "resources: [values.yaml]\n")
            .Add("apps/values.yaml", ConfigMap("values", "  escaped: $${NAME}\n  escapedDefault: $${NAME:=x}\n  shell: $NAME and $(NAME)\n  both: ${NAME}-$${NAME}\n")));

        Assert.That(Data(result, "values"), Is.EqualTo(new Dictionary<string, string?>
        {
            ["escaped"] = "${NAME}", ["escapedDefault"] = "${NAME:=x}", ["shell"] = "$NAME and $(NAME)", ["both"] = "web-${NAME}",
        }));
    }

    [Test]
    public void A_later_substitute_from_overrides_an_earlier_one_and_substitute_overrides_both()
    {
        var result = Render(Flux("""
                substituteFrom:
                  - kind: ConfigMap
                    name: first
                  - kind: ConfigMap
                    name: second
                substitute:
                  C: from-substitute
            """), new InMemoryFileSystem()
            .Add("apps/kustomization.yaml", "resources: [values.yaml]\n")
            .Add("apps/values.yaml", ConfigMap("values", "  a: ${A}\n  b: ${B}\n  c: ${C}\n"))
            .Add("clusters/first.yaml", ConfigMap("first", "  A: first\n  B: first\n  C: first\n"))
            .Add("clusters/second.yaml", ConfigMap("second", "  B: second\n  C: second\n")));

        Assert.That(Data(result, "values"), Is.EqualTo(new Dictionary<string, string?> { ["a"] = "first", ["b"] = "second", ["c"] = "from-substitute" }));
    }

    [Test]
    public void A_missing_optional_source_is_silent_and_a_missing_required_one_is_noted_at_its_entry()
    {
        var flux = Markup.Parse(Flux("""
                substituteFrom:
                  - kind: ConfigMap
                    name: maybe
                    optional: true
                  - [|kind: Secret
                    name: required|]
            """));
        var result = Render(flux.Text, new InMemoryFileSystem()
            .Add("apps/kustomization.yaml", "resources: [values.yaml]\n")
            .Add("apps/values.yaml", ConfigMap("values", "  a: ${A:=fallback}\n")));

        var note = result.Diagnostics.Single(d => d.Diagnostic.Code == "kustomize-not-rendered");
        Assert.That(note.Diagnostic.Span, Is.EqualTo(flux.Span));
        Assert.That(note.Diagnostic.Message, Does.Contain("Secret required"));
        Assert.That(Data(result, "values")["a"], Is.EqualTo("fallback"));
    }

    [Test]
    public void An_object_labelled_or_annotated_substitute_disabled_is_left_as_written()
    {
        var result = Render(Flux("    substitute:\n      A: replaced\n"), new InMemoryFileSystem()
            .Add("apps/kustomization.yaml", "resources: [values.yaml]\n")
            .Add("apps/values.yaml", string.Join("---\n",
                ConfigMap("by-label", "  a: ${A}\n", "  labels:\n    kustomize.toolkit.fluxcd.io/substitute: disabled\n"),
                ConfigMap("by-annotation", "  a: ${A}\n", "  annotations:\n    kustomize.toolkit.fluxcd.io/substitute: disabled\n"),
                ConfigMap("plain", "  a: ${A}\n"))));

        Assert.That(Data(result, "by-label")["a"], Is.EqualTo("${A}"));
        Assert.That(Data(result, "by-annotation")["a"], Is.EqualTo("${A}"));
        Assert.That(Data(result, "plain")["a"], Is.EqualTo("replaced"));
    }
}
