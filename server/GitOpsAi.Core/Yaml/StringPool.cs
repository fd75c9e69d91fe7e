namespace GitOpsAi.Core.Yaml;

/// <summary>
/// Shares the strings YAML trees repeat: keys (apiVersion, metadata, name...) and short values (v1, Deployment, TCP).
/// A 50,000-resource repository holds millions of scalars and a few thousand distinct keys: without sharing, each key
/// is a string of its own for as long as the tree lives. One pool per thread, so parallel parsing takes no lock; each
/// is bounded and starts afresh when full, so unique values (names, images) cannot make it grow.
/// </summary>
internal sealed class StringPool
{
    /// <summary>Longer strings are not shared: they are rarely repeated.</summary>
    public const int MaxLength = 64;

    [ThreadStatic]
    private static StringPool? _keys;

    [ThreadStatic]
    private static StringPool? _values;

    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _bySpan;
    private readonly int _capacity;

    // Keys the code looks up by name, as the code's own literals (string literals are one interned instance per process):
    // a key read from a file is then the very instance it is compared with, so a lookup ends at the reference test
    // instead of comparing characters (rendering compares keys millions of times at 50,000 resources, issue 13).
    private static readonly string[] WellKnownKeys =
    [
        "apiVersion", "kind", "metadata", "name", "namespace", "labels", "annotations", "spec", "template", "selector",
        "matchLabels", "containers", "initContainers", "image", "volumes", "env", "envFrom", "valueFrom", "configMap",
        "configMapRef", "configMapKeyRef", "secret", "secretRef", "secretKeyRef", "secretName", "serviceAccountName",
        "imagePullSecrets", "data", "items", "subjects", "roleRef", "scaleTargetRef", "jobTemplate", "ports", "resources",
    ];

    private readonly string[] _seed;

    private StringPool(int capacity, string[] seed)
    {
        _capacity = capacity;
        _bySpan = _strings.GetAlternateLookup<ReadOnlySpan<char>>();
        _seed = seed;
        Seed();
    }

    private static StringPool Keys => _keys ??= new StringPool(16_384, WellKnownKeys);

    private static StringPool Values => _values ??= new StringPool(4_096, []);

    private void Seed()
    {
        foreach (var key in _seed)
        {
            _strings[key] = key;
        }
    }

    /// <summary>The shared instance of a mapping key equal to <paramref name="key"/>.</summary>
    public static string Key(string key) => Keys.Share(key);

    /// <summary>The shared instance of a value equal to <paramref name="value"/>.</summary>
    public static string Value(string value) => Values.Share(value);

    /// <summary>The shared mapping key equal to <paramref name="key"/>, a string made only when the pool has none.</summary>
    public static string Key(ReadOnlySpan<char> key) => Keys.Share(key);

    /// <summary>The shared value equal to <paramref name="value"/>, a string made only when the pool has none.</summary>
    public static string Value(ReadOnlySpan<char> value) => Values.Share(value);

    private string Share(ReadOnlySpan<char> value)
    {
        if (value.Length > MaxLength)
        {
            return value.ToString();
        }

        return _bySpan.TryGetValue(value, out var shared) ? shared : Add(value.ToString());
    }

    private string Share(string value)
    {
        if (value.Length > MaxLength)
        {
            return value;
        }

        return _strings.TryGetValue(value, out var shared) ? shared : Add(value);
    }

    /// <summary>Keeps <paramref name="value"/>, which the pool does not have yet.</summary>
    private string Add(string value)
    {
        if (_strings.Count >= _capacity)
        {
            _strings.Clear(); // what repeats comes back at once; what did not repeat is let go
            Seed();
        }

        _strings[value] = value;
        return value;
    }
}
