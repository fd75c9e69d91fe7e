using GitOpsAi.Core.Expressions.Cel;

namespace GitOpsAi.Core.Tests.Expressions.Cel;

/// <summary>
/// Dotted paths are answered by walking maps before the library's own (slow) selection: the answers must be the
/// library's, including where a macro binds a name that is also a variable, and cached regexes fail as before.
/// </summary>
public class CelScopeTests
{
    private static readonly Dictionary<string, object?> Variables = new()
    {
        ["object"] = CelValues.FromYaml(YamlParser.Parse("""
            image: ""
            spec:
              nodeName: null
              containers:
                - {name: a, image: nginx}
                - {name: b, image: nginx}
            """).Documents[0].Root),
    };

    private static string Eval(string expression)
    {
        var outcome = CelEvaluator.Evaluate(expression, Variables);
        return outcome.Kind == CelOutcomeKind.Value ? CelValues.Display(outcome.Value) : $"{outcome.Kind}: {outcome.Message}";
    }

    [Test]
    public void A_macro_variable_named_like_a_variable_is_the_macros_inside_the_macro()
    {
        Assert.That(Eval("object.spec.containers.all(object, object.image == 'nginx')"), Is.EqualTo("true"));
        Assert.That(Eval("object.spec.containers.exists(object, object.image == '')"), Is.EqualTo("false"));
        Assert.That(Eval("object.image == ''"), Is.EqualTo("true"), "outside the macro the name is the variable again");
    }

    [TestCase("object.spec.containers[0].image", "'nginx'")]
    [TestCase("object.spec.nodeName", "null")]
    [TestCase("object.spec.nodeName.x", "null")] // the library's walk: selecting below null is null
    [TestCase("has(object.spec.missing)", "false")]
    [TestCase("object.spec.missing == 1", "Error: no such key: missing")]
    [TestCase("object.spec.containers.x", "Error: no such key: containers")] // the library names the list the field is not found on
    public void A_path_gives_what_the_librarys_own_selection_gives(string expression, string expected)
    {
        Assert.That(Eval(expression), Is.EqualTo(expected));
    }

    [Test]
    public void An_invalid_pattern_fails_the_same_way_every_time_it_is_used()
    {
        var first = Eval("'abc'.matches('[a-')");
        var second = Eval("'abc'.matches('[a-')");

        Assert.That(first, Does.StartWith("Error: invalid regular expression '[a-'"));
        Assert.That(second, Is.EqualTo(first));
    }
}

/// <summary>The library's per-selection enum scan is switched off; an upgrade of the library that moves it says so here.</summary>
public class CelDescriptorsTests
{
    [Test]
    public void The_protobuf_descriptor_list_the_library_scans_on_every_selection_can_be_emptied()
    {
        Assert.That(CelDescriptors.TryEmpty(new global::Cel.CelEnvironment(null, null)), Is.True);
    }
}
