namespace GitOpsAi.Core.Kustomize;

/// <summary>
/// kustomize's back-reference fix-up, run once at the end of a build: a field that names another object (a ConfigMap
/// in a volume, a ServiceAccount in a RoleBinding subject, an HPA's target) is rewritten to that object's final name
/// after prefixes, suffixes and content hashes. The referenced object is found by any name it has had, then narrowed
/// the way kustomize does: same prefixes and suffixes, same namespace.
/// </summary>
internal static class NameReferences
{
    public static void Fix(TransformerConfig config, List<RenderedObject> objects)
    {
        var byKind = objects.ToLookup(o => o.Kind ?? string.Empty, StringComparer.Ordinal);

        // Kinds and groups never change here (only names), so each kind's candidates are listed once, not per referrer.
        var byKindAndGroup = new Dictionary<(string Kind, string? Group), ILookup<string, RenderedObject>>();
        foreach (var referrer in objects)
        {
            foreach (var reference in config.NameReferences)
            {
                if (!reference.Spec.Applies(referrer) || !byKind.Contains(reference.Kind))
                {
                    continue;
                }

                if (!byKindAndGroup.TryGetValue((reference.Kind, reference.Group), out var candidates))
                {
                    byKindAndGroup[(reference.Kind, reference.Group)] = candidates = ByEveryName(OfGroup(byKind[reference.Kind], reference.Group));
                }

                FixReference(referrer, reference, candidates);
            }
        }
    }

    /// <summary>The objects of a kind in <paramref name="group"/> (any group when null); not inline: its closure would be made per referrer.</summary>
    private static IEnumerable<RenderedObject> OfGroup(IEnumerable<RenderedObject> ofKind, string? group) =>
        group is null ? ofKind : ofKind.Where(c => c.Group == group);

    /// <summary>
    /// Rewrites one reference field of <paramref name="referrer"/>. A method of its own so that the field visitor's closure
    /// is made only for the references that apply: made in the loop above, it was allocated for every object and every
    /// entry of the name-reference table (1.6 GB of a 50,000-resource check, issue 13).
    /// </summary>
    private static void FixReference(RenderedObject referrer, NameReference reference, ILookup<string, RenderedObject> candidates)
    {
        FieldWalker.Visit(referrer.Root, reference.Spec.Segments, create: false, null, (parent, key) =>
        {
            switch (parent[key])
            {
                case RenderScalar { IsNull: false } name:
                    if (Select(referrer, candidates, name.Value, null) is { } found && found.Name != name.Value)
                    {
                        parent.Set(key, RenderScalar.String(found.Name, name.Source));
                    }

                    break;
                case RenderSequence list:
                    for (var i = 0; i < list.Items.Count; i++)
                    {
                        switch (list.Items[i])
                        {
                            case RenderScalar { IsNull: false } item when Select(referrer, candidates, item.Value, null) is { } match:
                                list.Items[i] = RenderScalar.String(match.Name, item.Source);
                                break;
                            case RenderMap map:
                                FixNameAndNamespace(referrer, candidates, map, reference.Kind);
                                break;
                        }
                    }

                    break;
                case RenderMap map:
                    FixNameAndNamespace(referrer, candidates, map, null);
                    break;
            }
        });
    }

    /// <summary>RoleBinding subjects and webhook services: a name with a namespace beside it; both follow the object.</summary>
    private static void FixNameAndNamespace(RenderedObject referrer, ILookup<string, RenderedObject> candidates, RenderMap map, string? requiredKind)
    {
        if (requiredKind is not null && map.String("kind") != requiredKind || map["name"] is not RenderScalar { IsNull: false } name)
        {
            return;
        }

        var ns = map.String("namespace");
        if (Select(referrer, candidates, name.Value, ns) is not { } found)
        {
            return;
        }

        if (found.Name != name.Value)
        {
            map.Set("name", RenderScalar.String(found.Name, name.Source));
        }

        // A subject without a namespace gets the ServiceAccount's, as kustomize writes it.
        if (found.Namespace is { } newNamespace && newNamespace != ns)
        {
            map.Set("namespace", RenderScalar.String(newNamespace, map["namespace"]?.Source ?? name.Source));
        }
    }

    /// <summary>
    /// The candidates under every name they have had and have (an index: a build has as many references as objects, and
    /// scanning every candidate for each made a big overlay's fix-up quadratic).
    /// </summary>
    private static ILookup<string, RenderedObject> ByEveryName(IEnumerable<RenderedObject> candidates) =>
        candidates
            .SelectMany(c => c.PreviousIds.Select(id => id.Name).Append(c.Name).OfType<string>().Distinct(StringComparer.Ordinal).Select(name => (Name: name, Candidate: c)))
            .ToLookup(pair => pair.Name, pair => pair.Candidate, StringComparer.Ordinal);

    private static RenderedObject? Select(RenderedObject referrer, ILookup<string, RenderedObject> candidates, string oldName, string? oldNamespace)
    {
        var matches = candidates[oldName].Where(c => c.PreviousIds.Any(id => id.Name == oldName && (oldNamespace is null || (id.Namespace ?? "default") == oldNamespace)) || c.Name == oldName).ToList();
        if (matches.Count == 0)
        {
            return null;
        }

        // Every sieve applies even to a single candidate: a ConfigMap in another namespace is not the one referred to.
        var sieves = new Func<RenderedObject, bool>[]
        {
            c => SameAffixes(referrer, c),
            c => KindCatalog.IsClusterScoped(referrer.Kind) || KindCatalog.IsClusterScoped(c.Kind) || (c.Namespace ?? "default") == (referrer.Namespace ?? "default"),
        };
        foreach (var sieve in sieves)
        {
            matches = matches.Where(sieve).ToList();
        }

        return matches.Count == 1 ? matches[0] : null; // none, or still ambiguous: kustomize refuses to guess, and so do we
    }

    /// <summary>kustomize's prefixSuffixEquals (allowing an un-prefixed candidate).</summary>
    private static bool SameAffixes(RenderedObject referrer, RenderedObject candidate) =>
        (candidate.Prefixes.All(p => p.Length == 0) && candidate.Suffixes.All(s => s.Length == 0))
        || (candidate.Prefixes.SequenceEqual(referrer.Prefixes) && candidate.Suffixes.SequenceEqual(referrer.Suffixes));
}
