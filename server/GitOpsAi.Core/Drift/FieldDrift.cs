using System.Text.Json.Nodes;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Drift;

/// <summary>How a field differs between Git and the cluster.</summary>
public enum DriftChange
{
    /// <summary>Both have the field, with different values.</summary>
    Changed,

    /// <summary>Git sets the field (or list item, or Secret key); the live object lacks it.</summary>
    MissingInCluster,

    /// <summary>The live object has a field (or list item) Git does not set, written by someone other than the applier.</summary>
    OnlyInCluster,
}

/// <summary>One drifted field of one object: where it is in Git, what the cluster holds, and who wrote it there.</summary>
/// <param name="Anchor">The node in the desired tree the finding sits on (the value, or the key of a missing field).</param>
/// <param name="Desired">The value Git sets, as text (null for a field only the cluster has; never a Secret value).</param>
/// <param name="Live">The value the cluster holds (null when it lacks the field; the redaction marker for a Secret key).</param>
/// <param name="Owner">The managedFields entry that owns the live value, when the cluster reports one.</param>
public sealed record FieldDrift(DesiredObject Object, FieldPath Path, YamlNode Anchor, string? Desired, JsonNode? Live, DriftChange Change, FieldManager? Owner)
{
    /// <summary>The desired value's node (for a changed or missing field), from which a restoring patch is built.</summary>
    public YamlNode? DesiredNode { get; init; }

    public bool IsSecretKey => Object.Key.Kind == "Secret" && Object.Key.Group.Length == 0 && Path.Segments.Count > 0 && Path.Segments[0].Field is "data" or "stringData";

    /// <summary>The live value as a message shows it (a Secret's never).</summary>
    public string LiveDisplay => Change switch
    {
        DriftChange.MissingInCluster => "(absent)",
        _ when IsSecretKey => "(a value Git does not have)",
        _ => LiveValues.Display(Live),
    };
}
