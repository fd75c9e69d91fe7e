using static GitOpsAi.Cluster.Tests.ClusterTestKit;

namespace GitOpsAi.Cluster.Tests;

public sealed class ReadOnlyTests
{
    [TestCase("POST")]
    [TestCase("PUT")]
    [TestCase("PATCH")]
    [TestCase("DELETE")]
    public async Task A_request_that_would_change_the_cluster_is_refused_before_it_is_sent(string method)
    {
        await using var kit = new ClusterTestKit();
        using var invoker = new HttpMessageInvoker(new ReadOnlyGuard { InnerHandler = new SocketsHttpHandler() });
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(kit.Emulator.Url, "/api/v1/namespaces/shop/configmaps"));

        Assert.ThrowsAsync<ReadOnlyViolationException>(() => invoker.SendAsync(request, CancellationToken.None));
        await Task.Delay(100);
        Assert.That(kit.Emulator.Requests, Is.Empty);
    }

    [Test]
    public async Task Every_mode_and_fault_path_sends_only_GET()
    {
        await using var kit = new ClusterTestKit();
        kit.Emulator.Apply(Objects);
        kit.Emulator.ServerErrors = 2;
        kit.Emulator.DropWatchesAfter = 1;
        kit.Emulator.ForbidClusterWideLists = true;
        kit.Emulator.ForbiddenNamespaces.Add("secret-team");
        using var connection = kit.Connect(TimeSpan.FromSeconds(2));
        await using (var cache = new ClusterCache(connection, FastOptions("shop", "secret-team")))
        {
            await cache.StartAsync(watch: true);
            kit.Emulator.CompactedBefore = long.MaxValue;
            kit.Emulator.Apply("apiVersion: v1\nkind: ConfigMap\nmetadata: { name: a, namespace: shop }\n");
            await Task.Delay(300);
            kit.Emulator.Unauthorized = true;
            await Task.Delay(300);
        }

        Assert.That(kit.Emulator.Requests.Count, Is.GreaterThan(10));
        kit.AssertOnlyGets();
    }
}
