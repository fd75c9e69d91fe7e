using GitOpsAi.Core.Analysis;
using GitOpsAi.Core.Text;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Tests.Workspace;

/// <summary>A file read from disk keeps an ASCII text as bytes once parsed (SourceText.ReleaseToAscii), and reads back the same.</summary>
public sealed class ReleasedTextTests
{
    private const string Ascii = "apiVersion: v1\r\nkind: ConfigMap\r\nmetadata:\r\n  name: settings # why\r\ndata:\r\n  key: value\r\n";

    [Test]
    public void A_file_loaded_from_disk_keeps_an_ascii_text_as_bytes_and_gives_the_same_text_and_lines_back()
    {
        var file = Load("settings.yaml", Ascii);

        Assert.Multiple(() =>
        {
            Assert.That(file.Source.IsReleased, Is.True);
            Assert.That(file.Source.Text, Is.EqualTo(Ascii));
            Assert.That(file.Source.Length, Is.EqualTo(Ascii.Length));
            Assert.That(file.Source.NewLine, Is.EqualTo("\r\n"));
            Assert.That(file.Source.LineCount, Is.EqualTo(new SourceText(Ascii).LineCount));
            Assert.That(file.Source.GetLinePosition(Ascii.IndexOf("name", StringComparison.Ordinal)), Is.EqualTo(new LinePosition(3, 2)));
            Assert.That(file.Source.GetLineText(3).ToString(), Is.EqualTo("  name: settings # why"));
            Assert.That(file.Manifests.Single().Name, Is.EqualTo("settings"));
        });
    }

    [Test]
    public void A_file_with_characters_beyond_ascii_keeps_its_string()
    {
        var text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: café\n";
        var file = Load("cafe.yaml", text);

        Assert.Multiple(() =>
        {
            Assert.That(file.Source.IsReleased, Is.False);
            Assert.That(file.Source.Text, Is.EqualTo(text));
        });
    }

    [Test]
    public void A_released_text_whose_string_was_collected_is_made_again_alike()
    {
        var source = new SourceText(string.Concat(Enumerable.Repeat("key: value\n", 1_000)));
        source.ReleaseToAscii();
        GC.Collect();
        GC.WaitForPendingFinalizers();

        Assert.That(source.Text, Is.EqualTo(string.Concat(Enumerable.Repeat("key: value\n", 1_000))));
    }

    [TestCase("image: CHANGE-ME\n", true)]
    [TestCase("name: app-change-me\n", true)]
    [TestCase("name: x\n# ends with change-me", true)]
    [TestCase("name: changed-me\nvalue: change-m", false)]
    [TestCase("name: xchange-me\n", true)] // the analyzer's own regex decides the word boundaries; this is the prefilter
    public void A_released_text_is_searched_for_placeholders_as_bytes(string text, bool contains)
    {
        var source = new SourceText(text);
        source.ReleaseToAscii();

        Assert.Multiple(() =>
        {
            Assert.That(source.IsReleased, Is.True);
            Assert.That(Core.Generation.Placeholders.Contains(source), Is.EqualTo(contains));
            Assert.That(Core.Generation.Placeholders.Contains(text), Is.EqualTo(contains), "the same answer as the string's search");
        });
    }

    [Test]
    public void A_placeholder_in_a_file_loaded_from_disk_still_gets_its_warning()
    {
        var fileSystem = new InMemoryFileSystem();
        fileSystem.Add("app.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n  url: CHANGE-ME # the service's address\n");
        var workspace = WorkspaceLoader.Load(InMemoryFileSystem.Root, fileSystem);
        var file = workspace.Files.Values.Single();

        var analysis = new Analyzer().Analyze(workspace, file);

        Assert.Multiple(() =>
        {
            Assert.That(file.Source.IsReleased, Is.True);
            Assert.That(analysis.Diagnostics.Where(d => d.Code == Diagnostics.CoreDiagnostics.GenerationPlaceholder.Code).Select(d => d.Message),
                Is.EqualTo(new[] { "A placeholder from generation: set this value before committing. the service's address" }));
        });
    }

    private static WorkspaceFile Load(string name, string text)
    {
        var fileSystem = new InMemoryFileSystem();
        fileSystem.Add(name, text);
        return WorkspaceFile.Load(fileSystem, Path.Combine(InMemoryFileSystem.Root, name), InMemoryFileSystem.Root);
    }
}
