using GitOpsAi.Core.Expressions.JmesPath;

namespace GitOpsAi.Core.Tests.Expressions.JmesPath;

/// <summary>
/// Kyverno's arithmetic over numbers, quantities and durations, with the results Kyverno gives (modelled on
/// kyverno/kyverno's pkg/engine/jmespath arithmetic cases): quantities keep the first operand's format and come back
/// in Kubernetes' canonical spelling, durations in Go's.
/// </summary>
public class KyvernoArithmeticTests
{
    private static readonly JValue Data = JValue.FromYaml(YamlParser.Parse("""
        request:
          object:
            spec:
              containers:
                - resources: {limits: {memory: 100Mi}}
                - resources: {limits: {memory: 412Mi}}
        """).Documents[0].Root);

    private static string Eval(string expression) => JmesInterpreter.Evaluate(JmesParser.Parse(expression), Data).ToJson();

    [TestCase("divide('300Mi', '100Mi')", "3")]
    [TestCase("divide('1h', '30m0s')", "2")]
    [TestCase("divide('12Ki', `3`)", "\"4Ki\"")]
    [TestCase("divide('1500m', `4`)", "\"375m\"")]
    [TestCase("divide('1h', `4`)", "\"15m0s\"")]
    [TestCase("divide(`7`, `2`)", "3.5")]
    [TestCase("multiply('100Mi', `3`)", "\"300Mi\"")]
    [TestCase("multiply(`2.5`, '12Ki')", "\"30Ki\"")]
    [TestCase("multiply('250m', `2`)", "\"500m\"")]
    [TestCase("multiply('1h', `0.5`)", "\"30m0s\"")]
    [TestCase("add('100Mi', '200Mi')", "\"300Mi\"")]
    [TestCase("add('1h', '30m0s')", "\"1h30m0s\"")]
    [TestCase("add('1', '2')", "\"3\"")]
    [TestCase("add('2k', '1k')", "\"3k\"")]
    [TestCase("add(`1`, `2`)", "3")]
    [TestCase("subtract('1Gi', '512Mi')", "\"512Mi\"")]
    [TestCase("subtract('1', '1500m')", "\"-500m\"")]
    [TestCase("subtract('2s', '500ms')", "\"1.5s\"")]
    [TestCase("subtract('1s', '999ms')", "\"1ms\"")]
    [TestCase("modulo('10Gi', '3Gi')", "\"1Gi\"")]
    [TestCase("modulo('90m0s', '1h')", "\"30m0s\"")]
    [TestCase("modulo(`7`, `3`)", "1")]
    [TestCase("sum(['100m', '200m'])", "\"300m\"")]
    [TestCase("sum(['1Gi', '512Mi'])", "\"1536Mi\"")]
    [TestCase("sum(['1m0s', '1s'])", "\"1m1s\"")]
    [TestCase("sum(`[1, 2, 3]`)", "6")]
    [TestCase("sum(request.object.spec.containers[].resources.limits.memory)", "\"512Mi\"")]
    public void Arithmetic_accepts_quantities_and_durations_as_Kyverno_does(string expression, string expected)
    {
        Assert.That(Eval(expression), Is.EqualTo(expected));
    }

    [TestCase("add(`1`, '1Mi')", "types mismatch")]
    [TestCase("modulo('90m', '1h')", "types mismatch")] // 90m is 0.09, a quantity, for Kyverno too
    [TestCase("divide('1h', '30m')", "types mismatch")]
    [TestCase("add('1h', '1Mi')", "types mismatch")]
    [TestCase("divide(`1`, '1Mi')", "types mismatch")]
    [TestCase("multiply('1Mi', '1Mi')", "types mismatch")]
    [TestCase("divide('1Mi', '0')", "division by zero")]
    [TestCase("modulo(`7.5`, `2`)", "non-integer")]
    [TestCase("add('abc', `1`)", "invalid operands")]
    [TestCase("sum(`[]`)", "at least one element")]
    public void Arithmetic_on_operands_Kyverno_refuses_is_an_error(string expression, string error)
    {
        var exception = Assert.Throws<JmesException>(() => Eval(expression));
        Assert.That(exception!.Message, Does.Contain(error));
    }

    [TestCase("to_string(request.object.spec.missing)", "\"null\"")]
    [TestCase("type(request.object.spec.missing)", "\"null\"")]
    [TestCase("to_string(request.object.missing.deeper)", "\"null\"")]
    public void To_string_and_type_of_a_missing_field_are_null_as_in_Kyverno(string expression, string expected)
    {
        Assert.That(Eval(expression), Is.EqualTo(expected));
    }
}
