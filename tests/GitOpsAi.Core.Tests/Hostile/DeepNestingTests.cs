using System.Text;
using System.Text.Json.Nodes;
using GitOpsAi.Core.Expressions.JmesPath;
using GitOpsAi.Core.Kyverno;
using GitOpsAi.Core.Schemas;
using static GitOpsAi.Core.Tests.Kyverno.KyvernoTestSupport;

namespace GitOpsAi.Core.Tests.Hostile;

/// <summary>Recursive parsers and evaluators fed nesting no real repository has: a finding, never a stack overflow.</summary>
public class DeepNestingTests
{
    private static string Parenthesised(int depth) => new string('(', depth) + "request.object.metadata.name" + new string(')', depth);

    [Test]
    public void A_policy_whose_expression_nests_15000_parentheses_gets_a_note_at_its_rule_and_never_overflows_the_stack()
    {
        var policy = Policy($$$"""
                    message: "x"
                    deny:
                      conditions:
                        any:
                          - key: "{{ {{{Parenthesised(15_000)}}} }}"
                            operator: Equals
                            value: x
            """, action: "Enforce");
        Assert.That(policy.Length, Is.GreaterThan(30_000));

        var notes = SmallStack.Run(() => PolicyNotes(policy, out _));

        var note = notes.Single(d => d.Message.Contains($"nests deeper than {JmesParser.MaxDepth} levels", StringComparison.Ordinal));
        Assert.That(note.Message.Length, Is.LessThan(1_000), "the 30 KB expression is not copied into the message");
        Assert.That(policy.Substring(note.Span.Start, note.Span.Length), Is.EqualTo("check"), "the note sits at the rule's name");
    }

    [Test]
    public void A_left_nested_chain_of_100000_fields_is_refused_by_the_parser_without_recursing()
    {
        var chain = string.Join('.', Enumerable.Repeat("a", 100_000));

        var parsed = SmallStack.Run(() => (JmesParser.TryParse(chain, out _, out var error), error));

        Assert.That(parsed.Item1, Is.False);
        Assert.That(parsed.error, Does.Contain("nests deeper than"));
    }

    [Test]
    public void Expressions_nested_within_the_limit_still_parse_and_evaluate()
    {
        var data = JValue.FromYaml(YamlParser.Parse("request: {object: {metadata: {name: web}}}").Documents[0].Root);

        var value = JmesInterpreter.Evaluate(JmesParser.Parse(Parenthesised(40)), data);

        Assert.That(value.ToJson(), Is.EqualTo("\"web\""));
    }

    [Test]
    public void A_foreach_nested_deeper_than_the_limit_fails_the_resource_instead_of_passing_it()
    {
        var nested = new StringBuilder();
        var indent = "        ";
        for (var level = 0; level < RuleEvaluator.MaxForEachNesting + 2; level++)
        {
            nested.Append(indent).Append("- list: \"request.object.spec.containers\"\n");
            indent += "  ";
            nested.Append(indent).Append("foreach:\n");
        }

        nested.Append(indent).Append("- list: \"request.object.spec.containers\"\n");
        nested.Append(indent).Append("  deny:\n").Append(indent).Append("    conditions:\n").Append(indent).Append("      any:\n");
        nested.Append(indent).Append("        - key: \"{{ element.name }}\"\n").Append(indent).Append("          operator: Equals\n").Append(indent).Append("          value: never\n");
        var policy = Policy("        message: \"x\"\n        foreach:\n" + nested, action: "Enforce");

        var findings = SmallStack.Run(() => Evaluate(policy, """
            apiVersion: v1
            kind: Pod
            metadata:
              name: web
            spec:
              containers:
                - name: a
                  image: nginx:1.27
            """));

        var finding = findings.Single();
        Assert.That(finding.Severity, Is.EqualTo(DiagnosticSeverity.Error));
        Assert.That(finding.Message, Does.Contain($"foreach nests deeper than {RuleEvaluator.MaxForEachNesting} levels"));
    }

    [TestCase("example.com/v1", "Widget")]
    [TestCase("helm.toolkit.fluxcd.io/v2", "HelmRelease")]
    [TestCase("v1", "ConfigMap")]
    public void A_tree_made_deep_through_aliases_is_analysed_by_every_check_on_a_small_stack(string apiVersion, string kind)
    {
        // Each anchor nests the previous one 400 levels deeper: 8,000 levels in all, while every written part stays
        // under the parser's nesting limit and the aliases add fewer nodes than the YAML-bomb limit.
        var text = new StringBuilder($"apiVersion: {apiVersion}\nkind: {kind}\nmetadata:\n  name: deep\n  namespace: a\nspec:\n");
        for (var level = 0; level < 20; level++)
        {
            var inner = level == 0 ? "leaf" : $"*a{level - 1}";
            text.Append($"  k{level}: &a{level} ").Append('[', 400).Append(inner).Append(']', 400).Append('\n');
        }

        var diagnostics = SmallStack.Run(() => TestAnalysis.AnalyzeAll(text.ToString()));

        Assert.That(Depth(YamlParser.Parse(text.ToString()).Documents[0].Root!), Is.GreaterThan(7_000), "the premise: the tree is that deep");
        Assert.That(diagnostics.Where(d => d.Code is "internal-error" or "yaml-alias-limit" or "yaml-too-deep"), Is.Empty);
    }

    private static int Depth(YamlNode root)
    {
        var deepest = 0;
        var pending = new Stack<(YamlNode Node, int Depth)>([(root, 1)]);
        while (pending.Count > 0)
        {
            var (node, depth) = pending.Pop();
            deepest = Math.Max(deepest, depth);
            var children = node switch
            {
                YamlMapping mapping => mapping.Pairs.Select(p => p.Value),
                YamlSequence sequence => sequence.Items,
                _ => [],
            };
            foreach (var child in children)
            {
                pending.Push((child, depth + 1));
            }
        }

        return deepest;
    }

    [Test]
    public void A_cycle_of_schema_refs_loads_as_an_open_schema()
    {
        var document = JsonNode.Parse("""
            {"$ref": "#/$defs/a", "$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"}}}
            """)!.AsObject();

        var schema = SmallStack.Run(() => new SchemaLoader(document, SchemaDialect.Structural).Load());

        Assert.That(schema, Is.SameAs(SchemaNode.Any));
    }

    [Test]
    public void A_schema_nested_20000_levels_deep_loads_without_overflowing_the_stack()
    {
        var innermost = new JsonObject { ["type"] = "string" };
        var current = innermost;
        for (var i = 0; i < 20_000; i++)
        {
            current = new JsonObject { ["type"] = "object", ["properties"] = new JsonObject { ["a"] = current } };
        }

        var schema = SmallStack.Run(() => new SchemaLoader(current, SchemaDialect.Structural).Load());

        Assert.That(schema.Properties!["a"].Schema.Types, Is.EqualTo(SchemaTypes.Object));
    }
}
