using System.ComponentModel;
using GitOpsAi.Core.Text;
using GitOpsAi.Core.Editing;
using GitOpsAi.Core.Manifests;
using Container = GitOpsAi.Core.Manifests.Container;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Rules.Templates;

public sealed record ImageTagParameters
{
    [Description("Regular expressions of images that are not allowed (kube-linter's default: ':latest' and images without a tag).")]
    public IReadOnlyList<string> BlockList { get; init; } = [".*:(latest)$", "^((?!:).)*$", "^(.*/[^:]+)$"];

    [Description("Regular expressions of images that are always allowed, even if they match the block list.")]
    public IReadOnlyList<string> AllowList { get; init; } = [];
}

/// <summary>Images must name a fixed tag or digest. Offers to pin to a tag the repository already uses for that image.</summary>
public sealed class ImageTagTemplate(ImageTagParameters? parameters = null) : ContainerTemplate<ImageTagParameters>(parameters)
{
    public override string TemplateName => "image-tag";

    protected override void CheckContainer(RuleContext context, PodTemplate pod, Container container, ImageTagParameters parameters)
    {
        if (container.Node["image"] is not YamlScalar { IsNull: false } image || PodSpecValues.IsSubstituted(image) || image.Value.Contains('@'))
        {
            return; // substituted at apply time, or pinned by digest
        }

        var value = image.Value;
        if (!IsBlocked(context.Regexes, parameters, value))
        {
            return;
        }

        var repository = ImageReference.Repository(value);
        var message = value.EndsWith(":latest", StringComparison.Ordinal)
            ? $"Container '{container.Name}' uses the mutable tag 'latest'; pin a version so every apply runs the same image."
            : $"Container '{container.Name}' uses image '{value}' without a tag; pin a version so every apply runs the same image.";
        context.Report(image, message, (repository, image), static (context, state) => Fix(context, state.repository, state.image));
    }

    private static Diagnostics.CodeFix? Fix(RuleContext context, string repository, YamlScalar image) =>
        KnownTag(context, repository) is { } knownTag
            ? YamlEdits.Fix($"Pin to {repository}:{knownTag} (used elsewhere in this repository)", new Diagnostics.TextEdit(image.Span, $"{repository}:{knownTag}"))
            : null;

    /// <summary>Whether the image is on the block list and not on the allow list (remembered per configuration: <see cref="RememberedVerdicts"/>).</summary>
    internal static bool IsBlocked(RegexBudget regexes, ImageTagParameters parameters, string image) =>
        RememberedVerdicts.Get(regexes, parameters, image, (regexes, parameters), static (state, value) => MatchesBlockList(state.regexes, state.parameters, value));

    internal static bool MatchesBlockList(RegexBudget regexes, ImageTagParameters parameters, string image) =>
        IsDefaultBlockList(parameters) && image.Length <= DefaultBlockListMaxLength && !image.Contains('\n') ? DefaultBlockListMatches(image)
        : !parameters.AllowList.Any(pattern => regexes.IsMatch(image, pattern)) && parameters.BlockList.Any(pattern => regexes.IsMatch(image, pattern));

    private static readonly string[] DefaultBlockList = new ImageTagParameters().BlockList.ToArray();

    /// <summary>
    /// Longer values are left to the patterns, whose run-time budget could stop them on megabytes of text (then they match
    /// nothing from there on, which the string test would not know); an image name is far shorter.
    /// </summary>
    private const int DefaultBlockListMaxLength = 4096;

    /// <summary>No allow list and kube-linter's block list as it is by default (nearly every configuration).</summary>
    private static bool IsDefaultBlockList(ImageTagParameters parameters)
    {
        var blockList = parameters.BlockList;
        if (parameters.AllowList.Count > 0 || blockList.Count != DefaultBlockList.Length)
        {
            return false;
        }

        for (var i = 0; i < DefaultBlockList.Length; i++)
        {
            if (!string.Equals(blockList[i], DefaultBlockList[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The default block list's verdict on an image without a line break, read off the string: ".*:(latest)$" (ends in
    /// ":latest"), "^((?!:).)*$" (no colon) or "^(.*/[^:]+)$" (a slash with something after it and no colon after it). Each
    /// overlay writes its images with its own tags, so at 50,000 resources most are new to the remembered verdicts, and
    /// the three patterns, interpreted, were most of the image rule's time (issue 13). Line breaks are left to the
    /// patterns: "." stops at one and "$" matches before a final one.
    /// </summary>
    internal static bool DefaultBlockListMatches(string image)
    {
        if (image.EndsWith(":latest", StringComparison.Ordinal))
        {
            return true;
        }

        var colon = image.LastIndexOf(':');
        if (colon < 0)
        {
            return true;
        }

        // A slash after the last colon that is not the last character.
        var slash = image.AsSpan(colon + 1).IndexOf('/');
        return slash >= 0 && colon + 1 + slash < image.Length - 1;
    }

    /// <summary>A tag the same image is pinned to elsewhere in the workspace (the most common one).</summary>
    private static string? KnownTag(RuleContext context, string repository) =>
        KnownTags.GetValue(WorkspaceObjects.For(context.Workspace), CountTags).GetValueOrDefault(repository);

    /// <summary>
    /// Each image repository's most common pinned tag, worked out in one walk over the workloads of a snapshot: walked for
    /// each fix, `--fix` on a repository of many unpinned images walked every workload for every one of them.
    /// </summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<WorkspaceObjects, Dictionary<string, string>> KnownTags = new();

    /// <summary>How many times the workloads' tags were counted on this thread (tests: once per snapshot, not once per fix).</summary>
    [ThreadStatic]
    internal static int TagCountsOnThisThread;

    private static Dictionary<string, string> CountTags(WorkspaceObjects objects)
    {
        TagCountsOnThisThread++;
        var counts = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        foreach (var workload in objects.Workloads())
        {
            foreach (var container in workload.Manifest.PodTemplate!.AllContainers)
            {
                if (container.Image is { } image && ImageReference.Tag(image) is { } tag && tag != "latest" && !tag.Contains('$'))
                {
                    var repository = ImageReference.Repository(image);
                    var tags = counts.TryGetValue(repository, out var known) ? known : counts[repository] = new(StringComparer.Ordinal);
                    tags[tag] = tags.GetValueOrDefault(tag) + 1;
                }
            }
        }

        var mostCommon = new Dictionary<string, string>(counts.Count, StringComparer.Ordinal);
        foreach (var (repository, tags) in counts)
        {
            mostCommon[repository] = tags.OrderByDescending(t => t.Value).ThenByDescending(t => t.Key, StringComparer.Ordinal).First().Key;
        }

        return mostCommon;
    }
}

/// <summary>Splits image references: registry/path:tag@digest.</summary>
public static class ImageReference
{
    public static string Repository(string image) => Split(image).Repository;

    public static string? Tag(string image) => Split(image).Tag;

    /// <summary>Only a colon after the last slash starts a tag; one before it is a registry port (registry:5000/app).</summary>
    private static (string Repository, string? Tag) Split(string image)
    {
        var withoutDigest = image.Split('@')[0];
        var colon = withoutDigest.LastIndexOf(':');
        return colon > withoutDigest.LastIndexOf('/') ? (withoutDigest[..colon], withoutDigest[(colon + 1)..]) : (withoutDigest, null);
    }
}
