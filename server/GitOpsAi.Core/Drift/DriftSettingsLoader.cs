using System.Globalization;
using Cronos;
using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Text;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Drift;

/// <summary>
/// Reads the <c>drift:</c> section of .gitops-ai/rules.yaml. Keys may be written camelCase or, as StackGen's
/// ai-rules.yaml writes them, snake_case (<c>max_drift_score</c>, <c>suppress_windows</c>). Every mistake is a
/// diagnostic at its place and the rest of the section still applies.
/// </summary>
public static class DriftSettingsLoader
{
    /// <summary>The section names read as the drift section.</summary>
    public static IReadOnlyList<string> SectionNames { get; } = ["drift", "drift_detection", "driftDetection"];

    private static readonly string[] Keys = ["clusters", "sensitivity", "maxDriftScore", "ignore", "suppressWindows", "baseline"];

    public static DriftSettings Read(YamlNode node, List<Diagnostic> diagnostics)
    {
        var settings = DriftSettings.Default;
        if (node is not YamlMapping mapping)
        {
            diagnostics.Add(Invalid(node.Span, "'drift' must be a mapping of clusters, sensitivity, maxDriftScore, ignore, suppressWindows and baseline."));
            return settings;
        }

        foreach (var pair in mapping.Pairs)
        {
            switch (Normalize(pair.KeyText))
            {
                case "clusters":
                    settings = settings with { Clusters = ReadClusters(pair.Value, diagnostics) };
                    break;
                case "sensitivity" when pair.Value is YamlScalar { Value: "low" or "medium" or "high" } level:
                    settings = settings with { Sensitivity = Enum.Parse<DriftSensitivity>(level.Value, ignoreCase: true) };
                    break;
                case "sensitivity":
                    diagnostics.Add(Invalid(pair.Value.Span, "'sensitivity' is low, medium or high."));
                    break;
                case "maxdriftscore" or "maxdriftscores":
                    settings = ReadThresholds(pair.Value, settings, diagnostics);
                    break;
                case "ignore" or "ignorefields" or "ignoredifferences":
                    settings = settings with { Ignore = ReadSelectors(pair.Value, "ignore", diagnostics) };
                    break;
                case "suppresswindows":
                    settings = settings with { SuppressWindows = ReadWindows(pair.Value, diagnostics) };
                    break;
                case "baseline" or "baselinedays" or "baselineperiod":
                    if (ReadDuration(pair.Value, defaultUnit: 'd') is { } baseline)
                    {
                        settings = settings with { Baseline = baseline };
                    }
                    else
                    {
                        diagnostics.Add(Invalid(pair.Value.Span, "'baseline' is a number of days or a duration such as 14d; 0 turns learning off."));
                    }

                    break;
                default:
                    diagnostics.Add(Invalid(pair.Key.Span, $"Unknown drift setting '{pair.KeyText}'." + DidYouMean(pair.KeyText)));
                    break;
            }
        }

        return settings;
    }

    private static IReadOnlyList<ClusterMapping> ReadClusters(YamlNode node, List<Diagnostic> diagnostics)
    {
        var clusters = new List<ClusterMapping>();
        foreach (var entry in Entries(node, "clusters", "a list of {path, context}", diagnostics))
        {
            var path = entry.GetString("path");
            var context = entry.GetString("context");
            if (path is null || context is null)
            {
                diagnostics.Add(Invalid(new TextSpan(entry.Span.Start, 0), "A cluster entry needs 'path' (a glob such as clusters/prod/**) and 'context' (a kubeconfig context)."));
                continue;
            }

            bool? production = entry["production"] is YamlScalar { Type: YamlScalarType.Boolean } flag ? flag.IsTrue : null;
            ReportUnknown(entry, ["path", "context", "production"], diagnostics);
            clusters.Add(new ClusterMapping(path, context, production));
        }

        return clusters;
    }

    private static DriftSettings ReadThresholds(YamlNode node, DriftSettings settings, List<Diagnostic> diagnostics)
    {
        if (node is YamlScalar scalar)
        {
            return Score(scalar, diagnostics) is { } global ? settings with { MaxDriftScore = global } : settings;
        }

        // A mapping {default, overrides: [...]} or a list of {kind, name, namespace, path, max}.
        var list = node as YamlSequence;
        if (node is YamlMapping mapping)
        {
            foreach (var pair in mapping.Pairs)
            {
                switch (Normalize(pair.KeyText))
                {
                    case "default" when pair.Value is YamlScalar value && Score(value, diagnostics) is { } global:
                        settings = settings with { MaxDriftScore = global };
                        break;
                    case "default":
                        break;
                    case "overrides" when pair.Value is YamlSequence overrides:
                        list = overrides;
                        break;
                    default:
                        diagnostics.Add(Invalid(pair.Key.Span, "'maxDriftScore' is a number, or a mapping of 'default' and 'overrides' (a list of {kind, name, namespace, path, max})."));
                        break;
                }
            }
        }

        var thresholds = new List<ScoreThreshold>();
        foreach (var entry in list is null ? [] : Entries(list, "overrides", "a list of {kind, name, namespace, path, max}", diagnostics))
        {
            ReportUnknown(entry, ["kind", "name", "namespace", "path", "max", "maxDriftScore"], diagnostics);
            if ((entry["max"] ?? entry["maxDriftScore"]) is YamlScalar max && Score(max, diagnostics) is { } value)
            {
                thresholds.Add(new ScoreThreshold(Selector(entry), value));
            }
            else if (entry["max"] is null && entry["maxDriftScore"] is null)
            {
                diagnostics.Add(Invalid(new TextSpan(entry.Span.Start, 0), "An override needs 'max' (0-100)."));
            }
        }

        return settings with { Thresholds = thresholds };
    }

    private static IReadOnlyList<DriftSelector> ReadSelectors(YamlNode node, string field, List<Diagnostic> diagnostics)
    {
        var selectors = new List<DriftSelector>();
        foreach (var entry in Entries(node, field, "a list of {kind, name, namespace, path}", diagnostics))
        {
            ReportUnknown(entry, ["kind", "name", "namespace", "path", "jsonPointer", "reason"], diagnostics);
            var selector = Selector(entry);
            if (selector.Specificity == 0)
            {
                diagnostics.Add(Invalid(new TextSpan(entry.Span.Start, 0), "This entry matches every drift; give a kind, name, namespace or path."));
                continue;
            }

            selectors.Add(selector);
        }

        return selectors;
    }

    private static IReadOnlyList<SuppressWindow> ReadWindows(YamlNode node, List<Diagnostic> diagnostics)
    {
        var windows = new List<SuppressWindow>();
        foreach (var entry in Entries(node, "suppressWindows", "a list of {cron, duration}", diagnostics))
        {
            ReportUnknown(entry, ["cron", "schedule", "duration", "reason"], diagnostics);
            var cronNode = entry["cron"] ?? entry["schedule"];
            if (cronNode is not YamlScalar cron)
            {
                diagnostics.Add(Invalid(new TextSpan(entry.Span.Start, 0), "A suppress window needs 'cron' (e.g. \"0 2 * * 6\") and 'duration' (e.g. 2h)."));
                continue;
            }

            CronExpression expression;
            try
            {
                expression = CronExpression.Parse(cron.Value, cron.Value.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
            }
            catch (CronFormatException exception)
            {
                diagnostics.Add(Invalid(cron.Span, $"'{cron.Value}' is not a cron expression: {exception.Message}"));
                continue;
            }

            if (entry["duration"] is not { } durationNode || ReadDuration(durationNode, defaultUnit: 'm') is not { } duration || duration <= TimeSpan.Zero)
            {
                diagnostics.Add(Invalid(entry["duration"]?.Span ?? new TextSpan(entry.Span.Start, 0), "'duration' is a positive duration such as 30m, 2h or 1d."));
                continue;
            }

            windows.Add(new SuppressWindow(cron.Value, duration, expression));
        }

        return windows;
    }

    /// <summary>"2h", "30m", "1h30m", "90s", "14d", or a bare number in <paramref name="defaultUnit"/>.</summary>
    public static TimeSpan? ReadDuration(YamlNode node, char defaultUnit)
    {
        if (node is not YamlScalar scalar)
        {
            return null;
        }

        var text = scalar.Value.Trim();
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var bare) && bare >= 0)
        {
            return Unit(defaultUnit, bare);
        }

        var total = TimeSpan.Zero;
        var number = string.Empty;
        foreach (var c in text)
        {
            if (char.IsDigit(c) || c == '.')
            {
                number += c;
            }
            else if (number.Length > 0 && c is 'd' or 'h' or 'm' or 's' && double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                total += Unit(c, value);
                number = string.Empty;
            }
            else
            {
                return null;
            }
        }

        return number.Length == 0 && text.Length > 0 ? total : null;
    }

    private static TimeSpan Unit(char unit, double value) => unit switch
    {
        'd' => TimeSpan.FromDays(value),
        'h' => TimeSpan.FromHours(value),
        'm' => TimeSpan.FromMinutes(value),
        _ => TimeSpan.FromSeconds(value),
    };

    private static int? Score(YamlScalar scalar, List<Diagnostic> diagnostics)
    {
        if (int.TryParse(scalar.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value is >= 0 and <= 100)
        {
            return value;
        }

        diagnostics.Add(Invalid(scalar.Span, $"'{scalar.Value}' is not a score; use a whole number from 0 to 100."));
        return null;
    }

    private static DriftSelector Selector(YamlMapping entry) =>
        new(entry.GetString("kind"), entry.GetString("name"), entry.GetString("namespace"), entry.GetString("path") ?? entry.GetString("jsonPointer"));

    private static IEnumerable<YamlMapping> Entries(YamlNode node, string field, string shape, List<Diagnostic> diagnostics)
    {
        if (node is not YamlSequence sequence)
        {
            diagnostics.Add(Invalid(node.Span, $"'{field}' must be {shape}."));
            yield break;
        }

        foreach (var item in sequence.Items)
        {
            if (item is YamlMapping mapping)
            {
                yield return mapping;
            }
            else
            {
                diagnostics.Add(Invalid(item.Span, $"Each entry of '{field}' is a mapping: {shape}."));
            }
        }
    }

    private static void ReportUnknown(YamlMapping entry, string[] known, List<Diagnostic> diagnostics)
    {
        foreach (var pair in entry.Pairs.Where(p => p.KeyText is { } key && !known.Contains(key, StringComparer.Ordinal)))
        {
            var suggestion = Suggestions.Closest(pair.KeyText!, known);
            diagnostics.Add(Invalid(pair.Key.Span, $"Unknown key '{pair.KeyText}'; use {string.Join(", ", known)}." + (suggestion is null ? string.Empty : $" Did you mean '{suggestion}'?")));
        }
    }

    /// <summary>camelCase and snake_case spellings read the same: "max_drift_score" is "maxDriftScore".</summary>
    private static string Normalize(string? key) => (key ?? string.Empty).Replace("_", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal).ToLowerInvariant();

    private static string DidYouMean(string? key)
    {
        var suggestion = key is null ? null : Suggestions.Closest(key, Keys);
        return suggestion is null ? $" Use {string.Join(", ", Keys)}." : $" Did you mean '{suggestion}'?";
    }

    private static Diagnostic Invalid(TextSpan span, string message) => CoreDiagnostics.ConfigInvalid.Create(span, message);
}
