namespace GitOpsAi.Core.Kustomize;

/// <summary>
/// A place in objects of some kinds that a transformer edits (kustomize's FieldSpec): <c>spec/selector/matchLabels</c>
/// in Deployments, say. A path walks through every item of a list it meets; <c>\/</c> escapes a slash in a key.
/// </summary>
internal sealed record FieldSpec(string? Kind, string? Group, string? Version, string Path, bool Create)
{
    private string[]? _segments;

    public string[] Segments => _segments ??= Split(Path);

    public bool Applies(RenderedObject target) => Applies(target.Kind, target.ApiVersion);

    /// <summary>
    /// <see cref="Applies(RenderedObject)"/> for an object whose kind and apiVersion the caller has read once (each is a
    /// lookup in the object's map, and the transformers ask for every spec of their table and every object, issue 13).
    /// </summary>
    public bool Applies(string? kind, string? apiVersion) => (Kind is null || Kind == kind) && AppliesToGroupAndVersion(apiVersion);

    /// <summary>
    /// The group and version half of <see cref="Applies(string, string)"/>, for a caller that has matched the kind already.
    /// Compares spans of the apiVersion: cutting its group and version out as strings allocated two per spec and object.
    /// </summary>
    public bool AppliesToGroupAndVersion(string? apiVersion)
    {
        if (Group is null && Version is null)
        {
            return true;
        }

        var text = apiVersion.AsSpan();
        var slash = text.IndexOf('/');
        var group = slash > 0 ? text[..slash] : [];
        return (Group is null || group.SequenceEqual(Group))
            && (Version is null || (apiVersion is not null && text[(slash + 1)..].SequenceEqual(Version)));
    }

    /// <summary>Reads the compact form <c>kind|group|path|create</c> used by the default tables.</summary>
    public static FieldSpec Parse(string line)
    {
        var parts = line.Split('|');
        return new FieldSpec(Empty(parts[0]), Empty(parts[1]), null, parts[2], parts.Length > 3 && parts[3] == "create");
    }

    /// <summary>A field spec written in a kustomization's configurations file or a transformer config.</summary>
    public static FieldSpec? FromNode(RenderNode node)
    {
        if (node is not RenderMap map || map.String("path") is not { } path)
        {
            return null;
        }

        var create = map["create"] is RenderScalar { Value: "true" or "True" };
        return new FieldSpec(map.String("kind"), map.String("group"), map.String("version"), path, create);
    }

    private static string? Empty(string value) => value.Length == 0 ? null : value;

    /// <summary>The keys of a path; a list keeps its <c>[]</c> marker, for <see cref="FieldWalker"/> never creates a list.</summary>
    private static string[] Split(string path)
    {
        var segments = new List<string>();
        var current = new System.Text.StringBuilder();
        for (var i = 0; i < path.Length; i++)
        {
            if (path[i] == '\\' && i + 1 < path.Length && path[i + 1] == '/')
            {
                current.Append('/');
                i++;
            }
            else if (path[i] == '/')
            {
                segments.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(path[i]);
            }
        }

        segments.Add(current.ToString());
        return segments.Where(s => s.Length > 0 && s != FieldWalker.ListMarker).ToArray();
    }
}

/// <summary>Walks a field spec's path through an object.</summary>
internal static class FieldWalker
{
    /// <summary>What a field spec path writes after a segment that is a list (<c>spec/volumeClaimTemplates[]/metadata</c>).</summary>
    public const string ListMarker = "[]";

    /// <summary>
    /// Calls <paramref name="visit"/> with the mapping that holds the last key of the path, for every place the path
    /// reaches (lists fan out). With <paramref name="create"/>, missing mappings on the way are created and attributed
    /// to <paramref name="source"/>.
    /// </summary>
    public static void Visit(RenderNode node, string[] segments, bool create, SourceRef? source, Action<RenderMap, string> visit) =>
        Visit(node, segments, create, source, visit, static (parent, key, action) => action(parent, key));

    /// <summary>
    /// <see cref="Visit(RenderNode, string[], bool, SourceRef?, Action{RenderMap, string})"/> with what the
    /// visitor needs passed in <paramref name="state"/>: a static visitor makes no closure per object and spec (the
    /// transformers and the reference fix-up walk every object with every spec that applies to it, issue 13). The path
    /// is an array, not a read-only list: its segments are read by index at every step of every walk, and through the
    /// interface each read was a call.
    /// </summary>
    public static void Visit<TState>(RenderNode node, string[] segments, bool create, SourceRef? source, TState state, Action<RenderMap, string, TState> visit) =>
        Visit(node, segments, 0, create, source, state, visit);

    private static void Visit<TState>(RenderNode node, string[] segments, int index, bool create, SourceRef? source, TState state, Action<RenderMap, string, TState> visit)
    {
        if (node is RenderSequence sequence)
        {
            // By index, not over a copy: a visitor edits the mappings it is given (and the value under the last key), never
            // a list the path walks through, and the copy was a third of the reference fix-up's time (issue 13).
            for (var i = 0; i < sequence.Items.Count; i++)
            {
                Visit(sequence.Items[i], segments, index, create, source, state, visit);
            }

            return;
        }

        if (node is not RenderMap map || segments.Length == 0)
        {
            return;
        }

        // The list marker tested by its two characters: EndsWith per segment and step was 8% of the reference fix-up.
        var key = segments[index];
        var isList = key.Length >= 2 && key[^2] == '[' && key[^1] == ']';
        key = isList ? key[..^ListMarker.Length] : key;
        if (index == segments.Length - 1)
        {
            visit(map, key, state);
            return;
        }

        var next = map[key];
        if (next is null or RenderScalar { IsNull: true })
        {
            // kustomize creates missing mappings on the way, never a missing list (it would not know its items).
            if (!create || isList)
            {
                return;
            }

            next = map.GetOrCreateMap(key, source); // replaces a null value too
        }

        Visit(next, segments, index + 1, create, source, state, visit);
    }

    /// <summary>Every string scalar a path reaches (lists fan out), with a setter.</summary>
    public static void VisitScalars(RenderNode node, string[] segments, Action<RenderMap, string, RenderScalar> visit) =>
        Visit(node, segments, create: false, source: null, (parent, key) =>
        {
            switch (parent[key])
            {
                case RenderScalar { IsNull: false } scalar:
                    visit(parent, key, scalar);
                    break;
                case RenderSequence list:
                    // rules/resourceNames: a list of names
                    for (var i = 0; i < list.Items.Count; i++)
                    {
                        if (list.Items[i] is RenderScalar { IsNull: false } item)
                        {
                            var holder = new RenderMap();
                            holder.Set("v", item);
                            visit(holder, "v", item);
                            list.Items[i] = holder["v"]!;
                        }
                    }

                    break;
            }
        });
}
