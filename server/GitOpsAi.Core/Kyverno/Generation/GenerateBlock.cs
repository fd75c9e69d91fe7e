using GitOpsAi.Core.Expressions.JmesPath;

namespace GitOpsAi.Core.Kyverno.Generation;

/// <summary>A generate rule's block: the resource it creates, from <c>data</c> or cloned from another object.</summary>
internal sealed record GenerateBlock(string? ApiVersion, string Kind, string Name, string? Namespace, JValue? Data, string? CloneNamespace, string? CloneName)
{
    /// <summary>Parses the block; what cannot be evaluated is added to <paramref name="reasons"/>.</summary>
    public static GenerateBlock? Parse(JObject generate, List<string> reasons)
    {
        if (generate.Get("cloneList") is not null)
        {
            reasons.Add("it clones a list of resources from the cluster (generate.cloneList)");
        }

        if (generate.Get("foreach") is not null)
        {
            reasons.Add("it generates resources for each element of a list (generate.foreach)");
        }

        var clone = generate.Get("clone") as JObject;
        var data = generate.Get("data");
        if (generate.Get("kind") is not JString kind || generate.Get("name") is not JString name)
        {
            if (reasons.Count == 0)
            {
                reasons.Add("its generate block names no kind or name");
            }

            return null;
        }

        if (data is null && clone is null && reasons.Count == 0)
        {
            reasons.Add("its generate block has neither data nor clone");
        }

        return new GenerateBlock(
            (generate.Get("apiVersion") as JString)?.Value,
            kind.Value,
            name.Value,
            (generate.Get("namespace") as JString)?.Value,
            data,
            (clone?.Get("namespace") as JString)?.Value,
            (clone?.Get("name") as JString)?.Value);
    }
}
