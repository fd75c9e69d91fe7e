using System.Text.RegularExpressions;

namespace GitOpsAi.Core.Generation;

/// <summary>
/// Turns schedule phrases into five-field cron expressions: "every day at 2am" → <c>0 2 * * *</c>, "every 15 minutes"
/// → <c>*/15 * * * *</c>, "weekdays at 9" → <c>0 9 * * 1-5</c>, "hourly", "daily", "weekly", "monthly", "every monday
/// at 6:30pm", or a cron expression written out. Returns the cron and the part of the request it came from.
/// </summary>
internal static partial class SchedulePhrases
{
    private static readonly string[] Days = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

    public static (string Cron, Match Source)? Parse(string request)
    {
        if (ExplicitCron().Match(request) is { Success: true } cron)
        {
            return (cron.Groups["cron"].Value, cron);
        }

        if (EveryN().Match(request) is { Success: true } every)
        {
            var n = int.Parse(every.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture);
            var unit = every.Groups["unit"].Value.ToLowerInvariant();
            string? result = unit[0] switch
            {
                'm' when n is > 0 and < 60 => $"*/{n} * * * *",
                'h' when n is > 0 and < 24 => $"0 */{n} * * *",
                'd' when n is > 0 and < 32 => $"0 0 */{n} * *",
                _ => null,
            };
            return result is null ? null : (result, every);
        }

        if (AtTime().Match(request) is { Success: true } at)
        {
            var (hour, minute) = TimeOf(at);
            if (hour is null)
            {
                return null;
            }

            var days = at.Groups["days"].Value.ToLowerInvariant();
            var dayField = days switch
            {
                "weekdays" or "every weekday" or "on weekdays" => "1-5",
                "weekends" or "every weekend" or "on weekends" => "0,6",
                _ when DayIndex(days) is { } day => day.ToString(System.Globalization.CultureInfo.InvariantCulture),
                _ => "*",
            };
            return ($"{minute} {hour} * * {dayField}", at);
        }

        if (Named().Match(request) is { Success: true } named)
        {
            var daily = named.Groups["word"].Value.ToLowerInvariant() switch
            {
                "hourly" or "every hour" => "0 * * * *",
                "daily" or "nightly" or "every day" or "every night" => "0 0 * * *",
                "weekly" or "every week" => "0 0 * * 0",
                "monthly" or "every month" => "0 0 1 * *",
                "yearly" or "annually" or "every year" => "0 0 1 1 *",
                _ => null,
            };
            return daily is null ? null : (daily, named);
        }

        return null;
    }

    private static int? DayIndex(string phrase)
    {
        foreach (var (day, index) in Days.Select((d, i) => (d, i)))
        {
            if (phrase.Contains(day, StringComparison.Ordinal))
            {
                return index;
            }
        }

        return null;
    }

    private static (int? Hour, int Minute) TimeOf(Match at)
    {
        var hour = int.Parse(at.Groups["h"].Value, System.Globalization.CultureInfo.InvariantCulture);
        var minute = at.Groups["m"].Success ? int.Parse(at.Groups["m"].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
        var meridiem = at.Groups["ampm"].Value.ToLowerInvariant();
        if (meridiem == "pm" && hour < 12)
        {
            hour += 12;
        }
        else if (meridiem == "am" && hour == 12)
        {
            hour = 0;
        }

        return hour is < 0 or > 23 || minute is < 0 or > 59 ? (null, 0) : (hour, minute);
    }

    [GeneratedRegex(@"(?:schedule|cron)\s*[:=]?\s*""?(?<cron>(?:[\d*/,-]+\s+){4}[\d*/,A-Za-z-]+)""?", RegexOptions.IgnoreCase)]
    private static partial Regex ExplicitCron();

    [GeneratedRegex(@"\bevery\s+(?<n>\d+)\s*(?<unit>minutes?|mins?|m|hours?|hrs?|h|days?|d)\b", RegexOptions.IgnoreCase)]
    private static partial Regex EveryN();

    [GeneratedRegex(@"(?<days>(?:every|on)\s+(?:weekday|weekend|monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?|weekdays|weekends|every\s+day|every\s+night|daily|nightly|(?:on\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?)?\s*at\s+(?<h>\d{1,2})(?::(?<m>\d{2}))?\s*(?<ampm>am|pm)?\b(?!\s*(?:%|percent|replicas|pods))", RegexOptions.IgnoreCase)]
    private static partial Regex AtTime();

    [GeneratedRegex(@"\b(?<word>hourly|daily|nightly|weekly|monthly|yearly|annually|every\s+(?:hour|day|night|week|month|year))\b", RegexOptions.IgnoreCase)]
    private static partial Regex Named();
}
