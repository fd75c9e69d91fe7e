using System.Runtime.CompilerServices;
using GitOpsAi.Core.Manifests;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Workspace;

/// <summary>
/// What one file's objects show other files' rules and what they can look up in other files: the names of its objects,
/// every scalar it writes (a reference to another object is a scalar naming it), the label pairs of its labels and of its
/// selectors. <see cref="ChangeImpact"/> compares these to decide which open documents an edit can affect.
/// </summary>
public sealed class CrossFileFacts
{
    private static readonly ConditionalWeakTable<WorkspaceFile, CrossFileFacts> Cache = new();

    /// <summary>Keys whose mapping value holds labels or a label selector (matched against labels of other objects).</summary>
    private static readonly HashSet<string> LabelKeys = new(StringComparer.Ordinal) { "labels", "matchLabels", "selector", "podSelector", "namespaceSelector" };

    private CrossFileFacts(IEnumerable<Manifest> manifests)
    {
        foreach (var manifest in manifests)
        {
            if (manifest.Name is { } name)
            {
                Names.Add(name);
            }

            if (manifest.PodTemplate is not null || manifest.Labels.Count > 0)
            {
                HasLabels = true;
            }

            Collect(manifest.Root);
        }
    }

    /// <summary>The metadata.name of each object.</summary>
    public HashSet<string> Names { get; } = new(StringComparer.Ordinal);

    /// <summary>Every scalar value (not key) written anywhere, names of referenced objects among them.</summary>
    public HashSet<string> Scalars { get; } = new(StringComparer.Ordinal);

    /// <summary>"key=value" of every label (of objects and of pod templates).</summary>
    public HashSet<string> LabelPairs { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// "key=value" of every equality selector. Kept apart from labels because rules relate a selector to labels (or to
    /// another selector), never two objects' labels to each other: labels every object carries (part-of=shop) must
    /// not make an edit of one object touch all the others.
    /// </summary>
    public HashSet<string> SelectorPairs { get; } = new(StringComparer.Ordinal);

    /// <summary>True when some object has labels or a pod template (selectors elsewhere may match it).</summary>
    public bool HasLabels { get; private set; }

    /// <summary>True when a selector matches by expression or matches everything: label pairs cannot tell what it selects.</summary>
    public bool HasBroadSelector { get; private set; }

    public static CrossFileFacts Of(WorkspaceFile file) => Cache.GetValue(file, f => new CrossFileFacts(f.Manifests));

    public static CrossFileFacts Of(IEnumerable<Manifest> manifests) => new(manifests);

    /// <summary>
    /// A walk without recursion (a hostile file may nest deeply) that visits an aliased node once (a file may alias
    /// the same node thousands of times).
    /// </summary>
    private void Collect(YamlNode root)
    {
        var visited = new HashSet<YamlNode>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<YamlNode>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            if (!visited.Add(node))
            {
                continue;
            }

            switch (node)
            {
                case YamlScalar scalar:
                    Scalars.Add(scalar.Value);
                    break;
                case YamlSequence sequence:
                    foreach (var item in sequence.Items)
                    {
                        pending.Push(item);
                    }

                    break;
                case YamlMapping mapping:
                    foreach (var pair in mapping.Pairs)
                    {
                        if (pair.KeyText is { } key && LabelKeys.Contains(key))
                        {
                            CollectLabels(pair.Value, isSelector: key != "labels");
                        }

                        if (pair.KeyText is "matchExpressions")
                        {
                            HasBroadSelector = true;
                        }

                        pending.Push(pair.Value);
                    }

                    break;
            }
        }
    }

    private void CollectLabels(YamlNode value, bool isSelector)
    {
        if (value is not YamlMapping labels)
        {
            return;
        }

        var scalarPairs = 0;
        foreach (var pair in labels.Pairs)
        {
            if (pair.KeyText is { } key && pair.Value is YamlScalar scalar)
            {
                (isSelector ? SelectorPairs : LabelPairs).Add(key + "=" + scalar.Value);
                scalarPairs++;
            }
        }

        // An empty selector ({}) selects every pod of its namespace.
        if (isSelector && (labels.Pairs.Count == 0 || (scalarPairs == 0 && labels["matchLabels"] is null && labels["matchExpressions"] is null)))
        {
            HasBroadSelector = true;
        }
    }
}
