namespace GitOpsAi.Core.Rules.Templates;

/// <summary>Questions about a rule parameter's list of strings, asked for every object checked.</summary>
internal static class StringLists
{
    /// <summary>
    /// Whether the list holds <paramref name="value"/>. By index: Enumerable.Contains with a comparer walked a parameter's
    /// list through an enumerator for every workload or value checked (2.7 MB of a 50,000-resource check for one rule).
    /// </summary>
    public static bool Contains(IReadOnlyList<string> list, string value, StringComparison comparison)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (string.Equals(list[i], value, comparison))
            {
                return true;
            }
        }

        return false;
    }
}
