using System.Runtime.CompilerServices;
using GitOpsAi.Core.Workspace;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Kustomize;

/// <summary>
/// The render nodes of resource documents, converted once per snapshot and shared, copy-on-write, by every build that
/// includes them: a base is rendered by each of its overlays (dev, staging and prod of an app), and converting its
/// parse tree again for each was the largest allocation of rendering a 50,000-resource monorepo (issue 13). Each build
/// gets a <see cref="RenderMap.CopyOnWrite(RenderMap)"/> of the converted document: the maps and sequences a transformer
/// or a patch reaches are copied one level at a time as it reaches them, the rest (and every scalar) is read from the
/// converted document, which nothing changes. Only recent documents are kept (one slot per document's hash): the
/// overlays of one base are rendered close together (<see cref="RenderedAnalysis"/> orders them so), and a run must
/// not keep every base converted to the end.
/// </summary>
internal sealed class ConvertedDocuments
{
    internal const int Slots = 4096;

    // By the snapshot's file map (one per snapshot): an editor's next snapshot starts empty and the old one's converted
    // documents go with it. Files a render reads from disk outside the snapshot are parsed anew each time, so miss.
    private static readonly ConditionalWeakTable<IReadOnlyDictionary<string, WorkspaceFile>, ConvertedDocuments> ByFiles = new();

    private readonly Converted?[] _recent = new Converted?[Slots];

    public static ConvertedDocuments For(IReadOnlyDictionary<string, WorkspaceFile> files) => ByFiles.GetValue(files, _ => new ConvertedDocuments());

    /// <summary>How many documents were converted (not taken from a recent conversion) on this thread (tests).</summary>
    [ThreadStatic]
    internal static int ConvertedOnThisThread;

    /// <summary>Render nodes of <paramref name="document"/> (of the file at <paramref name="path"/>) that the caller may edit.</summary>
    public RenderMap Of(YamlMapping document, string path)
    {
        // Lock-free: a slot holds an immutable record, read and replaced whole; two threads converting one document at
        // once each use their own conversion, and the slot keeps one of them.
        ref var slot = ref _recent[(RuntimeHelpers.GetHashCode(document) & int.MaxValue) % Slots];
        var known = Volatile.Read(ref slot);
        if (known is null || !ReferenceEquals(known.Document, document) || !string.Equals(known.Path, path, StringComparison.Ordinal))
        {
            ConvertedOnThisThread++;
            known = new Converted(document, path, RenderMap.FromYaml(document, path));
            Volatile.Write(ref slot, known);
        }

        return RenderMap.CopyOnWrite(known.Template);
    }

    /// <summary>A converted document. Its template is never handed out, only copy-on-write maps that read it.</summary>
    private sealed record Converted(YamlMapping Document, string Path, RenderMap Template);
}
