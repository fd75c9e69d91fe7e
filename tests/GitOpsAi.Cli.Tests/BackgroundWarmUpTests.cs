namespace GitOpsAi.Cli.Tests;

public sealed class BackgroundWarmUpTests
{
    [Test]
    public void Warm_up_work_runs_on_a_thread_of_its_own_and_a_failure_in_it_never_leaves_that_thread()
    {
        int? ranOn = null;
        using var release = new ManualResetEventSlim();
        var warm = BackgroundWarmUp.Start("test", () =>
        {
            release.Wait();
            ranOn = Environment.CurrentManagedThreadId;
        });
        var background = warm.IsBackground; // still running: an exit never waits for it
        release.Set();

        // Unhandled on its thread, the exception would end the test host: the check meets the failure again itself.
        var failing = BackgroundWarmUp.Start("failing", () => throw new InvalidOperationException("the bundled schemas cannot be read"));

        Assert.Multiple(() =>
        {
            Assert.That(warm.Join(TimeSpan.FromSeconds(30)) && failing.Join(TimeSpan.FromSeconds(30)), Is.True);
            Assert.That(ranOn, Is.Not.Null.And.Not.EqualTo(Environment.CurrentManagedThreadId));
            Assert.That(background, Is.True);
        });
    }
}
