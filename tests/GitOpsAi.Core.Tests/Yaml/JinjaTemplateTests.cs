namespace GitOpsAi.Core.Tests.Yaml;

public sealed class JinjaTemplateTests
{
    [Test]
    public void An_ansible_template_is_detected_and_yields_one_jinja_note_instead_of_errors()
    {
        var file = YamlParser.Parse("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n{% if debug %}\ndata:\n  level: debug\n{% endif %}\n");

        Assert.That(file.IsHelmTemplate, Is.True, "skipped like a Helm template");
        Assert.That(file.Diagnostics.Select(d => d.Code), Is.EqualTo(new[] { "jinja-template-skipped" }));
    }

    [Test]
    public void A_configmap_carrying_a_jinja_template_in_a_block_scalar_is_still_yaml()
    {
        var file = YamlParser.Parse("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n  nginx.conf.j2: |\n    {% for host in hosts %}\n    server {{ host }};\n    {% endfor %}\n");

        Assert.That(file.IsHelmTemplate, Is.False);
        Assert.That(file.Diagnostics, Is.Empty);
    }

    [TestCase("deploy/web.yaml.j2", true)]
    [TestCase("deploy/web.gotmpl", true)]
    [TestCase("deploy/values.tmpl", true)]
    [TestCase("deploy/web.yaml", false)]
    public void Template_file_names_are_recognised(string path, bool expected) =>
        Assert.That(JinjaTemplateDetector.HasTemplateExtension(path), Is.EqualTo(expected));
}
