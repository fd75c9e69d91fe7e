namespace GitOpsAi.Core.Tests.Hostile;

/// <summary>
/// Runs a piece of analysis on a thread with a small stack: unbounded recursion on hostile input overflows it long
/// before it would overflow a main thread's 8 MB, so a passing test proves the depth limit, not a lucky stack size.
/// </summary>
internal static class SmallStack
{
    public const int Bytes = 1024 * 1024;

    public static T Run<T>(Func<T> work)
    {
        T result = default!;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                result = work();
            }
            catch (Exception exception)
            {
                failure = exception;
            }
        }, Bytes);
        thread.Start();
        thread.Join();
        if (failure is not null)
        {
            throw new InvalidOperationException("the analysis threw", failure);
        }

        return result;
    }
}
