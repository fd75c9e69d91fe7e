using System.Text;

namespace GitOpsAi.Cli.Reporting;

/// <summary>
/// The process's standard output as a byte stream, for a report written as UTF-8 (JSON, SARIF): only when the report's
/// writer is the console's own, which encodes UTF-8 without a byte order mark and flushes every write (so nothing it
/// holds can come out of order). Any other writer (a test's, a file's) gets the text as before.
/// </summary>
internal static class Utf8Stdout
{
    public static Stream? For(TextWriter output) =>
        ReferenceEquals(output, Console.Out) && Console.OutputEncoding.CodePage == Encoding.UTF8.CodePage ? Console.OpenStandardOutput() : null;
}
