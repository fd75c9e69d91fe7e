using System.Text.Json.Nodes;
using GitOpsAi.Core.Drift;

namespace GitOpsAi.Core.Tests.Drift;

public sealed class LiveObjectCompactionTests
{
    private const string Deployment = """
        {
          "apiVersion": "apps/v1", "kind": "Deployment",
          "metadata": {
            "name": "web", "namespace": "shop",
            "annotations": { "kubectl.kubernetes.io/last-applied-configuration": "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\"}", "team": "shop" },
            "managedFields": [
              { "manager": "kustomize-controller", "operation": "Apply", "time": "2026-11-20T10:00:00Z", "fieldsType": "FieldsV1",
                "fieldsV1": { "f:spec": { "f:replicas": {} } } },
              { "manager": "kubectl-set", "operation": "Update", "time": "2026-12-02T10:00:00Z", "fieldsType": "FieldsV1",
                "fieldsV1": { "f:spec": { "f:template": { "f:spec": { "f:containers": { "k:{\"name\":\"web\"}": { "f:image": {} } } } } } } }
            ]
          },
          "spec": { "replicas": 3, "template": { "spec": { "containers": [ { "name": "web", "image": "ghcr.io/acme/web:1.4.3-hotfix" } ] } } },
          "status": { "replicas": 3, "readyReplicas": 3, "conditions": [ { "type": "Available", "status": "True" } ] }
        }
        """;

    [Test]
    public void A_live_object_keeps_its_spec_and_its_managers_but_not_status_managedFields_or_the_last_applied_copy()
    {
        var live = LiveObject.From((JsonObject)JsonNode.Parse(Deployment)!)!;

        var json = live.Root.ToJsonString();
        Assert.Multiple(() =>
        {
            Assert.That(json, Does.Not.Contain("readyReplicas").And.Not.Contain("managedFields").And.Not.Contain("last-applied-configuration"));
            Assert.That(json, Does.Contain("1.4.3-hotfix").And.Contain("\"team\":\"shop\""));
            Assert.That(live.Managers.Select(m => $"{m.Name} {m.Operation} {m.Time:yyyy-MM-dd}"), Is.EqualTo(new[] { "kustomize-controller Apply 2026-11-20", "kubectl-set Update 2026-12-02" }));
            Assert.That(live.Managers[1].Owns(FieldPath.Of("spec", "template", "spec", "containers").Append(PathSegment.OfKey("name", JsonValue.Create("web"))).Field("image")), Is.True);
            Assert.That(live.Managers[0].Owns(FieldPath.Of("spec", "replicas")), Is.True);
            Assert.That(live.Managers[1].Owns(FieldPath.Of("spec", "replicas")), Is.False);
        });
    }

    [Test]
    public void A_live_object_is_kept_as_its_JSON_and_what_a_reader_changes_in_the_tree_it_gets_is_not_kept()
    {
        var live = LiveObject.From((JsonObject)JsonNode.Parse(Deployment)!)!;
        var json = live.Root.ToJsonString();

        Assert.That(live.JsonLength, Is.EqualTo(System.Text.Encoding.UTF8.GetByteCount(json)), "the JSON of the trimmed object, nothing more");
        Assert.That(live.Metadata?["name"]?.GetValue<string>(), Is.EqualTo("web"), "the metadata stays at hand");

        live.Root["spec"]!["replicas"] = 9;

        Assert.That(live.Root.ToJsonString(), Is.EqualTo(json));
    }
}

public sealed class FieldSetTests
{
    private static FieldSet Parse(string json) => FieldSet.From((JsonObject)JsonNode.Parse(json)!)!;

    [Test]
    public void An_empty_leaf_and_an_item_leaf_own_everything_below_them_and_every_leaf_is_one_shared_instance()
    {
        var fields = Parse("""{ "f:rules": {}, "f:metadata": { "f:labels": { ".": {}, "f:app": {} } }, "f:spec": { "f:ports": { "i:0": { ".": {} } } } }""");
        var rules = new FieldManager("kubectl-edit", "Update", null, fields);

        Assert.Multiple(() =>
        {
            Assert.That(rules.Owns(FieldPath.Of("rules").Append(PathSegment.OfIndex(0)).Field("verbs")), Is.True, "an atomic list owns its items");
            Assert.That(rules.Owns(FieldPath.Of("spec", "ports").Append(PathSegment.OfIndex(0)).Field("port")), Is.True, "an item named by '.' alone is owned whole");
            Assert.That(rules.Owns(FieldPath.Of("spec", "ports").Append(PathSegment.OfIndex(1))), Is.False);
            Assert.That(rules.Owns(FieldPath.Of("metadata", "labels", "app")), Is.True);
            Assert.That(rules.Owns(FieldPath.Of("metadata", "labels", "team")), Is.False, "labels lists its keys, so it is not atomic");
            Assert.That(ReferenceEquals(fields.Child("f:rules"), fields.Child("f:metadata")!.Child("f:labels")!.Child("f:app")), Is.True);
        });
    }
}
