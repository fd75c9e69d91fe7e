using System.Text.Json;
using System.Text.Json.Nodes;

namespace GitOpsAi.Core.Drift;

/// <summary>What earlier runs saw of one drifted field: when it was first seen and on how many distinct days.</summary>
public sealed record DriftObservation(DateTimeOffset FirstSeen, DateTimeOffset LastSeen, int Days);

/// <summary>
/// The local record of drift seen over time (the "baseline"): field identities and days only, never a value. The front
/// ends keep it in a state file in the user's cache folder; the core only reads and updates it in memory.
/// </summary>
public sealed class DriftHistory
{
    private readonly Dictionary<string, DriftObservation> _observations = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _observations.Count;
            }
        }
    }

    public static string KeyOf(ObjectKey key, FieldPath path) => $"{key.Group}/{key.Kind}/{key.Namespace}/{key.Name}#{path}";

    /// <summary>Records that the field drifts now and returns what is known of it, this observation included.</summary>
    public DriftObservation Observe(string key, DateTimeOffset now)
    {
        lock (_lock)
        {
            if (_observations.TryGetValue(key, out var seen))
            {
                var newDay = now.UtcDateTime.Date > seen.LastSeen.UtcDateTime.Date;
                seen = seen with { LastSeen = now > seen.LastSeen ? now : seen.LastSeen, Days = seen.Days + (newDay ? 1 : 0) };
            }
            else
            {
                seen = new DriftObservation(now, now, 1);
            }

            _observations[key] = seen;
            return seen;
        }
    }

    public DriftObservation? Find(string key)
    {
        lock (_lock)
        {
            return _observations.GetValueOrDefault(key);
        }
    }

    /// <summary>Drops observations not seen for longer than <paramref name="keep"/> (drift that was fixed).</summary>
    public void Prune(DateTimeOffset now, TimeSpan keep)
    {
        lock (_lock)
        {
            foreach (var key in _observations.Where(p => now - p.Value.LastSeen > keep).Select(p => p.Key).ToList())
            {
                _observations.Remove(key);
            }
        }
    }

    public string Serialize()
    {
        lock (_lock)
        {
            var root = new JsonObject { ["version"] = 1 };
            var entries = new JsonObject();
            foreach (var (key, value) in _observations.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                entries[key] = new JsonObject { ["firstSeen"] = value.FirstSeen.ToString("O"), ["lastSeen"] = value.LastSeen.ToString("O"), ["days"] = value.Days };
            }

            root["observations"] = entries;
            return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        }
    }

    /// <summary>Reads a state file; a damaged one gives an empty history (it is a cache, never the user's work).</summary>
    public static DriftHistory Deserialize(string? json)
    {
        var history = new DriftHistory();
        if (string.IsNullOrWhiteSpace(json))
        {
            return history;
        }

        try
        {
            if (JsonNode.Parse(json)?["observations"] is JsonObject entries)
            {
                foreach (var (key, value) in entries)
                {
                    if (value is JsonObject entry && DateTimeOffset.TryParse(LiveValues.AsString(entry["firstSeen"]), out var first)
                        && DateTimeOffset.TryParse(LiveValues.AsString(entry["lastSeen"]), out var last) && entry["days"] is JsonValue days && days.TryGetValue<int>(out var count))
                    {
                        history._observations[key] = new DriftObservation(first, last, count);
                    }
                }
            }
        }
        catch (JsonException)
        {
        }

        return history;
    }
}
