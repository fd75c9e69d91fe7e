namespace GitOpsAi.Core.Kustomize;

/// <summary>
/// kustomize's back-reference fix-up, run once at the end of a build: a field that names another object (a ConfigMap
/// in a volume, a ServiceAccount in a RoleBinding subject, an HPA's target) is rewritten to that object's final name
/// after prefixes, suffixes and content hashes. The referenced object is found by any name it has had, then narrowed
/// the way kustomize does: same prefixes and suffixes, same namespace.
/// </summary>
internal static class NameReferences
{
    /// <param name="cancellationToken">Checked between referrers: the fix-up of a 10,000-object build is one of its longest steps.</param>
    public static void Fix(TransformerConfig config, List<RenderedObject> objects, CancellationToken cancellationToken = default)
    {
        // Kinds, groups and versions never change here (only names), so each object's are read once, and the references
        // that can apply to a kind of referrer are picked once per kind, not tested against every object (issue 13).
        var kinds = new string?[objects.Count];
        var byKind = new Dictionary<string, List<RenderedObject>>(StringComparer.Ordinal);
        for (var i = 0; i < objects.Count; i++)
        {
            kinds[i] = objects[i].Kind;
            var key = kinds[i] ?? string.Empty;
            if (!byKind.TryGetValue(key, out var ofKind))
            {
                byKind[key] = ofKind = [];
            }

            ofKind.Add(objects[i]);
        }

        // Most builds have only the default table: its lists per referrer kind are made once for all of them (each build
        // filtering and listing them again was a fifth of the fix-up, issue 13). References to a kind the build has no
        // object of are skipped in the loop below instead of filtered out of the table.
        var references = config.IsCustomized ? new ReferencesByReferrerKind(config.NameReferences) : ReferencesByReferrerKind.Defaults;
        var byKindAndGroup = new Dictionary<(string Kind, string? Group), Dictionary<string, List<RenderedObject>>>();

        // The candidates of each reference a kind of referrer can have, found once per kind and reference (lazily, as
        // before): looking them up by kind, then by kind and group, for every referrer and reference was a fifth of the
        // fix-up in a profile of the 50k check (the tuple-keyed lookup alone 4% of rendering its roots, issue 13).
        // Keyed by the kind's list of references: the same array for every referrer of the kind.
        var candidatesByReferrerKind = new Dictionary<NameReference[], Dictionary<string, List<RenderedObject>>?[]>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < objects.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var referrer = objects[i];
            var applicable = references.For(kinds[i]);
            if (applicable.Length == 0)
            {
                continue;
            }

            if (!candidatesByReferrerKind.TryGetValue(applicable, out var found))
            {
                candidatesByReferrerKind[applicable] = found = new Dictionary<string, List<RenderedObject>>?[applicable.Length];
            }

            var apiVersion = referrer.ApiVersion;
            for (var r = 0; r < applicable.Length; r++)
            {
                var reference = applicable[r];
                if (!reference.Spec.AppliesToGroupAndVersion(apiVersion))
                {
                    continue;
                }

                var candidates = found[r] ??= CandidatesOf(reference, byKind, byKindAndGroup);
                if (!ReferenceEquals(candidates, NoCandidates))
                {
                    FixReference(referrer, reference, candidates);
                }
            }
        }
    }

    /// <summary>Stands for "the build has no object of the referred kind" among the candidates found per reference.</summary>
    private static readonly Dictionary<string, List<RenderedObject>> NoCandidates = [];

    /// <summary>The objects a reference can name, by every name they have had (one index per referred kind and group).</summary>
    private static Dictionary<string, List<RenderedObject>> CandidatesOf(
        NameReference reference, Dictionary<string, List<RenderedObject>> byKind, Dictionary<(string Kind, string? Group), Dictionary<string, List<RenderedObject>>> byKindAndGroup)
    {
        if (!byKind.TryGetValue(reference.Kind, out var ofReferredKind))
        {
            return NoCandidates;
        }

        if (!byKindAndGroup.TryGetValue((reference.Kind, reference.Group), out var candidates))
        {
            byKindAndGroup[(reference.Kind, reference.Group)] = candidates = ByEveryName(OfGroup(ofReferredKind, reference.Group));
        }

        return candidates;
    }

    /// <summary>The objects of a kind in <paramref name="group"/> (any group when null); not inline: its closure would be made per referrer.</summary>
    private static IEnumerable<RenderedObject> OfGroup(IEnumerable<RenderedObject> ofKind, string? group) =>
        group is null ? ofKind : ofKind.Where(c => c.Group == group);

    /// <summary>
    /// Rewrites one reference field of <paramref name="referrer"/>. The field visitor takes what it needs as its state, no
    /// closure: one made per object and entry of the name-reference table was 1.6 GB of a 50,000-resource check (issue 13).
    /// </summary>
    private static void FixReference(RenderedObject referrer, NameReference reference, Dictionary<string, List<RenderedObject>> candidates)
    {
        FieldWalker.Visit(referrer.Root, reference.Spec.Segments, create: false, null, (referrer, reference, candidates), static (parent, key, state) =>
        {
            var (referrer, reference, candidates) = state;
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
    private static void FixNameAndNamespace(RenderedObject referrer, Dictionary<string, List<RenderedObject>> candidates, RenderMap map, string? requiredKind)
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
    private static Dictionary<string, List<RenderedObject>> ByEveryName(IEnumerable<RenderedObject> candidates)
    {
        // A dictionary filled in a loop, not SelectMany/Distinct/ToLookup: made per referred kind of every build (issue 13).
        var byName = new Dictionary<string, List<RenderedObject>>(StringComparer.Ordinal);
        foreach (var candidate in candidates)
        {
            var previous = candidate.PreviousIds;
            for (var i = 0; i < previous.Count; i++)
            {
                Add(byName, previous[i].Name, candidate);
            }

            Add(byName, candidate.Name, candidate);
        }

        return byName;
    }

    /// <summary>Lists <paramref name="candidate"/> under <paramref name="name"/> once (a name it has had twice is one entry).</summary>
    private static void Add(Dictionary<string, List<RenderedObject>> byName, string name, RenderedObject candidate)
    {
        if (!byName.TryGetValue(name, out var list))
        {
            byName[name] = list = [];
        }

        // Candidates are added one after the other, so one already listed under this name is the list's last.
        if (list.Count == 0 || !ReferenceEquals(list[^1], candidate))
        {
            list.Add(candidate);
        }
    }

    /// <summary>
    /// The one candidate that had <paramref name="oldName"/> (in <paramref name="oldNamespace"/> when given), has the
    /// referrer's prefixes and suffixes and is in its namespace; null when none or several are (kustomize refuses to guess,
    /// and so do we). Every condition applies even to a single candidate: a ConfigMap in another namespace is not the one
    /// referred to. A loop, not filtered lists: it runs for every reference field of every object.
    /// </summary>
    private static RenderedObject? Select(RenderedObject referrer, Dictionary<string, List<RenderedObject>> candidates, string oldName, string? oldNamespace)
    {
        if (!candidates.TryGetValue(oldName, out var matching))
        {
            return null;
        }

        // The referrer's scope and namespace are read once per field, not once per candidate.
        var referrerClusterScoped = KindCatalog.IsClusterScoped(referrer.Kind);
        var referrerNamespace = referrer.Namespace ?? "default";
        RenderedObject? found = null;
        foreach (var candidate in matching)
        {
            if (!candidate.HadId(oldName, oldNamespace) || !SameAffixes(referrer, candidate)
                || !(referrerClusterScoped || KindCatalog.IsClusterScoped(candidate.Kind) || (candidate.Namespace ?? "default") == referrerNamespace))
            {
                continue;
            }

            if (found is not null)
            {
                return null;
            }

            found = candidate;
        }

        return found;
    }

    /// <summary>kustomize's prefixSuffixEquals (allowing an un-prefixed candidate).</summary>
    private static bool SameAffixes(RenderedObject referrer, RenderedObject candidate) =>
        (AllEmpty(candidate.Prefixes) && AllEmpty(candidate.Suffixes))
        || (candidate.Prefixes.SequenceEqual(referrer.Prefixes) && candidate.Suffixes.SequenceEqual(referrer.Suffixes));

    private static bool AllEmpty(ReadOnlySpan<string> affixes)
    {
        foreach (var affix in affixes)
        {
            if (affix.Length > 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The name references whose field spec can apply to a referrer of each kind (any kind, or that one), in table order.
    /// Safe to share between threads: the one for the default table is used by every build that has no configurations.
    /// </summary>
    internal sealed class ReferencesByReferrerKind(IReadOnlyList<NameReference> references)
    {
        /// <summary>Kinds remembered at most (a repository has a few hundred; past this the lists are made per call).</summary>
        private const int MaxKinds = 4096;

        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, NameReference[]> _byKind = new(StringComparer.Ordinal);
        private NameReference[]? _ofNoKind;

        /// <summary>The lists for kustomize's default table, shared by every build that did not customize it.</summary>
        public static ReferencesByReferrerKind Defaults { get; } = new(TransformerConfig.CreateDefault().NameReferences.ToArray());

        public NameReference[] For(string? kind)
        {
            if (kind is null)
            {
                // A spec for a kind never applies to an object without one.
                return _ofNoKind ??= references.Where(r => r.Spec.Kind is null).ToArray();
            }

            if (_byKind.TryGetValue(kind, out var list))
            {
                return list;
            }

            list = references.Where(r => r.Spec.Kind is null || r.Spec.Kind == kind).ToArray();
            if (_byKind.Count < MaxKinds)
            {
                _byKind.TryAdd(kind, list);
            }

            return list;
        }
    }
}
