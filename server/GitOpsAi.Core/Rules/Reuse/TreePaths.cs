using GitOpsAi.Core.Text;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Rules.Reuse;

/// <summary>
/// The nodes of one object's tree that its rules reached, numbered by their place (the root, then each node as a step
/// from its parent: a pair's key or value by the pair's index, an item by its index), so what a rule read in one render
/// can be looked up in another render of the same object. Numbered as the rules reach them (a lookup numbers the pair it
/// found, an enumeration every child), not by walking the whole tree. A node reached at two places (an alias) has no
/// place: a rule that reads it is not reused.
/// </summary>
internal sealed class TreePaths
{
    private const int Shared = -1;

    [ThreadStatic]
    private static TreePaths? t_spare;

    private readonly Dictionary<YamlNode, int> _ids = new(ReferenceEqualityComparer.Instance);
    private readonly List<int> _parents = [];
    private readonly List<int> _steps = [];

    private TreePaths()
    {
    }

    /// <summary>This thread's tables, emptied, with <paramref name="root"/> at the first place (one object is recorded at a time per thread).</summary>
    public static TreePaths OnThisThread(YamlMapping root)
    {
        var paths = t_spare ??= new TreePaths();
        paths._ids.Clear();
        paths._parents.Clear();
        paths._steps.Clear();
        paths.Reached(root, parent: -1, step: 0);
        return paths;
    }

    /// <summary>Each numbered node's parent (-1 for the root) and step from it, kept by the recordings of the object's origin.</summary>
    public Places Places => new([.. _parents], [.. _steps]);

    /// <summary>The node's place, or -1 when no rule reached it (or it was reached at two places).</summary>
    public int IdOf(YamlNode node) => _ids.GetValueOrDefault(node, Shared);

    /// <summary>Numbers <paramref name="node"/>, reached from the node at place <paramref name="parent"/> by <paramref name="step"/>.</summary>
    public void Reached(YamlNode node, int parent, int step)
    {
        if (_ids.TryGetValue(node, out var id))
        {
            if (id >= 0 && (_parents[id] != parent || _steps[id] != step))
            {
                _ids[node] = Shared;
            }

            return;
        }

        _ids[node] = _parents.Count;
        _parents.Add(parent);
        _steps.Add(step);
    }

    /// <summary>The place of the one reached node written at <paramref name="span"/> (a finding's span), or -1.</summary>
    public int IdAt(TextSpan span)
    {
        var found = Shared;
        foreach (var (node, id) in _ids)
        {
            if (node.Span == span)
            {
                if (found != Shared || id < 0)
                {
                    return Shared;
                }

                found = id;
            }
        }

        return found;
    }

    /// <summary>The step to a pair's key (<paramref name="value"/> false) or value.</summary>
    public static int PairStep(int index, bool value) => value ? 2 * index : 2 * index + 1;
}

/// <summary>The places of one tree's nodes (see <see cref="TreePaths"/>), and how to find them in another render.</summary>
internal sealed class Places(int[] parents, int[] steps)
{
    public int Count => parents.Length;

    /// <summary>The nodes of <paramref name="root"/> at these places, found as they are asked for (null where the other tree has none).</summary>
    public Func<int, YamlNode?> In(YamlMapping root)
    {
        var found = new YamlNode?[parents.Length];
        var resolved = new bool[parents.Length];
        YamlNode? Resolve(int id)
        {
            if (id < 0 || id >= found.Length)
            {
                return null;
            }

            if (resolved[id])
            {
                return found[id];
            }

            var node = parents[id] < 0 ? root : Step(Resolve(parents[id]), steps[id]);
            found[id] = node;
            resolved[id] = true;
            return node;
        }

        return Resolve;
    }

    // Asked with no recorder running (a replay is not a rule's run), so these reads are not noted.
    private static YamlNode? Step(YamlNode? parent, int step) => parent switch
    {
        YamlMapping mapping when step / 2 < mapping.Pairs.Count => step % 2 == 1 ? mapping.Pairs[step / 2].Key : mapping.Pairs[step / 2].Value,
        YamlSequence sequence when step < sequence.Items.Count => sequence.Items[step],
        _ => null,
    };
}
