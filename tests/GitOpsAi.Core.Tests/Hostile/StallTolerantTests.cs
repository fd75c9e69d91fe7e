using System.Text.RegularExpressions;

namespace GitOpsAi.Core.Tests.Hostile;

/// <summary>
/// A regex timeout is wall-clock time, so a GC pause or the scheduler stopping the thread mid-match looked like a slow
/// pattern: the corpus check lost a schema-constraint finding, or every later latest-tag finding, in some runs under load.
/// </summary>
public class StallTolerantTests
{
    [Test]
    public void A_match_that_a_stall_made_time_out_once_is_tried_again_and_decides()
    {
        var attempts = 0;

        var matched = StallTolerant.Run(() => ++attempts == 1 ? throw new RegexMatchTimeoutException("x", "x", TimeSpan.FromMilliseconds(50)) : true);

        Assert.That(matched, Is.True);
        Assert.That(attempts, Is.EqualTo(2));
    }

    [Test]
    public void A_match_that_times_out_on_every_attempt_is_a_timeout()
    {
        var attempts = 0;

        Assert.Throws<RegexMatchTimeoutException>(() => StallTolerant.Run<bool>(() => throw new RegexMatchTimeoutException($"attempt {++attempts}", "x", TimeSpan.FromMilliseconds(50))));
        Assert.That(attempts, Is.EqualTo(StallTolerant.Attempts));
    }

    [Test]
    public void A_catastrophic_pattern_still_times_out_and_an_easy_match_is_unaffected()
    {
        var catastrophic = new Regex("^(a+)+$", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(20));

        Assert.Throws<RegexMatchTimeoutException>(() => StallTolerant.IsMatch(catastrophic, new string('a', 30) + "!"));
        Assert.That(StallTolerant.IsMatch(catastrophic, "aaaa"), Is.True);
    }
}
