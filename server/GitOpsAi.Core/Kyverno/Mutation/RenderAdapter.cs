using System.Globalization;
using GitOpsAi.Core.Expressions.JmesPath;
using GitOpsAi.Core.Kustomize;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Kyverno.Mutation;

/// <summary>
/// Moves values between Kyverno's JSON values and the renderer's mutable nodes, so Kyverno's patches are applied by
/// the same strategic-merge and JSON-patch code kustomize's are. Nodes that come from the object remember the value
/// they were made from; converting back gives them their place in the text again, so a finding on a field the
/// object already had still lands on its line, and a field only a patch wrote has no place (it reports at the name).
/// </summary>
internal sealed class RenderAdapter
{
    // Lives for one patch application. Each node made from the object carries its index in _made in its Source, whose
    // path is this adapter's own marker string (compared by reference): a table by reference hashed every node of every
    // object each mutate rule met (RuntimeHelpers.GetHashCode, the largest cost of applying a patch), and a weak table
    // before it made a GC handle per node. A node counts as made here only when its index leads back to that very node,
    // so a copy carrying the Source (a clone, a merged list) has no origin, as with the table.
    private readonly string _marker = new(['#', 'k']);
    private readonly List<(RenderNode Node, JValue Origin)> _made = [];

    // A strategic merge's "$patch: replace" gives the replaced map the patch's Source: such patches are applied with the
    // table by reference, which a Source cannot mislead.
    private readonly Dictionary<RenderNode, JValue>? _byReference;

    /// <param name="byReference">Remember origins by reference (for patches that rewrite a node's Source).</param>
    public RenderAdapter(bool byReference = false)
    {
        _byReference = byReference ? new Dictionary<RenderNode, JValue>(ReferenceEqualityComparer.Instance) : null;
    }

    /// <summary>A mutable copy of an object's value that remembers where each node came from.</summary>
    public RenderNode FromObject(JValue value) => Convert(value, remember: true);

    /// <summary>A mutable copy of a patch's value (no place in the object's text).</summary>
    public static RenderNode FromPatch(JValue value) => new RenderAdapter().Convert(value, remember: false);

    /// <summary>Whether a strategic-merge patch holds a <c>$patch</c> directive anywhere (see <see cref="RenderAdapter(bool)"/>).</summary>
    public static bool HasDirective(JValue patch) => patch switch
    {
        JObject obj => obj.Entries.Any(e => e.Key == "$patch" || HasDirective(e.Value)),
        JArray array => array.Items.Any(HasDirective),
        _ => false,
    };

    private RenderNode Convert(JValue value, bool remember)
    {
        RenderNode node = value switch
        {
            JObject obj => ToMap(obj, remember),
            JArray array => new RenderSequence(array.Items.Select(i => Convert(i, remember))),
            JString s => RenderScalar.String(s.Value, null),
            JNumber n => new RenderScalar(n.ToString(), n.IsInteger ? YamlScalarType.Integer : YamlScalarType.Float, null),
            JBool b => new RenderScalar(b.Value ? "true" : "false", YamlScalarType.Boolean, null),
            _ => new RenderScalar("null", YamlScalarType.Null, null),
        };
        if (remember)
        {
            if (_byReference is not null)
            {
                _byReference[node] = value;
            }
            else
            {
                node.Source = new SourceRef(_marker, new Text.TextSpan(_made.Count, 0));
                _made.Add((node, value));
            }
        }

        return node;
    }

    /// <summary>The value a node was made from, when it was made from the object by this adapter.</summary>
    private bool TryOrigin(RenderNode node, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out JValue? origin)
    {
        if (_byReference is not null)
        {
            return _byReference.TryGetValue(node, out origin);
        }

        if (node.Source is { } source && ReferenceEquals(source.Path, _marker) && source.Span.Start < _made.Count
            && ReferenceEquals(_made[source.Span.Start].Node, node))
        {
            origin = _made[source.Span.Start].Origin;
            return true;
        }

        origin = null;
        return false;
    }

    private RenderMap ToMap(JObject obj, bool remember)
    {
        var map = new RenderMap();
        foreach (var (key, item) in obj.Entries)
        {
            map.Entries.Add(new RenderEntry(key, Convert(item, remember), null));
        }

        return map;
    }

    /// <summary>Back to a JSON value: nodes from the object keep their place in its text, others have none.</summary>
    public JValue ToValue(RenderNode node, string path = "/", YamlNode? keyNode = null)
    {
        TryOrigin(node, out var origin);
        if (origin is not null && Unchanged(node, origin, path, keyNode))
        {
            // What the patch left alone is the value it was made from: building it again was most of applying a
            // mutate rule (16,000 applications in a check of the corpus, each copying the whole object twice).
            return origin;
        }

        var place = origin?.Node;
        keyNode = origin?.KeyNode ?? (origin is null ? null : keyNode);
        switch (node)
        {
            case RenderMap map:
                var entries = map.Entries.Select(e => new KeyValuePair<string, JValue>(e.Key, ToValue(e.Value, path + e.Key + "/", KeyOf(origin, e.Key))));
                return new JObject(entries) { Node = place, KeyNode = keyNode, Path = path };
            case RenderSequence sequence:
                var items = sequence.Items.Select((item, i) => ToValue(item, path + i.ToString(CultureInfo.InvariantCulture) + "/")).ToList();
                return new JArray(items) { Node = place, KeyNode = keyNode, Path = path };
            case RenderScalar scalar:
                return Scalar(scalar, place, keyNode, path);
            default:
                return JValue.Null;
        }
    }

    private static YamlNode? KeyOf(JValue? origin, string key) => (origin as JObject)?.Get(key)?.KeyNode;

    /// <summary>
    /// True when <see cref="ToValue"/> would build a value equal to <paramref name="origin"/> in every respect (kind,
    /// content, order, position facts, path): every node below still comes from the same part of the origin.
    /// </summary>
    private bool Unchanged(RenderNode node, JValue origin, string path, YamlNode? keyNode) =>
        origin.Path == path && UnchangedAt(node, origin, keyNode);

    /// <summary>
    /// <see cref="Unchanged"/> once the origin's path is known to be the one <see cref="ToValue"/> would give: below it,
    /// each child's path is compared piece by piece with the origin's (building "path + key + /" for every node of
    /// every mutated object was most of what the check allocated).
    /// </summary>
    private bool UnchangedAt(RenderNode node, JValue origin, YamlNode? keyNode)
    {
        if (origin.KeyNode is null && keyNode is not null)
        {
            return false;
        }

        var path = origin.Path!;
        switch (node)
        {
            case RenderMap map when origin is JObject obj && obj.Count == map.Entries.Count:
                for (var i = 0; i < map.Entries.Count; i++)
                {
                    var (key, value) = obj.Entries[i];
                    var entry = map.Entries[i];
                    if (entry.Key != key || !TryOrigin(entry.Value, out var from) || !ReferenceEquals(from, value)
                        || !IsChildPath(value.Path, path, key) || !UnchangedAt(entry.Value, value, value.KeyNode))
                    {
                        return false;
                    }
                }

                return true;
            case RenderSequence sequence when origin is JArray array && array.Items.Count == sequence.Items.Count:
                Span<char> digits = stackalloc char[11];
                for (var i = 0; i < sequence.Items.Count; i++)
                {
                    var item = sequence.Items[i];
                    i.TryFormat(digits, out var written, default, CultureInfo.InvariantCulture);
                    if (!TryOrigin(item, out var from) || !ReferenceEquals(from, array.Items[i])
                        || !IsChildPath(from.Path, path, digits[..written]) || !UnchangedAt(item, from, null))
                    {
                        return false;
                    }
                }

                return true;
            case RenderScalar scalar:
                return ScalarIs(scalar, origin);
            default:
                return false;
        }
    }

    /// <summary>Whether <paramref name="child"/> is <c>parent + segment + "/"</c>, compared without building it.</summary>
    private static bool IsChildPath(string? child, string parent, ReadOnlySpan<char> segment) =>
        child is not null && child.Length == parent.Length + segment.Length + 1 && child[^1] == '/'
        && child.AsSpan(0, parent.Length).SequenceEqual(parent) && child.AsSpan(parent.Length, segment.Length).SequenceEqual(segment);

    /// <summary>True when <see cref="Scalar"/> would make <paramref name="origin"/>'s kind and value of <paramref name="scalar"/>.</summary>
    private static bool ScalarIs(RenderScalar scalar, JValue origin) => scalar.Type switch
    {
        YamlScalarType.Null => origin is JNull,
        YamlScalarType.Boolean => origin is JBool b && b.Value == (scalar.Value == "true"),
        YamlScalarType.Integer or YamlScalarType.Float when double.TryParse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) =>
            origin is JNumber n && n.Value.Equals(number) && n.IsInteger == (scalar.Type == YamlScalarType.Integer),
        _ => origin is JString s && s.Value == scalar.Value,
    };

    private static JValue Scalar(RenderScalar scalar, YamlNode? place, YamlNode? keyNode, string path) => scalar.Type switch
    {
        YamlScalarType.Null => new JNull { Node = place, KeyNode = keyNode, Path = path },
        YamlScalarType.Boolean => new JBool(scalar.Value == "true") { Node = place, KeyNode = keyNode, Path = path },
        YamlScalarType.Integer or YamlScalarType.Float when double.TryParse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) =>
            new JNumber(number, scalar.Type == YamlScalarType.Integer) { Node = place, KeyNode = keyNode, Path = path },
        _ => new JString(scalar.Value) { Node = place, KeyNode = keyNode, Path = path },
    };

    /// <summary>A patch value as plain JSON (anchors and conditions are checked on JSON values).</summary>
    public static JValue PlainValue(RenderNode node) => new RenderAdapter().ToValue(node);
}
