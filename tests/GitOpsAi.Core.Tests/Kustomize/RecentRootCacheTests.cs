using GitOpsAi.Core.Kustomize;

namespace GitOpsAi.Core.Tests.Kustomize;

/// <summary>Renders are kept across snapshots for the roots used most recently only, so memory does not grow with edits.</summary>
public sealed class RecentRootCacheTests
{
    [Test]
    public void The_least_recently_used_root_falls_out_when_the_cache_is_full()
    {
        var cache = new RecentRootCache<string>(capacity: 2);
        object first = new(), second = new(), third = new();
        cache.Set(first, "first");
        cache.Set(second, "second");

        Assert.That(cache.TryGetValue(first, out _), Is.True); // first is now the most recently used
        cache.Set(third, "third");

        Assert.That(cache.Count, Is.EqualTo(2));
        Assert.That(cache.TryGetValue(second, out _), Is.False);
        Assert.That(cache.TryGetValue(first, out var kept) && kept == "first", Is.True);
        Assert.That(cache.TryGetValue(third, out _), Is.True);
    }

    [Test]
    public void Setting_a_root_again_replaces_its_value_without_taking_another_place()
    {
        var cache = new RecentRootCache<string>(capacity: 2);
        object root = new(), other = new();
        cache.Set(root, "old");
        cache.Set(other, "other");
        cache.Set(root, "new");

        Assert.That(cache.Count, Is.EqualTo(2));
        Assert.That(cache.TryGetValue(root, out var value) ? value : null, Is.EqualTo("new"));
        Assert.That(cache.TryGetValue(other, out _), Is.True);
    }

    [Test]
    public void Keys_are_compared_by_reference()
    {
        var cache = new RecentRootCache<string>(capacity: 4);
        cache.Set(new string('a', 3), "one");

        Assert.That(cache.TryGetValue(new string('a', 3), out _), Is.False);
    }
}
