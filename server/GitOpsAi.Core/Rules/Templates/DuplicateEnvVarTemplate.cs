using GitOpsAi.Core.Manifests;
using GitOpsAi.Core.Yaml;
using Container = GitOpsAi.Core.Manifests.Container;

namespace GitOpsAi.Core.Rules.Templates;

/// <summary>Environment variables set twice in one container: the later entry wins, and server-side apply rejects the list.</summary>
public sealed class DuplicateEnvVarTemplate() : ContainerTemplate<NoParameters>(null)
{
    public override string TemplateName => "duplicate-env-var";

    protected override void CheckContainer(RuleContext context, PodTemplate pod, Container container, NoParameters parameters)
    {
        // The set made once a second variable comes, and the list read by index: a dictionary and an enumerator per container
        // checked, most with one variable or none, were 3 MB of a 50,000-resource check.
        var env = container.Node.GetSequence("env")?.Items ?? [];
        if (env.Count < 2)
        {
            return;
        }

        var seen = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        for (var i = 0; i < env.Count; i++)
        {
            if (env[i] is not YamlMapping entry || entry["name"] is not YamlScalar { IsNull: false } name || PodSpecValues.IsSubstituted(name))
            {
                continue;
            }

            if (seen.TryGetValue(name.Value, out var first))
            {
                var line = context.Source.GetLinePosition(first.Span.Start).Line + 1;
                context.Report(name, $"Container '{container.Name}' sets the environment variable {name.Value} again (first on line {line}).");
            }
            else
            {
                seen[name.Value] = name;
            }
        }
    }
}
