using System.Text.RegularExpressions;

namespace GitOpsAi.Core.Generation;

/// <summary>
/// Images the offline engine may pin without being told: well-known server software, each with a pinned tag, the port
/// it listens on, the non-root user its image supports and where it keeps data. A request that names one of these
/// ("redis statefulset") gets a runnable manifest; anything else gets a placeholder image.
/// </summary>
internal static class WellKnownApps
{
    public sealed record App(string Name, string Image, string Tag, int Port, string PortName, long User, string DataPath);

    private static readonly App[] All =
    [
        new("redis", "docker.io/library/redis", "7.4.1", 6379, "redis", 999, "/data"),
        new("postgres", "docker.io/library/postgres", "16.4", 5432, "postgres", 999, "/var/lib/postgresql/data"),
        new("postgresql", "docker.io/library/postgres", "16.4", 5432, "postgres", 999, "/var/lib/postgresql/data"),
        new("mysql", "docker.io/library/mysql", "8.4.2", 3306, "mysql", 999, "/var/lib/mysql"),
        new("mariadb", "docker.io/library/mariadb", "11.4.3", 3306, "mysql", 999, "/var/lib/mysql"),
        new("mongodb", "docker.io/library/mongo", "7.0.14", 27017, "mongo", 999, "/data/db"),
        new("mongo", "docker.io/library/mongo", "7.0.14", 27017, "mongo", 999, "/data/db"),
        new("rabbitmq", "docker.io/library/rabbitmq", "3.13.7", 5672, "amqp", 999, "/var/lib/rabbitmq"),
        new("memcached", "docker.io/library/memcached", "1.6.31", 11211, "memcached", 11211, "/data"),
        new("nginx", "docker.io/nginxinc/nginx-unprivileged", "1.27.2", 8080, "http", 101, "/data"),
        new("podinfo", "ghcr.io/stefanprodan/podinfo", "6.7.1", 9898, "http", 1000, "/data"),
        new("busybox", "docker.io/library/busybox", "1.37.0", 0, "", 65534, "/data"),
    ];

    public static App? Find(string text)
    {
        foreach (var app in All)
        {
            if (Regex.IsMatch(text, $@"(?<![\w.-]){app.Name}(?![\w.-])", RegexOptions.IgnoreCase))
            {
                return app;
            }
        }

        return null;
    }

    /// <summary>The app whose image is <paramref name="image"/>, or whose name is <paramref name="name"/>.</summary>
    public static App? ByImageOrName(string? image, string? name) =>
        All.FirstOrDefault(a => image is not null && (a.Image == image || a.Image.EndsWith("/" + image, StringComparison.Ordinal)))
        ?? (image is null && name is not null ? All.FirstOrDefault(a => a.Name == name) : null);
}
