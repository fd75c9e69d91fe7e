using GitOpsAi.Core.Expressions.Cel;

namespace GitOpsAi.Core.Tests.Expressions.Cel;

/// <summary>Representative expressions of the kind Kubernetes policies and CRD rules use, with the values cel-go gives.</summary>
public class CelEvaluatorTests
{
    private static readonly object? Pod = CelValues.FromYaml(YamlParser.Parse("""
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
          labels:
            app.kubernetes.io/name: web
            tier: backend
        spec:
          replicas: 3
          ratio: 0.5
          hostNetwork: false
          nodeName: null
          containers:
            - name: a
              image: nginx:1.27
              resources: {limits: {memory: 512Mi, cpu: 500m}}
              ports: [{containerPort: 80}, {containerPort: 8080}]
            - name: b
              image: redis
        """).Documents[0].Root);

    private static readonly Dictionary<string, object?> Variables = new()
    {
        ["object"] = Pod,
        ["oldObject"] = null,
        ["params"] = CelValues.Map(("maxReplicas", 5L), ("allowed", new object?[] { "nginx", "redis" })),
    };

    private static string Eval(string expression)
    {
        var outcome = CelEvaluator.Evaluate(expression, Variables);
        return outcome.Kind switch
        {
            CelOutcomeKind.Value => CelValues.Display(outcome.Value),
            CelOutcomeKind.Error => "error: " + outcome.Message,
            _ => "not evaluated: " + outcome.Message,
        };
    }

    // has() and field selection
    [TestCase("has(object.spec.replicas)", "true")]
    [TestCase("has(object.spec.missing)", "false")]
    [TestCase("has(object.spec.hostNetwork)", "true")] // present though false: presence, not protobuf's "set to non-default"
    [TestCase("has(object.spec.nodeName)", "true")]
    [TestCase("has(object.metadata.labels.tier)", "true")]
    [TestCase("object.metadata.labels['app.kubernetes.io/name']", "'web'")]
    [TestCase("'tier' in object.metadata.labels", "true")]
    [TestCase("object.spec.containers[1].name", "'b'")]
    // macros
    [TestCase("object.spec.containers.all(c, c.image != '')", "true")]
    [TestCase("object.spec.containers.exists(c, c.name == 'b')", "true")]
    [TestCase("object.spec.containers.exists_one(c, c.image.startsWith('nginx'))", "true")]
    [TestCase("object.spec.containers.map(c, c.name)", "['a', 'b']")]
    [TestCase("object.spec.containers.filter(c, has(c.ports)).size()", "1")]
    [TestCase("object.spec.containers.map(c, has(c.ports), c.name)", "['a']")]
    [TestCase("object.metadata.labels.all(k, k.size() > 0)", "true")]
    // size, matches, string extensions
    [TestCase("size(object.metadata.name) == 3", "true")]
    [TestCase("object.metadata.name.matches('^w[a-z]+$')", "true")]
    [TestCase("object.spec.containers[0].image.find('[0-9.]+$')", "'1.27'")]
    [TestCase("'a,b,c'.split(',')", "['a', 'b', 'c']")]
    [TestCase("'Hello'.lowerAscii() + 'x'.upperAscii()", "'helloX'")]
    [TestCase("'a.b.c'.replace('.', '-')", "'a-b-c'")]
    [TestCase("'  x '.trim()", "'x'")]
    [TestCase("'registry/app:1'.indexOf(':')", "12")]
    [TestCase("'registry/app:1'.substring(9, 12)", "'app'")]
    [TestCase("['a', 'b'].join('/')", "'a/b'")]
    // quantity
    [TestCase("quantity(object.spec.containers[0].resources.limits.memory).isLessThan(quantity('1Gi'))", "true")]
    [TestCase("quantity('500m').compareTo(quantity('0.5'))", "0")]
    [TestCase("quantity('1k').add(quantity('24')).asInteger()", "1024")]
    [TestCase("isQuantity('12Zi')", "false")]
    // optional types
    [TestCase("object.spec.?missing.orValue('d')", "'d'")]
    [TestCase("object.spec.?replicas.orValue(1)", "3")]
    [TestCase("object.?spec.?template.?spec.?containers.orValue([]).size()", "0")]
    [TestCase("object.metadata.?labels[?'tier'].orValue('')", "'backend'")]
    [TestCase("object.metadata.?annotations[?'a'].hasValue()", "false")]
    [TestCase("optional.of(1).value()", "1")]
    // ternaries, int/uint/double, null
    [TestCase("object.spec.replicas > params.maxReplicas ? 'too many' : 'ok'", "'ok'")]
    [TestCase("object.spec.replicas + 1 == 4", "true")]
    [TestCase("1u + 2u == 3u", "true")]
    [TestCase("object.spec.ratio * 2.0", "1")]
    [TestCase("int('7') * 2", "14")]
    [TestCase("double(object.spec.replicas) / 2.0", "1.5")]
    [TestCase("oldObject == null", "true")]
    [TestCase("object.spec.nodeName == null", "true")]
    [TestCase("!object.spec.hostNetwork", "true")]
    [TestCase("object.spec.containers.size() + 1 == 3", "true")]
    [TestCase("size(object.spec.containers) * 2", "4")]
    [TestCase("object.spec.containers.size() > object.spec.replicas - 2", "true")]
    [TestCase("object.metadata.labels.size()", "2")]
    [TestCase("object.spec.replicas in [1, 2, 3]", "true")]
    [TestCase("'nginx' in object.spec.containers.map(c, c.image.split(':')[0])", "true")]
    [TestCase("object.spec.containers.all(c, c.name.size() <= 63 && c.name.matches('^[a-z0-9-]+$'))", "true")]
    // lists library
    [TestCase("[3, 1, 2].sum()", "6")]
    [TestCase("[3, 1, 2].max()", "3")]
    [TestCase("[1, 2, 3].isSorted()", "true")]
    [TestCase("object.spec.containers.map(c, c.name).indexOf('b')", "1")]
    [TestCase("object.spec.containers.all(c, c.image.split(':')[0] in params.allowed)", "true")]
    // url, ip and cidr
    [TestCase("isURL('https://example.com:8443/path')", "true")]
    [TestCase("url('https://example.com:8443/path').getPort()", "'8443'")]
    [TestCase("isIP('10.0.0.1') && !isIP('10.0.0')", "true")]
    [TestCase("cidr('10.0.0.0/8').containsIP(ip('10.1.2.3'))", "true")]
    public void An_expression_evaluates_as_the_api_server_evaluates_it(string expression, string expected) =>
        Assert.That(Eval(expression), Is.EqualTo(expected));

    [TestCase("object.spec.missing > 1", "error: no such key: missing")]
    [TestCase("object.spec.missing.deeper == 1", "error: no such key: missing")]
    [TestCase("object.spec.containers[5].name", "error: index out of range")]
    [TestCase("quantity('12Zi').sign()", "error: quantities must match the regular expression: '12Zi' does not")]
    public void An_expression_that_fails_on_the_data_is_an_error_as_in_the_cluster(string expression, string expected) =>
        Assert.That(Eval(expression), Is.EqualTo(expected));

    [TestCase("object.metadata.name.format([])", "not evaluated: the function format() is not supported")]
    [TestCase("semver('1.2.3').isGreaterThan(semver('1.0.0'))", "not evaluated: the function semver() is not supported")]
    [TestCase("authorizer.group('apps').check('create')", "not evaluated: the functions group(), check() are not supported")]
    public void An_unsupported_function_is_named_and_never_gives_a_verdict(string expression, string expected) =>
        Assert.That(Eval(expression), Is.EqualTo(expected));

    [Test]
    public void Mixing_int_and_uint_is_not_evaluated_rather_than_guessed()
    {
        // cel-go's type checker refuses int + uint; the library fails at run time. Either way there is no verdict.
        Assert.That(CelEvaluator.Evaluate("object.spec.replicas + 1u > 2", Variables).Kind, Is.EqualTo(CelOutcomeKind.NotEvaluated));
    }

    [TestCase(100_000, "(", ")")]
    [TestCase(100_000, "!", "")]
    [TestCase(60, "(", ")")]
    [TestCase(20_000, "object", ".spec")]
    [TestCase(600, "object", ".a")]
    public void An_expression_built_to_be_deep_is_not_evaluated_and_never_overflows_the_stack(int count, string prefix, string suffix)
    {
        var expression = prefix == "object" ? prefix + string.Concat(Enumerable.Repeat(suffix, count)) : string.Concat(Enumerable.Repeat(prefix, count)) + "true" + string.Concat(Enumerable.Repeat(suffix, count));

        var outcome = CelEvaluator.Evaluate(expression, Variables);

        Assert.That(outcome.Kind, Is.EqualTo(CelOutcomeKind.NotEvaluated));
    }

    [Test]
    public void A_syntax_error_is_not_evaluated_and_says_where()
    {
        var outcome = CelEvaluator.Evaluate("object.spec.replicas >", Variables);

        Assert.That(outcome.Kind, Is.EqualTo(CelOutcomeKind.NotEvaluated));
        Assert.That(outcome.Message, Does.StartWith("syntax error"));
    }

    [Test]
    public void Optional_syntax_is_rewritten_without_touching_strings()
    {
        Assert.That(CelSyntaxRewriter.Rewrite("a.?b.c == 'x.?y'"), Is.EqualTo("__optSelect(__optSelect(a, 'b'), 'c') == 'x.?y'"));
        Assert.That(CelSyntaxRewriter.Rewrite("f(x).m[?'k'].orValue(1)"), Is.EqualTo("__optIndex(f(x).m, 'k').orValue(1)"));
    }
}
