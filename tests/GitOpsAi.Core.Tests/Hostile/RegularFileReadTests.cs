using GitOpsAi.Core.IO;

namespace GitOpsAi.Core.Tests.Hostile;

/// <summary>A regular file is read whole, into an array of its size, whatever it does between the look and the read.</summary>
public class RegularFileReadTests
{
    [TestCase(0)]
    [TestCase(1)]
    [TestCase(4095)]
    [TestCase(81920)]
    [TestCase(300_001)]
    public void A_file_is_read_byte_for_byte_into_an_array_of_its_length(int length)
    {
        using var repository = new TempRepository();
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        var path = repository.PathOf("f.yaml");
        File.WriteAllBytes(path, bytes);

        var read = FileInspector.ReadRegularFile(path);

        Assert.That(read, Is.EqualTo(bytes));
    }

    [Test]
    public void A_file_that_says_it_is_empty_but_has_content_is_read_whole()
    {
        // Files under /proc report a size of 0 and have content: the read grows past the size it was told.
        const string path = "/proc/self/maps";
        if (!File.Exists(path) || new FileInfo(path).Length != 0)
        {
            Assert.Ignore("needs Linux's /proc");
        }

        var read = FileInspector.ReadRegularFile(path);

        Assert.That(read, Has.Length.GreaterThan(4096), "more than one growth step");
        Assert.That(System.Text.Encoding.ASCII.GetString(read), Does.EndWith("\n"));
    }

    [Test]
    public void A_file_that_grows_past_the_limit_while_read_is_refused()
    {
        const string path = "/proc/self/maps";
        if (!File.Exists(path) || new FileInfo(path).Length != 0)
        {
            Assert.Ignore("needs Linux's /proc");
        }

        Assert.Throws<FileTooLargeException>(() => FileInspector.ReadRegularFile(path, maxBytes: 100));
    }
}
