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
            Assert.That(live.Managers[0].Fields!.Parent, Is.Null, "the field set is detached from the dropped managedFields entry");
        });
    }
}
