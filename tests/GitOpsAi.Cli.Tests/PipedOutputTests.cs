using GitOpsAi.Cli.Reporting;

namespace GitOpsAi.Cli.Tests;

public sealed class PipedOutputTests
{
    [Test]
    public void Pieces_written_from_another_thread_arrive_whole_and_in_order()
    {
        var random = new Random(14);
        var pieces = Enumerable.Range(0, 500).Select(i => Enumerable.Range(0, random.Next(1, 70_000)).Select(j => (byte)(i + j)).ToArray()).ToList();
        var expected = pieces.SelectMany(p => p).ToArray();
        var stream = new MemoryStream();

        using (var output = new PipedOutput(stream))
        {
            foreach (var piece in pieces)
            {
                output.Write(piece);
                Array.Clear(piece); // the caller's buffer is reused at once: the piece must have been copied
            }

            output.Complete();
        }

        Assert.That(stream.ToArray(), Is.EqualTo(expected));
    }

    [Test]
    public void A_failed_write_is_thrown_to_the_writer_and_never_leaves_it_waiting_for_room()
    {
        var output = new PipedOutput(new FailingStream(failAt: 3));

        var thrown = Assert.Throws<IOException>(() =>
        {
            // Far more pieces than the queue holds: with the writing thread gone, the writer would block for ever.
            for (var i = 0; i < 1_000; i++)
            {
                output.Write(new byte[1024]);
            }

            output.Complete();
        });

        Assert.That(thrown!.Message, Does.Contain("Broken pipe"));
        output.Dispose();
    }

    private sealed class FailingStream(int failAt) : MemoryStream
    {
        private int _writes;

        public override void Write(byte[] buffer, int offset, int count)
        {
            if (++_writes >= failAt)
            {
                throw new IOException("Broken pipe");
            }

            base.Write(buffer, offset, count);
        }
    }
}
