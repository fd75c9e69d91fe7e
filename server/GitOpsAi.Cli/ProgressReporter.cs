using Spectre.Console;

namespace GitOpsAi.Cli;

/// <summary>
/// A progress bar on stderr for long runs, only when stderr is a terminal: stdout carries nothing but the report, and
/// logs in CI stay clean.
/// </summary>
internal static class ProgressReporter
{
    private const int MinimumItemsForProgress = 200;

    /// <summary>Runs the work, with a bar when it is worth one; <paramref name="countItems"/> may walk a whole folder, so it runs only on a terminal.</summary>
    public static T Run<T>(TextWriter stderr, string label, Func<int> countItems, Func<IProgress<int>?, T> work)
    {
        if (Console.IsErrorRedirected || !ReferenceEquals(stderr, Console.Error))
        {
            return work(null);
        }

        var total = countItems();
        if (total < MinimumItemsForProgress)
        {
            return work(null);
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        T result = default!;
        console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask($"{label} {total} files", maxValue: total);
                result = work(new Progress<int>(done => task.Value = done));
            });
        return result;
    }
}
