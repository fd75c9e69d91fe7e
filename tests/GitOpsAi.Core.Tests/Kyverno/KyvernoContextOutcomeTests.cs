using GitOpsAi.Core.Expressions.JmesPath;
using GitOpsAi.Core.Kyverno;
using GitOpsAi.Core.Kyverno.Mutation;
using GitOpsAi.Core.Workspace;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Tests.Kyverno;

/// <summary>
/// Context entries, cluster reads and patches say "unknown" or "error" as results, not exceptions (thousands per check
/// of the corpus). The throwing forms other callers keep must say exactly what the results say, word for word.
/// </summary>
public class KyvernoContextOutcomeTests
{
    private const string Registries = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: registries
          namespace: platform
        data:
          allowed: "corp.io/*"
        """;

    private static ResourceInfo Pod(string metadata)
    {
        var text = $"""
            apiVersion: v1
            kind: Pod
            metadata:
              name: web
            {metadata}
            spec:
              containers:
                - name: web
                  image: nginx
            """;
        var fileSystem = new InMemoryFileSystem().Add("platform/registries.yaml", Registries).Add("apps/pod.yaml", text);
        var workspace = WorkspaceLoader.Load(InMemoryFileSystem.Root, fileSystem);
        var manifest = workspace.GetFile(InMemoryFileSystem.PathOf("apps/pod.yaml"))!.Objects[0];
        return ResourceInfo.From(manifest, _ => new Dictionary<string, string>(), RepositoryObjects.For(workspace));
    }

    private static JValue Tree(string yaml) => JValue.Strip(JValue.FromYaml(YamlParser.Parse(yaml).Documents[0].Root));

    private static ContextVariable ConfigMap(string name, string ns) =>
        new("registries", null, null, null) { Lookup = new ContextLookup(name, ns, null) };

    private static ContextVariable Variable(string value) => new("value", JValue.String(value), null, null);

    /// <summary>What the throwing form says: (kind of failure, message), or ("ok", the entries' names' values).</summary>
    private static (string Kind, string Text) Thrown(IReadOnlyList<ContextVariable> entries, EvalContext context)
    {
        try
        {
            var added = RuleEvaluator.AddContext(entries, context);
            return ("ok", string.Join(",", entries.Select(e => added.Query(e.Name).ToJson())));
        }
        catch (UnknownContextException exception)
        {
            return ("unknown", exception.Message);
        }
        catch (VariableException exception)
        {
            return ("error", exception.Message);
        }
    }

    private static (string Kind, string Text) Returned(IReadOnlyList<ContextVariable> entries, EvalContext context)
    {
        var outcome = RuleEvaluator.TryAddContext(entries, context);
        return outcome.Context is { } added ? ("ok", string.Join(",", entries.Select(e => added.Query(e.Name).ToJson())))
            : outcome.Unknown is { } unknown ? ("unknown", unknown)
            : ("error", outcome.Error!);
    }

    [Test]
    public void A_read_in_the_namespace_of_an_object_written_without_one_is_unknown_and_says_so_as_before()
    {
        var context = Pod(metadata: "").RequestContext;
        var entries = new[] { ConfigMap("registries", "{{ request.object.metadata.namespace }}") };

        Assert.That(Returned(entries, context), Is.EqualTo(("unknown",
            "it reads {{ request.object.metadata.namespace }} in the object's namespace, which it gets only when applied")));
        Assert.That(Thrown(entries, context), Is.EqualTo(Returned(entries, context)));
    }

    [Test]
    public void A_read_in_the_namespace_of_a_placed_object_that_misses_another_variable_is_an_error()
    {
        var context = Pod(metadata: "  namespace: shop").RequestContext;
        var entries = new[] { ConfigMap("{{ request.object.metadata.labels.team }}", "{{ request.object.metadata.namespace }}") };

        Assert.That(Returned(entries, context), Is.EqualTo(("error", "failed to resolve request.object.metadata.labels.team: it is not set")));
        Assert.That(Thrown(entries, context), Is.EqualTo(Returned(entries, context)));
    }

    [TestCase("registries", "platform", "ok")]
    [TestCase("registries", "elsewhere", "unknown")]
    [TestCase("{{ request.object.metadata.name }}", "platform", "unknown")]
    [TestCase("{{ request.object.spec.nope }}", "platform", "error")]
    public void A_configMap_entry_gives_the_same_outcome_returned_and_thrown(string name, string ns, string kind)
    {
        var context = Pod(metadata: "  namespace: shop").RequestContext;
        var entries = new[] { ConfigMap(name, ns) };

        Assert.That(Returned(entries, context).Kind, Is.EqualTo(kind));
        Assert.That(Thrown(entries, context), Is.EqualTo(Returned(entries, context)));
    }

    [TestCase("{{ request.object.metadata.name }}", "ok")]
    [TestCase("{{ request.object.metadata.nope }}", "error")]
    [TestCase("prefix-{{ request.object.spec.nope }}", "error")]
    public void A_variable_entry_gives_the_same_outcome_returned_and_thrown(string value, string kind)
    {
        var context = Pod(metadata: "  namespace: shop").RequestContext;
        var entries = new[] { Variable(value), new ContextVariable("empty", null, "request.object.spec.nothing", null) };

        // The second entry evaluates to nothing and has no default: an error when the first one resolves.
        Assert.That(Returned(entries, context).Kind, Is.EqualTo("error"));
        Assert.That(Returned(entries[..1], context).Kind, Is.EqualTo(kind));
        Assert.That(Thrown(entries, context), Is.EqualTo(Returned(entries, context)));
        Assert.That(Thrown(entries[..1], context), Is.EqualTo(Returned(entries[..1], context)));
    }

    [Test]
    public void Substituting_a_tree_with_a_variable_that_is_not_set_returns_what_the_exception_says()
    {
        var context = Pod(metadata: "  namespace: shop").RequestContext;
        var tree = Tree("metadata:\n  labels:\n    - ok: '{{ request.object.metadata.name }}'\n    - bad: 'x-{{ request.object.spec.nope }}'\n");

        var returned = Variables.TrySubstituteAll(tree, context, lenient: false, out var error);
        var thrown = Assert.Throws<VariableException>(() => Variables.SubstituteAll(tree, context, lenient: false));

        Assert.That(returned, Is.Null);
        Assert.That(error, Is.EqualTo("failed to resolve request.object.spec.nope: it is not set"));
        Assert.That(thrown!.Message, Is.EqualTo(error));
        Assert.That(Variables.TrySubstituteAll(tree, context, lenient: true, out error)!.ToJson(),
            Is.EqualTo("{\"metadata\":{\"labels\":[{\"ok\":\"web\"},{\"bad\":\"x-\"}]}}"));
        Assert.That(error, Is.Null);
    }

    [Test]
    public void A_patch_with_a_variable_that_is_not_set_is_an_error_result_with_the_words_of_the_exception()
    {
        var resource = Pod(metadata: "  namespace: shop");
        var patches = new MutatePatches(Tree("metadata:\n  labels:\n    team: '{{ request.object.metadata.labels.team }}'\n"), null);

        var returned = RuleMutator.TryApply(patches, resource.Object, resource.RequestContext, out var error);
        var thrown = Assert.Throws<VariableException>(() => RuleMutator.Apply(patches, resource.Object, resource.RequestContext));

        Assert.That(returned, Is.Null);
        Assert.That(error, Is.EqualTo("failed to resolve request.object.metadata.labels.team: it is not set"));
        Assert.That(thrown!.Message, Is.EqualTo(error));
    }
}
