using GitOpsAi.Core.Expressions.JmesPath;

namespace GitOpsAi.Core.Kyverno.PodSecurity;

/// <summary>An exclusion of validate.podSecurity: a control, for the pod's own fields (no images) or for containers of some images.</summary>
internal sealed record PodSecurityExclusion(string ControlName, IReadOnlyList<string> Images);

/// <summary>
/// <c>validate.podSecurity</c>: the pod checked against a Pod Security Standards level, minus the exclusions, as
/// Kyverno does; a violation that is left fails the rule with Kyverno's message (the level and version, and each
/// violated check's forbidden reason and detail).
/// </summary>
internal sealed record PodSecurityRule(string Level, string Version, IReadOnlyList<PodSecurityExclusion> Exclude)
{
    public static PodSecurityRule? Parse(JObject block, List<string> reasons)
    {
        var level = (block.Get("level") as JString)?.Value ?? string.Empty;
        if (level is not ("privileged" or "baseline" or "restricted"))
        {
            reasons.Add($"its podSecurity level '{level}' is not privileged, baseline or restricted");
            return null;
        }

        var exclusions = new List<PodSecurityExclusion>();
        foreach (var item in (block.Get("exclude") as JArray)?.Items.OfType<JObject>() ?? [])
        {
            if (item.Get("restrictedField") is not null || item.Get("values") is not null)
            {
                reasons.Add("its podSecurity exclusions name restricted fields and values");
                continue;
            }

            exclusions.Add(new PodSecurityExclusion((item.Get("controlName") as JString)?.Value ?? string.Empty, ResourceFilter.Strings(item.Get("images"))));
        }

        return new PodSecurityRule(level, (block.Get("version") as JString)?.Value ?? "latest", exclusions);
    }

    /// <summary>The violations left once exclusions are applied (none for the privileged level).</summary>
    public IReadOnlyList<PodSecurityViolation> Violations(JObject? podMetadata, JObject podSpec)
    {
        if (Level == "privileged")
        {
            return [];
        }

        var (pod, containers) = PodSecurityStandards.Check(podMetadata, podSpec, restricted: Level == "restricted");
        var left = pod.Where(v => !Exclude.Any(e => e.ControlName == v.Control && e.Images.Count == 0)).ToList();
        left.AddRange(containers
            .Where(c => !Exclude.Any(e => e.ControlName == c.Violation.Control && e.Images.Any(image => Wildcard.Match(image, c.Container.Image))))
            .Select(c => c.Violation));
        return left;
    }

    public string Message(string ruleName, IReadOnlyList<PodSecurityViolation> violations)
    {
        var checks = violations.GroupBy(v => v.Reason).Select(g => $"({g.Key}: {string.Join("; ", g.Select(v => v.Detail).Distinct())})");
        return $"Validation rule '{ruleName}' failed. It violates PodSecurity \"{Level}:{Version}\": {string.Join(" ", checks)}";
    }
}
