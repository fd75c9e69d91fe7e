using System.Security.Cryptography;
using System.Text;
using GitOpsAi.Core.Drift;

namespace GitOpsAi.Cluster;

/// <summary>
/// Where the drift baseline lives: one JSON file per repository in the user's cache folder ($GITOPSAI_STATE_DIR,
/// else $XDG_CACHE_HOME/gitops-ai, else ~/.cache/gitops-ai), never in the repository and never sent anywhere.
/// </summary>
public static class DriftStateFile
{
    public static string Folder()
    {
        if (Environment.GetEnvironmentVariable("GITOPSAI_STATE_DIR") is { Length: > 0 } explicitFolder)
        {
            return explicitFolder;
        }

        var cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg
            ? xdg
            : OperatingSystem.IsWindows()
                ? Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData)
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(cache, "gitops-ai");
    }

    public static string PathFor(string repositoryRoot)
    {
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Path.TrimEndingDirectorySeparator(repositoryRoot))))[..16].ToLowerInvariant();
        return Path.Combine(Folder(), $"drift-history-{hash}.json");
    }

    public static DriftHistory Load(string path)
    {
        try
        {
            return DriftHistory.Deserialize(File.Exists(path) ? File.ReadAllText(path) : null);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return new DriftHistory();
        }
    }

    /// <summary>Writes atomically; a cache that cannot be written is a note on stderr, never a failure.</summary>
    public static void Save(string path, DriftHistory history, TextWriter stderr)
    {
        try
        {
            history.Prune(DateTimeOffset.UtcNow, TimeSpan.FromDays(60));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var temporary = path + ".tmp";
            File.WriteAllText(temporary, history.Serialize());
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"gitops-ai: the drift baseline could not be saved to {path}: {exception.Message}");
        }
    }
}
