namespace GitOpsAi.Core.Rules.Templates;

public sealed partial class WorkspaceObjects
{
    /// <summary>
    /// How many objects in each namespace generate objects the repository does not show: the counts of the snapshot they
    /// were built for from every file, with the net differences of the files changed since laid over them (none for most
    /// siblings views: their rendered objects generate into the namespaces the files they hide did). A render root's
    /// view that moves a generator (a base's HelmRelease rendered by each overlay into its namespace) copied the counts
    /// whole: roots × namespaces (8,000 apps of two overlays each: 9.2 GB allocated, 1.4 GB laid over; the 50k monorepo:
    /// 15 MB). Copied for a view with no differences too, the same square was once 6.5 of the 8.5 GB of oshape18's
    /// argocd shape at 43,000 resources. Neither table is changed once made.
    /// </summary>
    private sealed class GeneratedNamespaces
    {
        /// <summary>Beyond this many namespaces with a difference (a long chain of edits), the counts are copied with them applied.</summary>
        private const int MostDifferencesLaidOver = 64;

        private readonly Dictionary<string, int> _counts;
        private readonly Dictionary<string, int>? _differences;
        private readonly int _namespaces;

        private GeneratedNamespaces(Dictionary<string, int> counts, Dictionary<string, int>? differences, int namespaces)
        {
            _counts = counts;
            _differences = differences;
            _namespaces = namespaces;
        }

        public static GeneratedNamespaces Of(Dictionary<string, int> counts) => new(counts, null, counts.Count);

        /// <summary>True when some namespace has a generator.</summary>
        public bool Any => _namespaces > 0;

        public bool Contains(string @namespace) => _counts.GetValueOrDefault(@namespace) + (_differences?.GetValueOrDefault(@namespace) ?? 0) != 0;

        /// <summary>These counts with <paramref name="differences"/> (net, by namespace: taken, not copied) applied.</summary>
        public GeneratedNamespaces With(Dictionary<string, int> differences)
        {
            if (differences.Count == 0)
            {
                return this;
            }

            var combined = differences;
            if (_differences is not null)
            {
                combined = new Dictionary<string, int>(_differences, StringComparer.Ordinal);
                foreach (var (@namespace, difference) in differences)
                {
                    AddCount(combined, @namespace, difference);
                }
            }

            if (combined.Count > MostDifferencesLaidOver)
            {
                Interlocked.Increment(ref s_generatorCountCopies);
                var applied = new Dictionary<string, int>(_counts, StringComparer.Ordinal); // copied whole, not hashed again key by key
                foreach (var (@namespace, difference) in combined)
                {
                    AddCount(applied, @namespace, difference);
                }

                return Of(applied);
            }

            var namespaces = _counts.Count;
            foreach (var (@namespace, difference) in combined)
            {
                var before = _counts.GetValueOrDefault(@namespace);
                namespaces += (before + difference != 0 ? 1 : 0) - (before != 0 ? 1 : 0);
            }

            return new GeneratedNamespaces(_counts, combined.Count == 0 ? null : combined, namespaces);
        }
    }

    private static int s_generatorCountCopies;

    /// <summary>How many carried snapshots copied their predecessor's generator counts in this process (tests).</summary>
    internal static int GeneratorCountCopies => Volatile.Read(ref s_generatorCountCopies);
}
