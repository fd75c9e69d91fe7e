using GitOpsAi.Core.Manifests;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Rules.Templates;

/// <summary>Base for templates that look at each container of a workload's pod spec.</summary>
public abstract class ContainerTemplate<TParameters> : RuleTemplate<TParameters>
    where TParameters : class, new()
{
    protected ContainerTemplate(TParameters? parameters = null)
        : base(parameters)
    {
    }

    /// <summary>Whether init containers are checked too (most security checks: yes; probes: no).</summary>
    protected virtual bool IncludeInitContainers => true;

    protected sealed override void Check(RuleContext context, TParameters parameters)
    {
        if (context.Manifest.PodTemplate is not { } pod)
        {
            return;
        }

        var containers = IncludeInitContainers ? pod.AllContainers : pod.Containers;
        if (containers is Container[] listed)
        {
            // The pod template keeps its lists as arrays: walked as one, not through an enumerator per rule and object.
            foreach (var container in listed)
            {
                CheckContainer(context, pod, container, parameters);
            }

            return;
        }

        foreach (var container in containers)
        {
            CheckContainer(context, pod, container, parameters);
        }
    }

    protected abstract void CheckContainer(RuleContext context, PodTemplate pod, Container container, TParameters parameters);

    /// <summary>
    /// A field of the container's securityContext, else of the pod's (the container wins, as in Kubernetes). A field
    /// written without a value ("runAsNonRoot:") is unset, so the pod's value still applies.
    /// </summary>
    protected static YamlNode? EffectiveSecurityField(PodTemplate pod, Container container, string field) =>
        ValueOf(container.SecurityContext?[field]) ?? ValueOf(pod.SecurityContext?[field]);

    private static YamlNode? ValueOf(YamlNode? node) => node is YamlScalar { IsNull: true } ? null : node;

    protected static bool IsTrue(YamlNode? node) => node is YamlScalar { IsTrue: true };

    protected static bool IsFalse(YamlNode? node) => node is YamlScalar { Type: YamlScalarType.Boolean } scalar && scalar.Value is "false" or "False" or "FALSE";
}
