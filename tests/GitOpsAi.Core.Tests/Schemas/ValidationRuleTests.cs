namespace GitOpsAi.Core.Tests.Schemas;

/// <summary>x-kubernetes-validations of a workspace CRD, evaluated during schema validation at the node the rule sits on.</summary>
public class ValidationRuleTests
{
    private const string Crd = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: widgets.example.com}
        spec:
          group: example.com
          names: {kind: Widget, plural: widgets}
          scope: Namespaced
          versions:
            - name: v1
              served: true
              storage: true
              schema:
                openAPIV3Schema:
                  type: object
                  properties:
                    spec:
                      type: object
                      x-kubernetes-validations:
                        - rule: "self.minReplicas <= self.maxReplicas"
                          message: "minReplicas must not exceed maxReplicas"
                        - rule: "self.mode == oldSelf.mode"
                          message: "mode is immutable"
                        - rule: "!has(self.image) || self.image.contains(':')"
                          messageExpression: "'image ' + self.image + ' has no tag'"
                      properties:
                        minReplicas: {type: integer}
                        maxReplicas: {type: integer}
                        mode: {type: string}
                        image: {type: string}
                        ports:
                          type: array
                          items:
                            type: object
                            x-kubernetes-validations:
                              - rule: "self.port > 1024 || self.privileged"
                                message: "ports up to 1024 need privileged: true"
                            properties:
                              port: {type: integer}
                              privileged: {type: boolean}
        """;

    private static IReadOnlyList<Diagnostic> Check(string widgetMarkup, out Markup markup)
    {
        markup = Markup.Parse(widgetMarkup);
        var fileSystem = new InMemoryFileSystem().Add("crds/widget.yaml", Crd).Add("widget.yaml", markup.Text);
        return TestAnalysis.AnalyzeFile(fileSystem, "widget.yaml").Where(d => d.Code.StartsWith("schema-validation-rule", StringComparison.Ordinal)).ToList();
    }

    [Test]
    public void A_rule_that_is_false_is_an_error_at_the_field_it_sits_on()
    {
        var findings = Check("""
            apiVersion: example.com/v1
            kind: Widget
            metadata: {name: w}
            [|spec|]:
              minReplicas: 5
              maxReplicas: 2
              mode: fast
            """, out var markup);

        var errors = findings.Where(d => d.Code == "schema-validation-rule").ToList();
        Assert.That(errors.Select(e => e.Span), Is.EqualTo(markup.Spans));
        Assert.That(errors.Single().Severity, Is.EqualTo(DiagnosticSeverity.Error));
        Assert.That(errors.Single().Message, Is.EqualTo("spec: minReplicas must not exceed maxReplicas"));
    }

    [Test]
    public void A_message_expression_and_rules_on_list_items_are_evaluated_for_each_item()
    {
        var findings = Check("""
            apiVersion: example.com/v1
            kind: Widget
            metadata: {name: w}
            [|spec|]:
              minReplicas: 1
              maxReplicas: 2
              image: nginx
              ports:
                - port: 8080
                [|- port: 80|]
                  privileged: false
                - port: 443
                  privileged: true
            """, out var markup);

        var errors = findings.Where(d => d.Code == "schema-validation-rule").OrderBy(d => d.Span.Start).ToList();
        Assert.That(errors.Select(e => e.Message), Is.EqualTo(new[] { "spec: image nginx has no tag", "spec.ports[1]: ports up to 1024 need privileged: true" }));
        Assert.That(errors[0].Span, Is.EqualTo(markup.Spans[0]));
        Assert.That(errors[1].Span.Start, Is.EqualTo(markup.Spans[1].Start + 2), "at the item");
    }

    [Test]
    public void A_transition_rule_is_skipped_with_one_note()
    {
        var findings = Check("""
            apiVersion: example.com/v1
            kind: Widget
            metadata: {name: w}
            spec:
              minReplicas: 1
              maxReplicas: 2
            """, out _);

        Assert.That(findings.Single().Code, Is.EqualTo("schema-validation-rule-not-evaluated"));
        Assert.That(findings.Single().Severity, Is.EqualTo(DiagnosticSeverity.Information));
        Assert.That(findings.Single().Message, Does.Contain("oldSelf"));
    }

    [Test]
    public void A_valid_widget_has_no_rule_findings_but_the_transition_note()
    {
        var findings = Check("apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec:\n  minReplicas: 1\n  maxReplicas: 3\n  image: nginx:1.27\n", out _);
        Assert.That(findings.Where(d => d.Severity != DiagnosticSeverity.Information), Is.Empty);
    }
}
