using GitOpsAi.Core.Expressions.JmesPath;
using GitOpsAi.Core.Kyverno;


namespace GitOpsAi.Core.Tests.Expressions.JmesPath;

public class JmesPathTests
{
    private static readonly JValue Data = JValue.FromYaml(YamlParser.Parse("""
        request:
          object:
            metadata:
              name: web
              labels:
                app.kubernetes.io/name: web
                tier: backend
            spec:
              containers:
                - name: a
                  image: nginx:1.27
                  ports: [{containerPort: 80}, {containerPort: 8080}]
                - name: b
                  image: redis
                  securityContext:
                    capabilities:
                      drop: [all, net_raw]
              initContainers:
                - name: init
                  image: busybox
        """).Documents[0].Root);

    private static string Eval(string expression) => JmesInterpreter.Evaluate(JmesParser.Parse(expression), Data) switch
    {
        { IsMissing: true } => "<missing>",
        var value => value.ToJson(),
    };

    [TestCase("request.object.metadata.name", "\"web\"")]
    [TestCase("request.object.metadata.labels.\"app.kubernetes.io/name\"", "\"web\"")]
    [TestCase("request.object.metadata.missing", "<missing>")]
    [TestCase("request.object.metadata.missing.deeper", "<missing>")]
    [TestCase("request.object.metadata.missing || 'default'", "\"default\"")]
    [TestCase("request.object.metadata.name.length", "null")]
    [TestCase("request.object.spec.containers[0].name", "\"a\"")]
    [TestCase("request.object.spec.containers[-1].name", "\"b\"")]
    [TestCase("request.object.spec.containers[].name", "[\"a\",\"b\"]")]
    [TestCase("request.object.spec.containers[*].name", "[\"a\",\"b\"]")]
    [TestCase("request.object.spec.containers[].ports[].containerPort", "[80,8080]")]
    [TestCase("request.object.spec.containers[].securityContext.capabilities.drop[]", "[\"all\",\"net_raw\"]")]
    [TestCase("request.object.spec.containers[].securityContext.capabilities.drop[].to_upper(@)", "[\"ALL\",\"NET_RAW\"]")]
    [TestCase("request.object.spec.[initContainers, containers][].name", "[\"init\",\"a\",\"b\"]")]
    [TestCase("request.object.spec.containers[?name == 'b'].image | [0]", "\"redis\"")]
    [TestCase("request.object.spec.containers[?(@.name=='a')].image", "[\"nginx:1.27\"]")]
    [TestCase("request.object.spec.containers[?contains(image, ':')] | length(@)", "1")]
    [TestCase("request.object.spec.containers[?!securityContext].name", "[\"a\"]")]
    [TestCase("length(request.object.spec.containers)", "2")]
    [TestCase("length(request.object.spec.missing)", "<missing>")]
    [TestCase("request.object.metadata.labels.keys(@)", "[\"app.kubernetes.io/name\",\"tier\"]")]
    [TestCase("request.object.metadata.labels | values(@) | sort(@)", "[\"backend\",\"web\"]")]
    [TestCase("request.object.metadata.labels.*", "[\"web\",\"backend\"]")]
    [TestCase("{n: request.object.metadata.name, c: length(request.object.spec.containers)}", "{\"c\":2,\"n\":\"web\"}")]
    [TestCase("request.object.spec.containers[0:1].name", "[\"a\"]")]
    [TestCase("request.object.spec.containers[::-1].name", "[\"b\",\"a\"]")]
    [TestCase("`[1, 2, 3]` | max(@)", "3")]
    [TestCase("sum(`[1, 2.5]`)", "3.5")]
    [TestCase("`true` && `false`", "false")]
    [TestCase("!`false`", "true")]
    [TestCase("`1` < `2`", "true")]
    [TestCase("'a' < 'b'", "null")]
    [TestCase("join(', ', request.object.spec.containers[].name)", "\"a, b\"")]
    [TestCase("split('a/b/c', '/')", "[\"a\",\"b\",\"c\"]")]
    [TestCase("regex_match('^nginx:[0-9.]+$', request.object.spec.containers[0].image)", "true")]
    [TestCase("regex_replace_all('(\\w+):.*', 'nginx:1.27', '$1')", "\"nginx\"")]
    [TestCase("replace_all('a-b-c', '-', '_')", "\"a_b_c\"")]
    [TestCase("to_string(`5`)", "\"5\"")]
    [TestCase("to_number('42')", "42")]
    [TestCase("starts_with(request.object.metadata.name, 'we')", "true")]
    [TestCase("contains(request.object.spec.containers[].name, 'b')", "true")]
    [TestCase("add(`1`, `2`)", "3")]
    [TestCase("divide(`7`, `2`)", "3.5")]
    [TestCase("base64_decode(base64_encode('hi'))", "\"hi\"")]
    [TestCase("truncate('kubernetes', `4`)", "\"kube\"")]
    [TestCase("parse_json('{\"a\": [1]}').a[0]", "1")]
    [TestCase("parse_yaml('a: {b: c}').a.b", "\"c\"")]
    [TestCase("items(`{\"a\": 1}`, 'k', 'v')", "[{\"k\":\"a\",\"v\":1}]")]
    [TestCase("label_match(`{\"tier\": \"backend\"}`, request.object.metadata.labels)", "true")]
    [TestCase("pattern_match('>=80', `8080`)", "true")]
    [TestCase("sort_by(request.object.spec.containers, &name)[0].name", "\"a\"")]
    [TestCase("max_by(request.object.spec.containers[0].ports, &containerPort).containerPort", "8080")]
    [TestCase("path_canonicalize('/var//run/../lib')", "\"/var/lib\"")]
    [TestCase("not_null(request.object.metadata.nope, 'x')", "\"x\"")]
    [TestCase("merge(`{\"a\": 1}`, `{\"b\": 2}`)", "{\"a\":1,\"b\":2}")]
    public void Expressions_evaluate_as_in_kyverno(string expression, string expected)
    {
        Assert.That(Eval(expression), Is.EqualTo(expected));
    }

    [TestCase("request.object.[")]
    [TestCase("a ==")]
    [TestCase("foo(")]
    [TestCase("[?a")]
    [TestCase("'unterminated")]
    public void Invalid_expressions_do_not_parse(string expression)
    {
        Assert.That(JmesParser.TryParse(expression, out _, out var error), Is.False);
        Assert.That(error, Is.Not.Empty);
    }

    [Test]
    public void Values_read_from_the_resource_keep_their_position()
    {
        var value = JmesInterpreter.Evaluate(JmesParser.Parse("request.object.spec.containers[1].image"), Data);
        Assert.That(value.Node, Is.Not.Null);
        Assert.That(value.Path, Is.EqualTo("/request/object/spec/containers/1/image/"));
    }

    [Test]
    public void Variables_substitute_typed_values_and_text()
    {
        var context = EvalContext.Create([new("request", ((JObject)Data).Get("request")!)]);
        Assert.Multiple(() =>
        {
            Assert.That(Variables.Substitute(JValue.String("{{ request.object.spec.containers[0].ports[0].containerPort }}"), context, lenient: false), Is.InstanceOf<JNumber>());
            Assert.That(Variables.Substitute(JValue.String("name={{request.object.metadata.name}}, n={{ length(request.object.spec.containers) }}"), context, lenient: false).ToString(), Is.EqualTo("name=web, n=2"));
            Assert.That(Variables.Substitute(JValue.String("{{ request.object.metadata.labels.\"{{ request.object.metadata.name }}\" || 'none' }}"), context, lenient: false).ToString(), Is.EqualTo("none"));
            Assert.That(Variables.Substitute(JValue.String("{{ request.object.nope }}"), context, lenient: true).ToString(), Is.EqualTo(string.Empty));
            Assert.Throws<VariableException>(() => Variables.Substitute(JValue.String("{{ request.object.nope }}"), context, lenient: false));
        });
    }

    [TestCase("100m", "0.1", 0)]
    [TestCase("1Gi", "1024Mi", 0)]
    [TestCase("1.5", "1500m", 0)]
    [TestCase("2e3", "2k", 0)]
    [TestCase("1Ki", "1k", 1)]
    [TestCase("500Mi", "1G", -1)]
    public void Quantities_compare_exactly(string a, string b, int sign)
    {
        Assert.That(Quantity.TryParse(a, out var x) && Quantity.TryParse(b, out var y) ? Math.Sign(x.CompareTo(y)) : 99, Is.EqualTo(sign));
    }

    [TestCase("1h30m", 5400)]
    [TestCase("300ms", 0.3)]
    [TestCase("0", 0)]
    [TestCase("-2m", -120)]
    public void Durations_parse_as_go_does(string text, double seconds)
    {
        Assert.That(GoDuration.TryParse(text, out var parsed), Is.True);
        Assert.That(parsed, Is.EqualTo(seconds).Within(1e-9));
    }

    [TestCase("*", "anything", true)]
    [TestCase("a?c", "abc", true)]
    [TestCase("a?c", "ac", false)]
    [TestCase("*.corp.io/*", "registry.corp.io/app", true)]
    [TestCase("nginx", "nginx:1", false)]
    public void Wildcards_match(string pattern, string text, bool matches)
    {
        Assert.That(Wildcard.Match(pattern, text), Is.EqualTo(matches));
    }

    [TestCase("nginx", "docker.io", "nginx", "nginx", "latest")]
    [TestCase("ghcr.io/fluxcd/source-controller:v1.2.0", "ghcr.io", "fluxcd/source-controller", "source-controller", "v1.2.0")]
    [TestCase("localhost:5000/app@sha256:abc", "localhost:5000", "app", "app", "")]
    [TestCase("bitnami/redis:7", "docker.io", "bitnami/redis", "redis", "7")]
    public void Image_references_split_as_kyverno_does(string image, string registry, string path, string name, string tag)
    {
        var info = ImageVariables.Parse(image)!;
        Assert.That((info.Get("registry")!.ToString(), info.Get("path")!.ToString(), info.Get("name")!.ToString(), info.Get("tag")!.ToString()), Is.EqualTo((registry, path, name, tag)));
    }
}
