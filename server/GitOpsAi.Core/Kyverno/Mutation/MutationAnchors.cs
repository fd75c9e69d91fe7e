using GitOpsAi.Core.Kustomize;

namespace GitOpsAi.Core.Kyverno.Mutation;

/// <summary>
/// Kyverno's preprocessing of a <c>patchStrategicMerge</c> before the merge: conditional anchors <c>(key)</c> and
/// global anchors <c>&lt;(key)</c> are checked against the object (a failed one empties the patch, or for a list item
/// drops it), add-if-not-present anchors <c>+(key)</c> are kept only where the object lacks the key, a list item with
/// anchors is applied to each item of the object it matches (by <c>name</c>), and the anchors are then removed.
/// The steps (and their quirks, such as one item's copy being shared across the object's items) follow Kyverno's
/// strategicPreprocessing.go, since the patched object must be the one Kyverno stores.
/// </summary>
internal static class MutationAnchors
{
    private enum Failure
    {
        None,
        Condition,
        Global,
    }

    /// <summary>Rewrites <paramref name="patch"/> in place for <paramref name="resource"/>; an error text when Kyverno would fail the rule.</summary>
    public static string? Preprocess(RenderMap patch, RenderNode resource)
    {
        var (failure, error) = Walk(patch, resource);
        if (error is not null)
        {
            return error;
        }

        if (failure != Failure.None)
        {
            patch.Entries.Clear(); // a condition that does not hold: Kyverno applies an empty patch
            return null;
        }

        foreach (var entry in patch.Entries.ToList())
        {
            var deleteScalar = IsCondition(Anchor.Parse(entry.Key));
            if (DeleteAnchors(entry.Value, deleteScalar, traverseMaps: false))
            {
                patch.Remove(entry.Key);
            }
        }

        return null;
    }

    private static (Failure Failure, string? Error) Walk(RenderNode pattern, RenderNode? resource) => pattern switch
    {
        RenderMap map => WalkMap(map, resource),
        RenderSequence list when list.Items.Count > 0 && list.Items[0] is RenderMap => WalkListOfMaps(list, resource),
        _ => (Failure.None, null),
    };

    private static (Failure, string?) WalkMap(RenderMap pattern, RenderNode? resource)
    {
        HandleAddIfNotPresent(pattern, resource);
        if (ValidateConditions(pattern, resource) is var failure and not Failure.None)
        {
            return (failure, null);
        }

        foreach (var entry in pattern.Entries.ToList())
        {
            if (Anchor.Parse(entry.Key) is { } anchor && IsAnyAnchor(anchor))
            {
                continue;
            }

            var result = Walk(entry.Value, (resource as RenderMap)?[entry.Key]);
            if (result.Item1 != Failure.None || result.Item2 is not null)
            {
                return result;
            }
        }

        return (Failure.None, null);
    }

    private static (Failure, string?) WalkListOfMaps(RenderSequence pattern, RenderNode? resource)
    {
        if (resource is not null and not RenderSequence && !StrategicMerge.IsNull(resource))
        {
            return (Failure.None, "the patch has a list where the resource has no list");
        }

        var resourceItems = (resource as RenderSequence)?.Items ?? [];
        foreach (var element in pattern.Items.ToList())
        {
            if (!HasAnchors(element, IsAnyAnchor))
            {
                continue;
            }

            var global = HasAnchors(element, a => a.Type == AnchorType.Global);
            var globalPassed = false;
            var globalFailed = false;
            var copy = element.Clone(); // one copy for all items, as in Kyverno
            foreach (var item in resourceItems)
            {
                var (failure, error) = Walk(copy, item);
                if (error is not null)
                {
                    return (Failure.None, error);
                }

                if (failure != Failure.None)
                {
                    globalFailed |= failure == Failure.Global;
                    continue;
                }

                if (global)
                {
                    globalPassed = true;
                }
                else
                {
                    AppendForItem(pattern, copy, item);
                }
            }

            if (resource is null || StrategicMerge.IsNull(resource))
            {
                var (failure, error) = Walk(copy, null);
                if (error is not null)
                {
                    return (Failure.None, error);
                }

                if (failure == Failure.Global)
                {
                    return (Failure.Global, null); // with no list in the object, a global anchor fails the whole patch
                }

                if (failure == Failure.None && global)
                {
                    globalPassed = true;
                }
            }

            if (!globalPassed && globalFailed)
            {
                return (Failure.Global, null);
            }
        }

        return (Failure.None, null);
    }

    /// <summary>A copy of a list item whose conditions held on <paramref name="item"/>, tied to it by name.</summary>
    private static void AppendForItem(RenderSequence pattern, RenderNode element, RenderNode item)
    {
        if ((item as RenderMap)?["name"] is not RenderScalar { IsNull: false, Value.Length: > 0 } name)
        {
            return; // without a name the merge cannot find the item; Kyverno skips it
        }

        var copy = element.Clone();
        if (DeleteAnchors(copy, deleteScalar: true, traverseMaps: false) || copy is not RenderMap map)
        {
            return;
        }

        map.Set("name", name.Clone());
        pattern.Items.Add(map);
    }

    private static Failure ValidateConditions(RenderMap pattern, RenderNode? resource)
    {
        if (!Holds(pattern, resource, AnchorType.Global))
        {
            return Failure.Global;
        }

        return Holds(pattern, resource, AnchorType.Condition) ? Failure.None : Failure.Condition;
    }

    private static bool Holds(RenderMap pattern, RenderNode? resource, AnchorType type)
    {
        foreach (var entry in pattern.Entries.ToList())
        {
            if (Anchor.Parse(entry.Key) is not { } anchor || anchor.Type != type)
            {
                continue;
            }

            if ((resource as RenderMap)?.Find(anchor.Key) is not { } field)
            {
                return false;
            }

            if (HandleAddIfNotPresent(entry.Value, field.Value) > 0)
            {
                continue;
            }

            var outcome = PatternMatcher.Match(RenderAdapter.PlainValue(field.Value), RenderAdapter.PlainValue(entry.Value), "/");
            if (outcome.Status != RuleStatus.Pass)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Drops <c>+(key)</c> where the object has the key, else unwraps it; returns how many there were.</summary>
    private static int HandleAddIfNotPresent(RenderNode pattern, RenderNode? resource)
    {
        if (pattern is not RenderMap map)
        {
            return 0;
        }

        var count = 0;
        for (var i = 0; i < map.Entries.Count; i++)
        {
            var entry = map.Entries[i];
            if (Anchor.Parse(entry.Key) is not { Type: AnchorType.AddIfNotPresent } anchor)
            {
                continue;
            }

            count++;
            if ((resource as RenderMap)?.Find(anchor.Key) is not null)
            {
                map.Entries.RemoveAt(i--);
            }
            else
            {
                map.Entries[i] = new RenderEntry(anchor.Key, entry.Value, entry.KeySource);
            }
        }

        return count;
    }

    private static bool IsCondition(Anchor? anchor) => anchor?.Type is AnchorType.Condition or AnchorType.Global;

    private static bool IsAnyAnchor(Anchor anchor) => IsCondition(anchor) || anchor.Type == AnchorType.AddIfNotPresent;

    private static bool HasAnchors(RenderNode node, Func<Anchor, bool> isAnchor) => node switch
    {
        RenderMap map => map.Entries.Any(e => (Anchor.Parse(e.Key) is { } a && isAnchor(a)) || (!IsEmpty(e.Value) && HasAnchors(e.Value, isAnchor))),
        RenderScalar scalar => IsCondition(Anchor.Parse(scalar.Value)),
        RenderSequence list => list.Items.Any(i => HasAnchors(i, isAnchor)),
        _ => false,
    };

    private static bool IsEmpty(RenderNode node) => node switch
    {
        RenderScalar scalar => scalar.IsNull || scalar.Value.Length == 0,
        RenderMap map => map.Entries.Count == 0,
        RenderSequence list => list.Items.Count == 0,
        _ => true,
    };

    /// <summary>Removes anchored parts; true when nothing but anchors was there, so the caller drops the node.</summary>
    private static bool DeleteAnchors(RenderNode node, bool deleteScalar, bool traverseMaps) => node switch
    {
        RenderMap map => DeleteAnchorsInMap(map, traverseMaps),
        RenderSequence list => DeleteAnchorsInList(list, traverseMaps),
        RenderScalar => deleteScalar,
        _ => false,
    };

    private static bool DeleteAnchorsInMap(RenderMap map, bool traverseMaps)
    {
        var anchorsExist = false;
        foreach (var entry in map.Entries.Where(e => IsCondition(Anchor.Parse(e.Key))).ToList())
        {
            if (DeleteAnchors(entry.Value, deleteScalar: true, traverseMaps))
            {
                map.Entries.Remove(entry);
            }
            else
            {
                anchorsExist = true;
            }
        }

        if (anchorsExist)
        {
            for (var i = 0; i < map.Entries.Count; i++)
            {
                if (Anchor.Parse(map.Entries[i].Key) is { } anchor && IsCondition(anchor))
                {
                    map.Entries[i] = new RenderEntry(anchor.Key, map.Entries[i].Value, map.Entries[i].KeySource);
                }
            }
        }

        var needToDelete = true;
        foreach (var entry in map.Entries.ToList())
        {
            if (DeleteAnchors(entry.Value, deleteScalar: false, traverseMaps))
            {
                map.Entries.Remove(entry);
            }
            else
            {
                needToDelete = false;
            }
        }

        return needToDelete;
    }

    private static bool DeleteAnchorsInList(RenderSequence list, bool traverseMaps)
    {
        var elements = list.Items.ToList();
        var wasEmpty = elements.Count == 0;
        for (var i = 0; i < elements.Count; i++)
        {
            var element = elements[i];
            bool delete;
            if (HasAnchors(element, IsAnyAnchor))
            {
                delete = !(traverseMaps && element is RenderMap) || DeleteAnchors(element, deleteScalar: true, traverseMaps);
            }
            else
            {
                delete = DeleteAnchors(element, deleteScalar: false, traverseMaps);
            }

            // Kyverno deletes by the index in the original list while the list shrinks; the same index is used here.
            if (delete && i < list.Items.Count)
            {
                list.Items.RemoveAt(i);
            }
        }

        return list.Items.Count == 0 && !wasEmpty;
    }
}
