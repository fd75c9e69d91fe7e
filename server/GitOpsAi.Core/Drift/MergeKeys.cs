using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Drift;

/// <summary>The key that identifies an item of a list (Kubernetes' strategic-merge keys), or null for an atomic list.</summary>
public static class MergeKeys
{
    public static string? For(FieldPath path, YamlSequence desired)
    {
        var last = path.Segments.Count > 0 ? path.Segments[^1].Field : null;
        var pattern = path.Pattern;
        var key = last switch
        {
            "containers" or "initContainers" or "ephemeralContainers" or "env" or "volumes" or "imagePullSecrets" => "name",
            "ports" when pattern.EndsWith("containers[].ports", StringComparison.OrdinalIgnoreCase) => "containerPort",
            "ports" when pattern == "spec.ports" => "port",
            "volumeMounts" => "mountPath",
            "volumeDevices" => "devicePath",
            "hostAliases" => "ip",
            "topologySpreadConstraints" => "topologyKey",
            _ => null,
        };

        if (key is null && desired.Items.Count > 0 && desired.Items.All(i => i is YamlMapping m && m["name"] is YamlScalar) && last is not ("rules" or "subjects"))
        {
            key = "name"; // lists of named items (custom resources too) are matched by name
        }

        return key is not null && desired.Items.All(i => i is YamlMapping m && m[key] is YamlScalar) ? key : null;
    }
}
