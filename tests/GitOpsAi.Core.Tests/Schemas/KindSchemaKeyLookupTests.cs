using GitOpsAi.Core.Schemas;

namespace GitOpsAi.Core.Tests.Schemas;

/// <summary>Looking a kind up without making its key string finds what the key string finds (issue 13).</summary>
public sealed class KindSchemaKeyLookupTests
{
    private static readonly string LongGroup = new string('g', 300) + "/v1";

    [TestCase("apps/v1", "Deployment")]
    [TestCase("v1", "ConfigMap")]
    [TestCase("kustomize.toolkit.fluxcd.io/v1", "Kustomization")]
    [TestCase("apps/v1", "deployment")]
    [TestCase("apps", "v1|Deployment")]
    [TestCase("", "")]
    public void A_kind_is_found_exactly_when_its_key_string_is_found(string apiVersion, string kind)
    {
        var table = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            [KindSchema.Key("apps/v1", "Deployment")] = 1,
            [KindSchema.Key("v1", "ConfigMap")] = 2,
            [KindSchema.Key("kustomize.toolkit.fluxcd.io/v1", "Kustomization")] = 3,
        };

        var found = KindSchema.TryFind(table, apiVersion, kind, out var value);

        Assert.That(found, Is.EqualTo(table.TryGetValue(KindSchema.Key(apiVersion, kind), out var expected)));
        Assert.That(value, Is.EqualTo(expected));
    }

    [Test]
    public void A_key_too_long_for_the_stack_and_a_table_without_span_lookups_are_still_found()
    {
        var ordinal = new Dictionary<string, int>(StringComparer.Ordinal) { [KindSchema.Key(LongGroup, "Widget")] = 7 };
        var custom = new Dictionary<string, int>(new PlainComparer()) { [KindSchema.Key("apps/v1", "Deployment")] = 8 };

        Assert.That(KindSchema.TryFind(ordinal, LongGroup, "Widget", out var longKey) && longKey == 7, Is.True);
        Assert.That(KindSchema.TryFind(custom, "apps/v1", "Deployment", out var plain) && plain == 8, Is.True);
        Assert.That(KindSchema.TryFind(custom, "apps/v1", "DaemonSet", out _), Is.False);
    }

    /// <summary>An ordinal comparer that offers no span lookups.</summary>
    private sealed class PlainComparer : IEqualityComparer<string>
    {
        public bool Equals(string? x, string? y) => string.Equals(x, y, StringComparison.Ordinal);

        public int GetHashCode(string obj) => StringComparer.Ordinal.GetHashCode(obj);
    }
}
