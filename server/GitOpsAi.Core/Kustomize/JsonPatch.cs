namespace GitOpsAi.Core.Kustomize;

/// <summary>
/// An RFC 6902 JSON patch (add, remove, replace, move, copy, test) applied to a rendered object; values the patch
/// writes keep the patch's span. Problems come back as messages, never exceptions.
/// </summary>
internal static class JsonPatch
{
    /// <summary>Applies every operation in order; returns an error message for the first that cannot apply, else null.</summary>
    public static string? Apply(RenderMap target, RenderSequence operations)
    {
        foreach (var item in operations.Items)
        {
            if (item is not RenderMap operation || operation.String("op") is not { } op || operation.String("path") is not { } path)
            {
                return "each JSON patch operation needs 'op' and 'path'";
            }

            if ((NotAPointer(path) ?? NotAPointer(operation.String("from"))) is { } pointer)
            {
                return $"'{pointer}' is not a JSON pointer (one starts with '/')";
            }

            var error = op switch
            {
                "add" => Add(target, path, Value(operation)),
                "replace" => Replace(target, path, Value(operation)),
                "remove" => Remove(target, path, out _),
                "move" => Move(target, operation.String("from"), path),
                "copy" => Copy(target, operation.String("from"), path),
                "test" => Test(target, path, Value(operation)),
                _ => $"unknown JSON patch operation '{op}'",
            };
            if (error is not null)
            {
                return error;
            }
        }

        return null;
    }

    private static RenderNode? Value(RenderMap operation) => operation["value"]?.Clone();

    /// <summary>The text when it is neither empty (the whole object) nor starts with '/' (RFC 6901), else null.</summary>
    private static string? NotAPointer(string? path) => path is { Length: > 0 } && path[0] != '/' ? path : null;

    /// <summary>Paths remembered at most (a repository has a few; past this the tokens are made per call).</summary>
    private const int MaxPaths = 4096;

    // A path's tokens, made once: an operation is applied to every object its patch targets, and splitting and unescaping
    // its path each time was 17 MB of a render-roots round of the 50k monorepo (issue 13). Read only, so shared.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string[]> TokensByPath = new(StringComparer.Ordinal);

    private static string[] Tokens(string path)
    {
        if (TokensByPath.TryGetValue(path, out var tokens))
        {
            return tokens;
        }

        tokens = path.Length == 0 ? [] : path.TrimStart('/').Split('/').Select(t => t.Replace("~1", "/").Replace("~0", "~")).ToArray();
        if (TokensByPath.Count < MaxPaths)
        {
            TokensByPath.TryAdd(path, tokens);
        }

        return tokens;
    }

    /// <summary>The container of the last token of <paramref name="path"/>, or an error.</summary>
    private static (RenderNode? Parent, string Last, string? Error) Parent(RenderMap root, string path)
    {
        var tokens = Tokens(path);
        if (tokens.Length == 0)
        {
            return (null, string.Empty, "the root cannot be patched");
        }

        RenderNode current = root;
        foreach (var token in tokens.AsSpan(0, tokens.Length - 1)) // a span: tokens[..^1] copied them for every operation and object
        {
            RenderNode? next = current switch
            {
                RenderMap map => map[token],
                RenderSequence list when int.TryParse(token, out var index) && index >= 0 && index < list.Items.Count => list.Items[index],
                _ => null,
            };
            if (next is null)
            {
                return (null, string.Empty, $"path '{path}' does not exist in the object");
            }

            current = next;
        }

        return (current, tokens[^1], null);
    }

    private static string? Add(RenderMap root, string path, RenderNode? value)
    {
        if (value is null)
        {
            return "'add' needs a value";
        }

        var (parent, last, error) = Parent(root, path);
        switch (parent)
        {
            case RenderMap map:
                map.Set(last, value);
                return null;
            case RenderSequence list when last == "-":
                list.Items.Add(value);
                return null;
            case RenderSequence list when int.TryParse(last, out var index) && index >= 0 && index <= list.Items.Count:
                list.Items.Insert(index, value);
                return null;
            default:
                return error ?? $"cannot add at '{path}'";
        }
    }

    private static string? Replace(RenderMap root, string path, RenderNode? value)
    {
        if (value is null)
        {
            return "'replace' needs a value";
        }

        var (parent, last, error) = Parent(root, path);
        switch (parent)
        {
            case RenderMap map when map.Find(last) is { } entry:
                entry.Value = value;
                return null;
            case RenderSequence list when int.TryParse(last, out var index) && index >= 0 && index < list.Items.Count:
                list.Items[index] = value;
                return null;
            default:
                return error ?? $"path '{path}' does not exist in the object, so it cannot be replaced";
        }
    }

    private static string? Remove(RenderMap root, string path, out RenderNode? removed)
    {
        removed = null;
        var (parent, last, error) = Parent(root, path);
        switch (parent)
        {
            case RenderMap map when map.Find(last) is { } entry:
                removed = entry.Value;
                map.Remove(last);
                return null;
            case RenderSequence list when int.TryParse(last, out var index) && index >= 0 && index < list.Items.Count:
                removed = list.Items[index];
                list.Items.RemoveAt(index);
                return null;
            default:
                return error ?? $"path '{path}' does not exist in the object, so it cannot be removed";
        }
    }

    private static string? Move(RenderMap root, string? from, string path)
    {
        if (from is null)
        {
            return "'move' needs 'from'";
        }

        var error = Remove(root, from, out var value);
        return error ?? Add(root, path, value);
    }

    private static string? Copy(RenderMap root, string? from, string path)
    {
        if (from is null || Find(root, from) is not { } value)
        {
            return $"'copy' source '{from}' does not exist";
        }

        return Add(root, path, value.Clone());
    }

    private static string? Test(RenderMap root, string path, RenderNode? value) =>
        Find(root, path) is RenderScalar actual && value is RenderScalar expected && actual.Value == expected.Value ? null : $"test at '{path}' failed";

    private static RenderNode? Find(RenderMap root, string path)
    {
        var (parent, last, _) = Parent(root, path);
        return parent switch
        {
            RenderMap map => map[last],
            RenderSequence list when int.TryParse(last, out var index) && index >= 0 && index < list.Items.Count => list.Items[index],
            _ => null,
        };
    }
}
