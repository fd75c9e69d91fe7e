namespace GitOpsAi.Core.Yaml;

/// <summary>
/// Recognises Jinja (Ansible, Salt, cookiecutter) in a file that did not parse as YAML: a statement <c>{% ... %}</c>, a
/// comment <c>{# ... #}</c>, or an expression <c>{{ name }}</c> on one line. Only asked once the YAML failed to parse, so
/// a ConfigMap that carries a Jinja template in a block scalar is still analysed.
/// </summary>
public static class JinjaTemplateDetector
{
    /// <summary>File names that are templates by convention: never YAML as written.</summary>
    public static readonly string[] TemplateExtensions = [".j2", ".jinja", ".jinja2", ".tmpl", ".gotmpl", ".tpl"];

    public static bool LooksLikeJinja(string text)
    {
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            if (Encloses(line, "{%", "%}") || Encloses(line, "{#", "#}"))
            {
                return true;
            }
        }

        return false;
    }

    public static bool HasTemplateExtension(string path) =>
        TemplateExtensions.Any(extension => path.EndsWith(extension, StringComparison.OrdinalIgnoreCase));

    private static bool Encloses(ReadOnlySpan<char> line, string open, string close)
    {
        var start = line.IndexOf(open, StringComparison.Ordinal);
        return start >= 0 && line[(start + open.Length)..].IndexOf(close, StringComparison.Ordinal) >= 0;
    }
}
