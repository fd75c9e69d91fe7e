namespace GitOpsAi.Cli;

/// <summary>
/// Starts something every check needs later (the bundled schemas) on a thread of its own, so it is ready by the time the
/// analysis asks: the file walk runs on one core and leaves the other idle. The analysis asks as before and waits for a
/// value still being made; a failure here is left for it to meet and report, never thrown on this thread.
/// </summary>
internal static class BackgroundWarmUp
{
    public static Thread Start(string name, Action work)
    {
        var thread = new Thread(() =>
        {
            try
            {
                work();
            }
            catch (Exception)
            {
                // The analysis asks again on its own thread, where a failure is reported as any other.
            }
        })
        { IsBackground = true, Name = $"warm-up: {name}" };
        thread.Start();
        return thread;
    }
}
