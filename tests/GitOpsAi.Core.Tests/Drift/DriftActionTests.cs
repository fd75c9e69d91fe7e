using GitOpsAi.Core.Drift;
using static GitOpsAi.Core.Tests.Drift.DriftTestKit;

namespace GitOpsAi.Core.Tests.Drift;

public sealed class DriftActionTests
{
    private static Diagnostic HandEditedImage(string desired = Deployment) =>
        DriftOf(desired, LiveDeployment(image: "ghcr.io/acme/web:1.4.3-hotfix", extraManagers: ManagerOwningContainerField("kubectl-set", "image", 2))).Single();

    [Test]
    public void Accepting_the_live_value_replaces_the_value_in_Git_and_nothing_else()
    {
        var drift = HandEditedImage();

        var fix = drift.Fixes.Single();
        var edited = Core.Editing.YamlEdits.Apply(Deployment, fix.Edits);

        Assert.That(fix.Title, Is.EqualTo("Accept the live value into Git (ghcr.io/acme/web:1.4.3-hotfix)"));
        Assert.That(fix.IsPreferred, Is.False, "never applied by check --fix");
        Assert.That(edited, Is.EqualTo(Deployment.Replace("ghcr.io/acme/web:1.4.2", "ghcr.io/acme/web:1.4.3-hotfix", StringComparison.Ordinal)));
    }

    [Test]
    public void Accepting_keeps_the_quoting_style_of_the_value()
    {
        var quoted = Deployment.Replace("image: ghcr.io/acme/web:1.4.2", "image: \"ghcr.io/acme/web:1.4.2\"", StringComparison.Ordinal);

        var edit = HandEditedImage(quoted).Fixes.Single().Edits.Single();

        Assert.That(edit.NewText, Is.EqualTo("\"ghcr.io/acme/web:1.4.3-hotfix\""));
    }

    [Test]
    public void The_restore_command_is_a_strategic_patch_that_finds_the_container_by_name()
    {
        var command = HandEditedImage().Properties!["restoreCommand"];

        Assert.That(command, Is.EqualTo("kubectl -n shop patch deployment.apps/web --type=strategic -p '{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"image\":\"ghcr.io/acme/web:1.4.2\",\"name\":\"web\"}]}}}}'"));
    }

    [Test]
    public void The_restore_command_for_a_field_only_the_cluster_has_deletes_it_and_names_the_context()
    {
        var desired = Deployment;
        var env = "          env:\n            - name: DEBUG\n              value: \"true\"";
        var manager = ManagerOwningContainerField("kubectl-edit", "env", 2).Replace("f:env: {}", "f:env:\n                    k:{\"name\":\"DEBUG\"}: {}", StringComparison.Ordinal);
        var report = Report(desired, LiveDeployment(extraEnv: env, extraManagers: manager), options: new DriftOptions { Context = "prod-eu" });
        var drift = report.Objects.Single().Fields.Single().Drift;

        var command = DriftActions.RestoreCommand(drift, report.Context);

        Assert.That(command, Is.EqualTo("kubectl --context prod-eu -n shop patch deployment.apps/web --type=strategic -p '{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"env\":null,\"name\":\"web\"}]}}}}'"));
        Assert.That(DriftActions.AcceptLive(drift), Is.Null, "a field Git lacks is not a one-value edit");
    }

    [Test]
    public void A_Secret_gets_no_accept_and_no_restore_command()
    {
        var diagnostics = DriftOf("apiVersion: v1\nkind: Secret\nmetadata: { name: s, namespace: shop }\nstringData:\n  a: b\n", "apiVersion: v1\nkind: Secret\nmetadata: { name: s, namespace: shop }\ndata:\n  c: ZA==\n");

        Assert.That(diagnostics, Is.Not.Empty);
        Assert.That(diagnostics.SelectMany(d => d.Fixes), Is.Empty);
        Assert.That(diagnostics.Where(d => d.Properties?.ContainsKey("restoreCommand") == true), Is.Empty);
    }
}
