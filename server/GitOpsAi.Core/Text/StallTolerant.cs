using System.Text.RegularExpressions;

namespace GitOpsAi.Core.Text;

/// <summary>
/// A regex timeout is wall-clock time. On a loaded machine a GC pause or the scheduler can stop a thread in the middle
/// of a microsecond match for longer than the timeout, and the same file then got another verdict from run to run: a
/// schema-constraint finding, or every later latest-tag finding once <see cref="RegexBudget"/> took the pattern for
/// exhausted, was missing from some corpus runs. A pattern that really is catastrophic times out on every attempt; a
/// stall seldom hits the same match <see cref="Attempts"/> times in a row. So a timeout counts only when every attempt
/// times out.
/// </summary>
internal static class StallTolerant
{
    public const int Attempts = 3;

    public static bool IsMatch(Regex regex, string input)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return regex.IsMatch(input);
            }
            catch (RegexMatchTimeoutException) when (attempt < Attempts)
            {
                // tried again: a stall does not make a pattern slow
            }
        }
    }

    /// <summary>Any other use of a pattern with a timeout (Replace, Match): run again on a timeout, as above.</summary>
    public static T Run<T>(Func<T> match)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return match();
            }
            catch (RegexMatchTimeoutException) when (attempt < Attempts)
            {
                // tried again: a stall does not make a pattern slow
            }
        }
    }
}
