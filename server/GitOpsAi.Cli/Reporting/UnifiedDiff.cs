using System.Text;

namespace GitOpsAi.Cli.Reporting;

/// <summary>
/// A unified diff (<c>diff -u</c>, <c>git apply</c>-compatible) of two versions of one file, for <c>check --diff</c>.
/// Lines are compared with Myers' O(ND) algorithm, so a file with a few fixes costs little however long it is.
/// </summary>
internal static class UnifiedDiff
{
    private const int Context = 3;

    private enum Op
    {
        Keep,
        Delete,
        Insert,
    }

    public static string Create(string relativePath, string before, string after)
    {
        var oldLines = SplitLines(before);
        var newLines = SplitLines(after);
        var script = Diff(oldLines, newLines);
        var output = new StringBuilder();
        output.Append("--- a/").Append(relativePath).Append('\n');
        output.Append("+++ b/").Append(relativePath).Append('\n');
        foreach (var (start, end) in Hunks(script))
        {
            WriteHunk(output, script, start, end, oldLines, newLines);
        }

        return output.ToString();
    }

    private static List<string> SplitLines(string text)
    {
        var lines = new List<string>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                lines.Add(text[start..(i + 1)]);
                start = i + 1;
            }
        }

        if (start < text.Length)
        {
            lines.Add(text[start..]);
        }

        return lines;
    }

    /// <summary>The edit script: one (op, old index, new index) per line of either version, in order.</summary>
    private static List<(Op Op, int Old, int New)> Diff(List<string> a, List<string> b)
    {
        var n = a.Count;
        var m = b.Count;
        var max = n + m;
        var v = new int[(2 * max) + 2];
        var trace = new List<int[]>(); // v before round d, for k in [-d, d] only: memory grows with the changes, not the file
        for (var d = 0; d <= max; d++)
        {
            trace.Add(v[(max - d)..(max + d + 1)]);
            for (var k = -d; k <= d; k += 2)
            {
                var x = k == -d || (k != d && v[k - 1 + max] < v[k + 1 + max]) ? v[k + 1 + max] : v[k - 1 + max] + 1;
                var y = x - k;
                while (x < n && y < m && a[x] == b[y])
                {
                    (x, y) = (x + 1, y + 1);
                }

                v[k + max] = x;
                if (x >= n && y >= m)
                {
                    return Backtrack(trace, d, n, m);
                }
            }
        }

        throw new InvalidOperationException("unreachable: the diff always ends within n + m steps");
    }

    private static List<(Op, int, int)> Backtrack(List<int[]> trace, int depth, int n, int m)
    {
        var script = new List<(Op, int, int)>();
        var (x, y) = (n, m);
        for (var d = depth; d > 0; d--)
        {
            var v = trace[d]; // v[k + d] is the furthest x on diagonal k before round d
            var k = x - y;
            var previousK = k == -d || (k != d && v[k - 1 + d] < v[k + 1 + d]) ? k + 1 : k - 1;
            var previousX = v[previousK + d];
            var previousY = previousX - previousK;
            while (x > previousX && y > previousY)
            {
                (x, y) = (x - 1, y - 1);
                script.Add((Op.Keep, x, y));
            }

            if (x == previousX)
            {
                y--;
                script.Add((Op.Insert, x, y));
            }
            else
            {
                x--;
                script.Add((Op.Delete, x, y));
            }
        }

        while (x > 0 && y > 0)
        {
            (x, y) = (x - 1, y - 1);
            script.Add((Op.Keep, x, y));
        }

        script.Reverse();
        return script;
    }

    /// <summary>Ranges of the script to print: each change with up to three unchanged lines around it, close ones merged.</summary>
    private static IEnumerable<(int Start, int End)> Hunks(List<(Op Op, int Old, int New)> script)
    {
        var changes = Enumerable.Range(0, script.Count).Where(i => script[i].Op != Op.Keep).ToList();
        var index = 0;
        while (index < changes.Count)
        {
            var start = Math.Max(0, changes[index] - Context);
            var end = Math.Min(script.Count, changes[index] + Context + 1);
            index++;
            while (index < changes.Count && changes[index] - Context <= end)
            {
                end = Math.Min(script.Count, changes[index] + Context + 1);
                index++;
            }

            yield return (start, end);
        }
    }

    private static void WriteHunk(StringBuilder output, List<(Op Op, int Old, int New)> script, int start, int end, List<string> a, List<string> b)
    {
        var slice = script.GetRange(start, end - start);
        var oldCount = slice.Count(s => s.Op != Op.Insert);
        var newCount = slice.Count(s => s.Op != Op.Delete);
        var oldStart = oldCount == 0 ? slice[0].Old : slice[0].Old + 1;
        var newStart = newCount == 0 ? slice[0].New : slice[0].New + 1;
        output.Append($"@@ -{oldStart},{oldCount} +{newStart},{newCount} @@\n");
        foreach (var (op, oldIndex, newIndex) in slice)
        {
            var (marker, line) = op switch
            {
                Op.Keep => (' ', a[oldIndex]),
                Op.Delete => ('-', a[oldIndex]),
                _ => ('+', b[newIndex]),
            };
            output.Append(marker).Append(line);
            if (!line.EndsWith('\n'))
            {
                output.Append("\n\\ No newline at end of file\n");
            }
        }
    }
}
