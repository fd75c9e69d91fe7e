using GitOpsAi.Core.Manifests;
using GitOpsAi.Core.Rules.Templates;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Tests.Rules;

/// <summary>
/// The pieces rules write straight into their messages read exactly as the strings they stand for: an object's name as
/// its DisplayName, a list as string.Join, whatever room the message has left (a long one grows and is written again).
/// </summary>
public sealed class MessagePartsTests
{
    private static IReadOnlyList<Manifest> Objects(string text) =>
        WorkspaceLoader.Load(InMemoryFileSystem.Root, new InMemoryFileSystem().Add("objects.yaml", text)).Files.Values.Single().Objects;

    [Test]
    public void An_object_name_in_a_message_reads_as_its_display_name_with_or_without_a_name()
    {
        var objects = Objects("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {}\n---\napiVersion: v1\nmetadata:\n  name: no-kind\n");
        var padding = new string('x', 600);

        foreach (var manifest in objects)
        {
            Assert.That($"{new ObjectName(manifest)} does not set x.", Is.EqualTo($"{manifest.DisplayName} does not set x."));
            Assert.That($"{padding}{new ObjectName(manifest)}.", Is.EqualTo($"{padding}{manifest.DisplayName}."));
            Assert.That(new ObjectName(manifest).ToString(), Is.EqualTo(manifest.DisplayName));

            // Where the name does not fit, nothing is written and the message grows first.
            var tooSmall = new char[manifest.DisplayName.Length - 1];
            Assert.That((new ObjectName(manifest).TryFormat(tooSmall, out var written, default, null), written), Is.EqualTo((false, 0)));
        }

        Assert.That(objects.Select(m => $"{new ObjectName(m)}"), Is.EqualTo(new[] { "Deployment web", "ConfigMap", " no-kind" }));
    }

    [Test]
    public void A_joined_list_in_a_message_reads_as_string_join()
    {
        string[][] lists = [[], ["topologySpreadConstraints"], ["topologySpreadConstraints", "podAntiAffinity"], [.. Enumerable.Range(0, 60).Select(i => $"item{i}")]];

        foreach (var list in lists)
        {
            var joined = string.Join(" or ", list);
            Assert.That($"({new Joined(" or ", list)})", Is.EqualTo($"({joined})"));
            Assert.That(new Joined(", ", list).ToString(), Is.EqualTo(string.Join(", ", list)));
            if (joined.Length > 0)
            {
                Assert.That((new Joined(" or ", list).TryFormat(new char[joined.Length - 1], out var written, default, null), written), Is.EqualTo((false, 0)));
            }
        }
    }
}
