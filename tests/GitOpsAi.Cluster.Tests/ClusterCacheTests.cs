using GitOpsAi.Core.Drift;
using static GitOpsAi.Cluster.Tests.ClusterTestKit;

namespace GitOpsAi.Cluster.Tests;

public sealed class ClusterCacheTests
{
    private static readonly ObjectKey Web = new("apps", "Deployment", "shop", "web");
    private static readonly ObjectKey Settings = new(string.Empty, "ConfigMap", "shop", "settings");

    [Test]
    public async Task Discovery_through_api_and_apis_finds_every_listable_kind_at_its_preferred_version()
    {
        await using var kit = new ClusterTestKit();
        using var connection = kit.Connect();

        var resources = await ApiDiscovery.DiscoverAsync(connection, CancellationToken.None);

        Assert.That(resources.Select(r => $"{r.GroupVersion} {r.Kind} {r.Plural} {r.Namespaced}"), Is.SupersetOf(new[]
        {
            "v1 ConfigMap configmaps True", "apps/v1 Deployment deployments True", "autoscaling/v2 HorizontalPodAutoscaler horizontalpodautoscalers True",
            "rbac.authorization.k8s.io/v1 ClusterRole clusterroles False", "v1 Namespace namespaces False",
        }));
        Assert.That(kit.Emulator.Requests.Select(r => r.Path), Does.Contain("/api").And.Contain("/apis").And.Contain("/apis/apps/v1"));
    }

    [Test]
    public async Task A_listed_cluster_is_a_live_state_with_managedFields_kept_and_Secret_values_dropped()
    {
        await using var kit = new ClusterTestKit();
        kit.Emulator.Apply(Objects);
        using var connection = kit.Connect();
        await using var cache = new ClusterCache(connection, FastOptions());

        await cache.StartAsync(watch: false);
        var live = cache.Snapshot();

        Assert.That(cache.Status.State, Is.EqualTo(ClusterState.InSync), cache.Status.Message);
        Assert.That(live.Find(Web)!.Managers.Select(m => m.Name), Is.EqualTo(new[] { "kustomize-controller", "kubectl-set" }));
        Assert.That(live.Covers("apps", "Deployment", "shop"), Is.True);
        var secret = live.Find(new ObjectKey(string.Empty, "Secret", "shop", "db"))!;
        Assert.That(secret.Root.ToJsonString(), Does.Not.Contain("c3VwZXItc2VjcmV0").And.Contain("password"));
        kit.AssertOnlyGets();
    }

    [Test]
    public async Task A_Secret_changed_while_watched_reaches_the_cache_with_its_key_names_and_no_value()
    {
        await using var kit = new ClusterTestKit();
        kit.Emulator.Apply(Objects);
        using var connection = kit.Connect();
        await using var cache = new ClusterCache(connection, FastOptions());
        await cache.StartAsync(watch: true);

        kit.Emulator.Apply("apiVersion: v1\nkind: Secret\nmetadata: { name: db, namespace: shop }\ndata: { password: cm90YXRlZC12YWx1ZQ==, token: bmV3LXRva2Vu }\nstringData: { note: plain-text-value }\n");

        var key = new ObjectKey(string.Empty, "Secret", "shop", "db");
        await Eventually(() => cache.Snapshot().Find(key)?.Root["data"]?["token"] is not null, "the modified Secret arrives");
        var json = cache.Snapshot().Find(key)!.Root.ToJsonString();
        Assert.That(json, Does.Contain("password").And.Contain("token").And.Contain("note"));
        Assert.That(json, Does.Not.Contain("cm90YXRlZC12YWx1ZQ==").And.Not.Contain("bmV3LXRva2Vu").And.Not.Contain("plain-text-value"));
        kit.AssertOnlyGets();
    }

    [Test]
    public async Task A_kind_is_listed_in_pages_and_every_page_reaches_the_cache()
    {
        await using var kit = new ClusterTestKit();
        kit.Emulator.Apply(Objects);
        kit.Emulator.Apply(string.Join("---\n", Enumerable.Range(0, 5).Select(i => $"apiVersion: v1\nkind: ConfigMap\nmetadata: {{ name: extra-{i}, namespace: shop }}\n")));
        using var connection = kit.Connect();
        await using var cache = new ClusterCache(connection, FastOptions() with { PageSize = 2 });

        await cache.StartAsync(watch: false);

        var configMaps = cache.Snapshot().Objects.Where(o => o.Key.Kind == "ConfigMap").Select(o => o.Key.Name).ToList();
        Assert.That(configMaps, Is.EquivalentTo(new[] { "settings", "hidden", "extra-0", "extra-1", "extra-2", "extra-3", "extra-4" }));
        var lists = kit.Emulator.Requests.Where(r => r.Path == "/api/v1/configmaps").Select(r => r.Query).ToList();
        Assert.That(lists, Has.Count.EqualTo(4).And.All.Contains("limit=2"));
        Assert.That(lists.Count(q => q.Contains("continue=", StringComparison.Ordinal)), Is.EqualTo(3));
        kit.AssertOnlyGets();
    }

    [Test]
    public async Task Watch_events_update_the_cache_without_listing_again()
    {
        await using var kit = new ClusterTestKit();
        kit.Emulator.Apply(Objects);
        using var connection = kit.Connect();
        await using var cache = new ClusterCache(connection, FastOptions());
        await cache.StartAsync(watch: true);

        kit.Emulator.Apply("apiVersion: v1\nkind: ConfigMap\nmetadata: { name: settings, namespace: shop }\ndata: { mode: slow }\n");
        kit.Emulator.Delete("apps/v1", "Deployment", "shop", "web");

        await Eventually(() => cache.Snapshot().Find(Settings)?.Root["data"]?["mode"]?.GetValue<string>() == "slow", "the modified ConfigMap arrives");
        await Eventually(() => cache.Snapshot().Find(Web) is null, "the deleted Deployment goes");
        Assert.That(kit.Emulator.Requests.Count(r => r.Path == "/api/v1/configmaps" && !r.Query.Contains("watch", StringComparison.Ordinal)), Is.EqualTo(1));
        kit.AssertOnlyGets();
    }

    [Test]
    public async Task A_410_Gone_on_the_watch_makes_the_cache_list_again()
    {
        await using var kit = new ClusterTestKit();
        kit.Emulator.Apply(Objects);
        kit.Emulator.CompactedBefore = long.MaxValue; // every watch version is too old until the relist
        using var connection = kit.Connect();
        await using var cache = new ClusterCache(connection, FastOptions());
        await cache.StartAsync(watch: true);

        await Eventually(() => kit.Emulator.Requests.Count(r => r.Path == "/api/v1/configmaps" && !r.Query.Contains("watch", StringComparison.Ordinal)) >= 2, "a relist follows the 410");
        kit.Emulator.CompactedBefore = 0;
        kit.Emulator.Apply("apiVersion: v1\nkind: ConfigMap\nmetadata: { name: late, namespace: shop }\n");
        await Eventually(() => cache.Snapshot().Find(Settings with { Name = "late" }) is not null, "the watch works after the relist");
        kit.AssertOnlyGets();
    }

    [Test]
    public async Task A_dropped_watch_resumes_from_the_last_resourceVersion_it_saw()
    {
        await using var kit = new ClusterTestKit();
        kit.Emulator.Apply(Objects);
        kit.Emulator.DropWatchesAfter = 1;
        using var connection = kit.Connect();
        await using var cache = new ClusterCache(connection, FastOptions());
        await cache.StartAsync(watch: true);

        kit.Emulator.Apply("apiVersion: v1\nkind: ConfigMap\nmetadata: { name: a, namespace: shop }\n");
        var afterFirst = kit.Emulator.CurrentVersion;
        await Eventually(() => cache.Snapshot().Find(Settings with { Name = "a" }) is not null, "the first event arrives");
        kit.Emulator.Apply("apiVersion: v1\nkind: ConfigMap\nmetadata: { name: b, namespace: shop }\n");

        await Eventually(() => cache.Snapshot().Find(Settings with { Name = "b" }) is not null, "the event after the drop arrives");
        Assert.That(kit.Emulator.Requests.Where(r => r.Path == "/api/v1/configmaps").Select(r => r.Query), Has.Some.Contains($"resourceVersion={afterFirst}"));
        Assert.That(kit.Emulator.Requests.Count(r => r.Path == "/api/v1/configmaps" && !r.Query.Contains("watch", StringComparison.Ordinal)), Is.EqualTo(1), "no relist for a drop");
    }

    [Test]
    public async Task A_401_gives_one_clear_unauthorized_status_and_a_stale_empty_state()
    {
        await using var kit = new ClusterTestKit();
        kit.Emulator.Apply(Objects);
        kit.Emulator.Unauthorized = true;
        using var connection = kit.Connect();
        await using var cache = new ClusterCache(connection, FastOptions());

        await cache.StartAsync(watch: false);

        Assert.That(cache.Status.State, Is.EqualTo(ClusterState.Unauthorized));
        Assert.That(cache.Status.Message, Does.Contain("401 Unauthorized").And.Contain("log in again"));
        Assert.That(cache.Snapshot().IsStale, Is.True);
        Assert.That(cache.Snapshot().Count, Is.Zero);
        kit.AssertOnlyGets();
    }

    [Test]
    public async Task A_403_on_one_namespace_keeps_the_others_and_never_calls_its_objects_missing()
    {
        await using var kit = new ClusterTestKit();
        kit.Emulator.Apply(Objects);
        kit.Emulator.ForbidClusterWideLists = true;
        kit.Emulator.ForbiddenNamespaces.Add("secret-team");
        using var connection = kit.Connect();
        await using var cache = new ClusterCache(connection, FastOptions("shop", "secret-team"));

        await cache.StartAsync(watch: false);
        var live = cache.Snapshot();

        Assert.That(cache.Status.State, Is.EqualTo(ClusterState.InSync), cache.Status.Message);
        Assert.That(cache.Status.Message, Does.Contain("not allowed to list namespace secret-team"));
        Assert.That(live.Find(Settings), Is.Not.Null);
        Assert.That(live.Covers(string.Empty, "ConfigMap", "shop"), Is.True);
        Assert.That(live.Covers(string.Empty, "ConfigMap", "secret-team"), Is.False);
        kit.AssertOnlyGets();
    }

    [Test]
    public async Task Server_errors_are_retried_with_backoff_until_the_list_succeeds()
    {
        await using var kit = new ClusterTestKit();
        kit.Emulator.Apply(Objects);
        kit.Emulator.ServerErrors = 3;
        using var connection = kit.Connect();
        await using var cache = new ClusterCache(connection, FastOptions());

        await cache.StartAsync(watch: true);

        await Eventually(() => cache.Status.State == ClusterState.InSync && cache.Snapshot().Find(Web) is not null, "the cache fills after the 503s");
        kit.AssertOnlyGets();
    }

    [Test]
    public async Task A_cluster_that_answers_only_5xx_is_one_unreachable_status_naming_the_error_after_its_retries()
    {
        await using var kit = new ClusterTestKit();
        kit.Emulator.Apply(Objects);
        kit.Emulator.ServerErrors = int.MaxValue;
        using var connection = kit.Connect();
        await using var cache = new ClusterCache(connection, FastOptions());

        await cache.StartAsync(watch: false);

        Assert.That(cache.Status.State, Is.EqualTo(ClusterState.Unreachable));
        Assert.That(cache.Status.Message, Does.Contain("503").Or.Contain("leader changed"));
        Assert.That(cache.Snapshot().Objects, Is.Empty);
        Assert.That(kit.Emulator.Requests, Has.Count.EqualTo(4), "the first try and three retries, then one status");
        kit.AssertOnlyGets();
    }

    [Test]
    public async Task A_slow_cluster_times_out_into_an_unreachable_status_instead_of_hanging()
    {
        await using var kit = new ClusterTestKit();
        kit.Emulator.Apply(Objects);
        kit.Emulator.Delay = TimeSpan.FromSeconds(3);
        using var connection = kit.Connect(timeout: TimeSpan.FromMilliseconds(300));
        await using var cache = new ClusterCache(connection, FastOptions());
        var started = System.Diagnostics.Stopwatch.StartNew();

        await cache.StartAsync(watch: false);

        Assert.That(cache.Status.State, Is.EqualTo(ClusterState.Unreachable));
        Assert.That(cache.Status.Message, Does.Contain("did not answer within"));
        Assert.That(started.Elapsed, Is.LessThan(TimeSpan.FromSeconds(8)));
    }

    [Test]
    public async Task A_cluster_that_stops_answering_after_the_first_list_marks_the_cache_stale_and_keeps_the_last_copy()
    {
        await using var kit = new ClusterTestKit();
        kit.Emulator.Apply(Objects);
        kit.Emulator.DropWatchesAfter = 1;
        using var connection = kit.Connect(timeout: TimeSpan.FromMilliseconds(500));
        await using var cache = new ClusterCache(connection, FastOptions());
        await cache.StartAsync(watch: true);

        kit.Emulator.ServerErrors = int.MaxValue;
        kit.Emulator.Apply("apiVersion: v1\nkind: ConfigMap\nmetadata: { name: x, namespace: shop }\n"); // the event, then the drop, then 503s

        await Eventually(() => cache.Status.State == ClusterState.Stale, "the cache turns stale");
        Assert.That(cache.Snapshot().IsStale, Is.True);
        Assert.That(cache.Snapshot().Find(Web), Is.Not.Null, "the last copy is kept");
    }

    [Test]
    public async Task Nothing_listening_is_one_unreachable_status_naming_the_server()
    {
        var folder = Path.Combine(Path.GetTempPath(), "gitops-ai-cluster-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        string kubeconfig;
        await using (var stopped = new GitOpsAi.KubeEmulator.KubeApiEmulator())
        {
            kubeconfig = stopped.WriteKubeconfig(folder);
        }

        using var connection = ClusterConnection.Open(kubeconfig, null, TimeSpan.FromSeconds(2));
        await using var cache = new ClusterCache(connection, FastOptions());

        await cache.StartAsync(watch: false);

        Assert.That(cache.Status.State, Is.EqualTo(ClusterState.Unreachable));
        Assert.That(cache.Status.Message, Does.Contain("Cannot reach emulator at http://127.0.0.1:"));
        Directory.Delete(folder, recursive: true);
    }

    [Test]
    public async Task A_missing_kubeconfig_or_context_is_a_clear_error()
    {
        await using var kit = new ClusterTestKit();

        var missing = Assert.Throws<ClusterRequestException>(() => ClusterConnection.Open(Path.Combine(kit.Folder, "nope"), null));
        var badContext = Assert.Throws<ClusterRequestException>(() => ClusterConnection.Open(kit.Kubeconfig, "prod-eu"));

        Assert.That(missing!.Message, Does.StartWith("No kubeconfig found"));
        Assert.That(badContext!.Message, Does.Contain("context prod-eu"));
    }

    [Test]
    [NonParallelizable]
    public async Task Several_kubeconfig_files_in_KUBECONFIG_are_merged_as_kubectl_merges_them()
    {
        await using var kit = new ClusterTestKit();
        kit.Emulator.Apply(Objects);
        var lines = File.ReadAllLines(kit.Kubeconfig);
        var contextsAt = Array.FindIndex(lines, l => l.StartsWith("contexts:", StringComparison.Ordinal));
        var clustersAndUsers = Path.Combine(kit.Folder, "a.yaml");
        var contexts = Path.Combine(kit.Folder, "b.yaml");
        File.WriteAllLines(clustersAndUsers, lines[..contextsAt]);
        File.WriteAllLines(contexts, ["apiVersion: v1", "kind: Config", .. lines[contextsAt..]]);
        var previous = Environment.GetEnvironmentVariable("KUBECONFIG");
        Environment.SetEnvironmentVariable("KUBECONFIG", clustersAndUsers + Path.PathSeparator + contexts);
        try
        {
            using var connection = ClusterConnection.Open(null, null, TimeSpan.FromSeconds(5));
            await using var cache = new ClusterCache(connection, FastOptions());
            await cache.StartAsync(watch: false);

            Assert.That(connection.Context, Is.EqualTo("emulator"));
            Assert.That(cache.Snapshot().Find(Web), Is.Not.Null);
        }
        finally
        {
            Environment.SetEnvironmentVariable("KUBECONFIG", previous);
        }
    }
}
