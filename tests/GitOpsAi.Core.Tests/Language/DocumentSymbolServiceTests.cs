using GitOpsAi.Core.Language;

namespace GitOpsAi.Core.Tests.Language;

public sealed class DocumentSymbolServiceTests
{
    private static IReadOnlyList<SymbolInfo> Symbols(string text, string path = "manifest.yaml") =>
        DocumentSymbolService.Symbols(MarkedFile.Load(text, path).File);

    [Test]
    public void A_workload_is_named_by_kind_and_name_with_its_containers_as_children()
    {
        var markup = Markup.Parse("""
            [|apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: [|web|]
              namespace: prod
            spec:
              template:
                spec:
                  containers:
                    - [|name: [|web|]
                      image: nginx:1.27|]
                    - [|image: busybox|]
                  initContainers:
                    - [|name: [|migrate|]
                      image: migrate:2|]|]
            """);
        var (deployment, name, web, webName, unnamed, migrate, migrateName) =
            (markup.Spans[0], markup.Spans[1], markup.Spans[2], markup.Spans[3], markup.Spans[4], markup.Spans[5], markup.Spans[6]);

        var symbol = Symbols(markup.Text).Single();

        Assert.That((symbol.Name, symbol.Detail, symbol.Kind), Is.EqualTo(("Deployment web", "apps/v1 · prod", SymbolKindHint.Resource)));
        Assert.That((symbol.Span, symbol.SelectionSpan), Is.EqualTo((deployment, name)));
        Assert.That(symbol.Children.Select(c => (c.Name, c.Detail, c.Kind, c.Span, c.SelectionSpan)), Is.EqualTo(new[]
        {
            ("container web", "nginx:1.27", SymbolKindHint.Container, web, webName),
            ("container (unnamed)", "busybox", SymbolKindHint.Container, unnamed, unnamed),
            ("init container migrate", "migrate:2", SymbolKindHint.Container, migrate, migrateName),
        }));
        Assert.That(symbol.Children.SelectMany(c => c.Children), Is.Empty);
    }

    [Test]
    public void Each_document_of_a_file_is_a_symbol_of_its_own()
    {
        var markup = Markup.Parse("""
            [|apiVersion: v1
            kind: ConfigMap
            metadata:
              name: [|settings|]
            data:
              mode: fast|]
            ---
            # the front door
            [|apiVersion: v1
            kind: Service
            metadata: {name: [|web|], namespace: prod}
            spec:
              ports: [{port: 80}]|]
            """);

        var symbols = Symbols(markup.Text);

        Assert.That(symbols.Select(s => (s.Name, s.Detail, s.Span, s.SelectionSpan)), Is.EqualTo(new[]
        {
            ("ConfigMap settings", "v1", markup.Spans[0], markup.Spans[1]),
            ("Service web", "v1 · prod", markup.Spans[2], markup.Spans[3]),
        }));
        Assert.That(symbols.SelectMany(s => s.Children), Is.Empty, "only workloads have container children");
    }

    [Test]
    public void An_object_without_a_name_is_named_by_its_kind_and_selected_at_the_kind()
    {
        var markup = Markup.Parse("apiVersion: v1\nkind: [|Namespace|]\nmetadata:\n  labels: {team: a}\n");

        var symbol = Symbols(markup.Text).Single();

        Assert.That((symbol.Name, symbol.SelectionSpan), Is.EqualTo(("Namespace", markup.Span)));
    }

    [Test]
    public void A_kustomization_file_without_identity_is_a_kustomize_kustomization()
    {
        var markup = Markup.Parse("[|resources:\n  - deployment.yaml|]\n");

        var symbol = Symbols(markup.Text, "kustomization.yaml").Single();

        Assert.That((symbol.Name, symbol.Detail), Is.EqualTo(("Kustomization", "kustomize.config.k8s.io/v1beta1")));
        Assert.That((symbol.Span, symbol.SelectionSpan), Is.EqualTo((markup.Span, markup.Span)));
    }

    [Test]
    public void Documents_that_are_not_objects_or_do_not_parse_have_no_symbol()
    {
        var text = "replicaCount: 2\nimage: {tag: 1.0}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: broken\n---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: token\n";

        Assert.That(Symbols(text).Select(s => s.Name), Is.EqualTo(new[] { "Secret token" }));
    }

    [Test]
    public void Children_lie_within_their_parent_and_selections_within_their_symbol()
    {
        var text = """
            apiVersion: batch/v1
            kind: CronJob
            metadata:
              name: nightly
            spec:
              schedule: "0 3 * * *"
              jobTemplate:
                spec:
                  template:
                    spec:
                      containers:
                        - name: backup
                          image: backup:1
                        - name: upload
                          image: upload:1
            ---
            apiVersion: apps/v1
            kind: StatefulSet
            metadata:
              name: db
            spec:
              template:
                spec:
                  containers:
                    - name: postgres
                      image: postgres:17
            """;

        var symbols = Symbols(text);

        Assert.That(symbols.Select(s => (s.Name, s.Children.Count)), Is.EqualTo(new[] { ("CronJob nightly", 2), ("StatefulSet db", 1) }));
        foreach (var symbol in symbols.Concat(symbols.SelectMany(s => s.Children)))
        {
            Assert.That(Within(symbol.SelectionSpan, symbol.Span), Is.True, $"{symbol.Name}: selection {symbol.SelectionSpan} in {symbol.Span}");
            Assert.That(symbol.Children.All(c => Within(c.Span, symbol.Span)), Is.True, $"{symbol.Name}: children in {symbol.Span}");
        }

        Assert.That(symbols[0].Span.End, Is.LessThan(symbols[1].Span.Start));
    }

    private static bool Within(TextSpan inner, TextSpan outer) => inner.Start >= outer.Start && inner.End <= outer.End;
}
