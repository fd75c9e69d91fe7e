namespace GitOpsAi.Core.Yaml;

/// <summary>Recognises Go template actions ({{ .Values.x }}, {{- if }}) that only a Helm chart template would contain.</summary>
internal static class HelmTemplateDetector
{
    private static readonly string[] ActionStarts =
    [
        "{{-", "{{ .", "{{.", "{{ if", "{{ end", "{{ range", "{{ include", "{{ template", "{{ toYaml", "{{ with", "{{ define", "{{ $", "{{- $", "{{ else",
    ];

    public static bool LooksLikeGoTemplate(string text)
    {
        if (!text.Contains("{{", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var start in ActionStarts)
        {
            if (text.Contains(start, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
