using GitOpsAi.Core.Diagnostics;

namespace GitOpsAi.Core.Kustomize;

/// <summary>
/// One object as the cluster gets it: its fields (each with the file and span that set it), the kustomizations it was
/// reached through, and the Flux Kustomization that applies it, if any.
/// </summary>
public sealed class RenderedObject
{
    private readonly List<(string Name, string? Namespace)> _previousIds = [];

    internal RenderedObject(RenderMap root, SourceRef origin)
    {
        Root = root;
        Origin = origin;
        _previousIds.Add((Name, Namespace));
    }

    /// <summary>The whole object.</summary>
    public RenderMap Root { get; }

    /// <summary>Where the object was first written: its document in a resource file, or the generator entry that made it.</summary>
    public SourceRef Origin { get; }

    public string? ApiVersion => Root.String("apiVersion");

    public string? Kind => Root.String("kind");

    /// <summary>The API group ("" for the core group).</summary>
    public string Group => Manifests.ApiGroupVersion.GroupOf(ApiVersion);

    public string Name => Root.Map("metadata")?.String("name") ?? string.Empty;

    public string? Namespace => Root.Map("metadata")?.String("namespace");

    /// <summary>The kustomization folders the object was reached through, outermost first.</summary>
    public IReadOnlyList<string> Overlays => OverlayList;

    /// <summary>The file of the Flux Kustomization that applies the object, or null when rendered from a folder.</summary>
    public string? FluxKustomizationPath { get; internal set; }

    /// <summary>The name of the Flux Kustomization that applies the object, or null.</summary>
    public string? FluxKustomizationName { get; internal set; }

    /// <summary>"Deployment web" — how messages name the object.</summary>
    public string DisplayName => $"{Kind} {Name}";

    internal List<string> OverlayList { get; } = [];

    // Made by the first namePrefix or nameSuffix that applies: most objects never get one, and two empty lists per
    // rendered object of every root were 10 MB of a 50,000-resource check.
    private List<string>? _prefixes;
    private List<string>? _suffixes;

    /// <summary>The name prefixes and suffixes applied, innermost first (kustomize picks references with the same ones).</summary>
    internal ReadOnlySpan<string> Prefixes => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_prefixes);

    internal ReadOnlySpan<string> Suffixes => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_suffixes);

    /// <summary>Records one namePrefix/nameSuffix application (either may be empty, as in kustomize).</summary>
    internal void AddAffixes(string prefix, string suffix)
    {
        (_prefixes ??= []).Add(prefix);
        (_suffixes ??= []).Add(suffix);
    }

    /// <summary>True for an object a generator made (it has no document of its own to compare with).</summary>
    public bool IsGenerated { get; internal init; }

    /// <summary>
    /// True when rendering changed nothing: every node still comes from the object's own document. Such an object
    /// gives exactly the findings its source gives, so checking it again is wasted work.
    /// </summary>
    public bool IsAsWritten => !IsGenerated && AllFrom(Root, Origin);

    /// <remarks>Loops, not All() with lambdas: it runs over every node of every rendered object, and the closures were 0.1 GB of a 50,000-resource check.</remarks>
    private static bool AllFrom(RenderNode node, SourceRef origin)
    {
        if (!Within(node.Source, origin))
        {
            return false;
        }

        switch (node)
        {
            // Unread, it is the parsed node, whose keys, items and values all lie inside its own span in its file.
            case RenderMap { Unread: not null }:
            case RenderSequence { Unread: not null }:
                return true;
            case RenderMap map:
                foreach (var entry in map.Entries)
                {
                    if (entry.KeySource is not { } key || key.Path != origin.Path || !AllFrom(entry.Value, origin))
                    {
                        return false;
                    }
                }

                return true;
            case RenderSequence sequence:
                foreach (var item in sequence.Items)
                {
                    if (!AllFrom(item, origin))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return true;
        }
    }

    private static bool Within(SourceRef? source, SourceRef origin) =>
        source is { } at && at.Path == origin.Path && at.Span.Start >= origin.Span.Start && at.Span.End <= origin.Span.End;

    /// <summary>Set by a generator whose output gets kustomize's content-hash suffix at the end of the build.</summary>
    internal bool NeedsHashSuffix { get; set; }

    /// <summary>The generator's behavior (create, merge, replace) while the object is being generated.</summary>
    internal string? GeneratorBehavior { get; set; }

    /// <summary>Every name and namespace the object had before (for kustomize's reference fix-ups), oldest first.</summary>
    internal IReadOnlyList<(string Name, string? Namespace)> PreviousIds => _previousIds;

    internal void RememberId() => _previousIds.Add((Name, Namespace));

    internal bool HadName(string name) => HadId(name, null);

    /// <summary>How many objects were asked for a name they have or had on this thread (tests prove a build looks names up, not every object).</summary>
    [ThreadStatic]
    internal static int NamesComparedOnThisThread;

    /// <summary>
    /// True when the object has or had <paramref name="name"/> (in <paramref name="namespace"/>, when given, "default" for
    /// none). A loop, not Any() with a lambda: the reference fix-up asks it for every candidate of every reference field.
    /// </summary>
    internal bool HadId(string name, string? @namespace)
    {
        NamesComparedOnThisThread++;
        foreach (var id in _previousIds)
        {
            if (id.Name == name && (@namespace is null || (id.Namespace ?? "default") == @namespace))
            {
                return true;
            }
        }

        return Name == name;
    }

    public override string ToString() => $"{ApiVersion} {DisplayName}" + (Namespace is null ? string.Empty : $" ({Namespace})");
}

/// <summary>What a render gives: the objects in kubectl kustomize's order, and every problem found on the way.</summary>
public sealed record RenderResult(IReadOnlyList<RenderedObject> Objects, IReadOnlyList<RenderDiagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.Diagnostic.Severity == DiagnosticSeverity.Error);

    /// <summary>The text of a file the render read (for turning spans into lines), or null for one it did not.</summary>
    public Func<string, Text.SourceText?> SourceOf { get; init; } = _ => null;

    /// <summary>Objects a <c>$patch: delete</c> removed on the way, with the directive that removed each.</summary>
    internal IReadOnlyList<Deletion> Deletions { get; init; } = [];

    /// <summary>The YAML files the render read, as it read them.</summary>
    internal IReadOnlyDictionary<string, Workspace.WorkspaceFile> DependencyFiles { get; init; } = new Dictionary<string, Workspace.WorkspaceFile>();

    /// <summary>A Flux Kustomization's render that read of its own file only its own document (see <see cref="RootRenders"/>).</summary>
    internal bool ReadsOnlyItsFluxDocument { get; init; }
}

/// <summary>A diagnostic and the file it is in (a render reads many files).</summary>
public sealed record RenderDiagnostic(string Path, Diagnostic Diagnostic);
