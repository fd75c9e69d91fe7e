using System.Runtime.CompilerServices;

namespace GitOpsAi.Core.Yaml;

/// <summary>
/// Which document trees are the same text moved to another offset (an edit above them inserted or deleted characters,
/// so the incremental parser copied them with shifted spans). A moved copy shares its original's identity, so a cache
/// keyed by the identity (drift per object) survives the move; the identity is a plain token, never the old tree, so a
/// copy does not keep its original alive.
/// </summary>
internal static class MovedTrees
{
    private static readonly ConditionalWeakTable<YamlNode, object> Identities = new();

    /// <summary>The identity of a document tree: the same for every moved copy of it.</summary>
    public static object IdentityOf(YamlNode root) => Identities.GetValue(root, _ => new object());

    /// <summary>Records that <paramref name="copy"/> is <paramref name="original"/> moved (same text, shifted spans).</summary>
    public static void Record(YamlNode original, YamlNode copy) => Identities.AddOrUpdate(copy, IdentityOf(original));

    /// <summary>
    /// The node of <paramref name="copyRoot"/> at the place <paramref name="node"/> has in <paramref name="originalRoot"/>
    /// (the two trees have the same shape), or null when <paramref name="node"/> is not in that tree.
    /// </summary>
    public static YamlNode? Corresponding(YamlNode originalRoot, YamlNode copyRoot, YamlNode node)
    {
        if (ReferenceEquals(originalRoot, node))
        {
            return copyRoot;
        }

        switch (originalRoot, copyRoot)
        {
            case (YamlMapping original, YamlMapping copy) when original.Pairs.Count == copy.Pairs.Count:
                for (var i = 0; i < original.Pairs.Count; i++)
                {
                    if ((Corresponding(original.Pairs[i].Key, copy.Pairs[i].Key, node) ?? Corresponding(original.Pairs[i].Value, copy.Pairs[i].Value, node)) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case (YamlSequence original, YamlSequence copy) when original.Items.Count == copy.Items.Count:
                for (var i = 0; i < original.Items.Count; i++)
                {
                    if (Corresponding(original.Items[i], copy.Items[i], node) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            default:
                return null;
        }
    }
}
