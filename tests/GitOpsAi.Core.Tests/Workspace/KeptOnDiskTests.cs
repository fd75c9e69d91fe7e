using System.Runtime.CompilerServices;
using System.Text;
using GitOpsAi.Core.Analysis;
using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Text;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Tests.Workspace;

/// <summary>
/// The command line keeps the texts of files read from disk only on disk (WorkspaceOptions.KeepTextsOnDisk): a check that
/// asks for one reads the file again, and a file that changed since it was parsed is reported, never read as if unchanged.
/// </summary>
public sealed class KeptOnDiskTests
{
    private const string Settings = "apiVersion: v1\r\nkind: ConfigMap\r\nmetadata:\r\n  name: settings # why\r\ndata:\r\n  key: value\r\n";

    private static readonly WorkspaceOptions OnDisk = new() { KeepTextsOnDisk = true };

    [Test]
    public void A_file_kept_on_disk_gives_the_same_text_and_lines_when_read_again()
    {
        var fileSystem = new InMemoryFileSystem().Add("settings.yaml", Settings);
        var file = WorkspaceLoader.Load(InMemoryFileSystem.Root, fileSystem, OnDisk).Files.Values.Single();
        Collect();

        Assert.Multiple(() =>
        {
            Assert.That(file.Source.IsOnDisk, Is.True);
            Assert.That(file.Source.IsReleased, Is.False, "no bytes kept in memory");
            Assert.That(file.Source.Length, Is.EqualTo(Settings.Length));
            Assert.That(file.Source.NewLine, Is.EqualTo("\r\n"));
            Assert.That(file.Source.GetLinePosition(Settings.IndexOf("name", StringComparison.Ordinal)), Is.EqualTo(new LinePosition(3, 2)));
            Assert.That(file.Source.Text, Is.EqualTo(Settings));
            Assert.That(file.Manifests.Single().Name, Is.EqualTo("settings"));
        });
    }

    [Test]
    public void The_editor_and_a_default_load_keep_the_text_in_memory()
    {
        var fileSystem = new InMemoryFileSystem().Add("settings.yaml", Settings);
        var file = WorkspaceLoader.Load(InMemoryFileSystem.Root, fileSystem).Files.Values.Single();

        Assert.That((file.Source.IsOnDisk, file.Source.IsReleased), Is.EqualTo((false, true)));
    }

    [Test]
    public void A_text_beyond_ascii_is_kept_in_memory_even_when_asked_to_stay_on_disk()
    {
        const string text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: café\n";
        var fileSystem = new InMemoryFileSystem().Add("cafe.yaml", text);
        var file = WorkspaceLoader.Load(InMemoryFileSystem.Root, fileSystem, OnDisk).Files.Values.Single();

        Assert.Multiple(() =>
        {
            Assert.That(file.Source.IsOnDisk, Is.False);
            Assert.That(file.Source.Text, Is.EqualTo(text));
        });
    }

    [Test]
    public void A_text_changed_on_disk_since_it_was_parsed_is_an_error_naming_the_file_not_the_new_text()
    {
        var changed = Encoding.ASCII.GetBytes(Settings.Replace("value", "other", StringComparison.Ordinal));
        var source = KeptOnDisk(Settings, () => changed);
        Collect();

        var error = Assert.Throws<SourceChangedException>(() => _ = source.Text)!;

        Assert.That(error.Message, Is.EqualTo("apps/settings.yaml changed on disk during the check; run the check again."));
        Assert.Throws<SourceChangedException>(() => _ = source.Text, "the changed text is not remembered as the file's");
    }

    [Test]
    public void A_text_that_can_no_longer_be_read_is_an_error_naming_the_file()
    {
        var source = KeptOnDisk(Settings, () => throw new FileNotFoundException("Could not find file."));
        Collect();

        var error = Assert.Throws<SourceChangedException>(() => _ = source.Text)!;

        Assert.That(error.Message, Is.EqualTo("apps/settings.yaml could not be read again during the check (Could not find file.); run the check again."));
    }

    [Test]
    public void A_text_read_again_is_read_once_while_something_holds_it()
    {
        var reads = 0;
        var source = KeptOnDisk(Settings, () =>
        {
            reads++;
            return Encoding.ASCII.GetBytes(Settings);
        });
        Collect();

        var first = source.Text;
        var second = source.Text;

        Assert.Multiple(() =>
        {
            Assert.That(second, Is.SameAs(first));
            Assert.That(reads, Is.EqualTo(1));
        });
    }

    [Test]
    public void A_check_of_a_file_that_changed_during_the_run_reports_it_as_unreadable_not_as_a_defect()
    {
        // A kustomization whose inline patch the render reads from the text: the text is read again during the check.
        const string kustomization = "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - deployment.yaml\npatches:\n  - patch: |-\n      - op: replace\n        path: /spec/replicas\n        value: 2\n    target:\n      kind: Deployment\n";
        const string deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 1\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27.3\n";
        var fileSystem = new InMemoryFileSystem().Add("app/kustomization.yaml", kustomization).Add("app/deployment.yaml", deployment);
        var workspace = WorkspaceLoader.Load(InMemoryFileSystem.Root, fileSystem, OnDisk);
        fileSystem.Add("app/kustomization.yaml", kustomization.Replace("value: 2", "value: 3", StringComparison.Ordinal));
        Collect();

        var analysis = new Analyzer().Analyze(workspace, workspace.Files[InMemoryFileSystem.PathOf("app/kustomization.yaml")]);

        Assert.Multiple(() =>
        {
            Assert.That(analysis.Diagnostics.Where(d => d.Code == CoreDiagnostics.Unreadable.Code).Select(d => d.Message),
                Does.Contain("app/kustomization.yaml changed on disk during the check; run the check again."));
            Assert.That(analysis.Diagnostics.Where(d => d.IsInternalError()), Is.Empty);
        });
    }

    [Test]
    public void A_placeholder_in_a_file_kept_on_disk_gets_its_warning_and_a_file_without_one_is_not_read_again()
    {
        var files = new InMemoryFileSystem()
            .Add("app.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n  url: CHANGE-ME # the service's address\n")
            .Add("other.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: other\ndata:\n  url: http://other\n");
        var recording = new RecordingFileSystem(files);
        var workspace = WorkspaceLoader.Load(InMemoryFileSystem.Root, recording, OnDisk);
        Collect();
        var readsAfterLoad = recording.Asked.Count(p => p == InMemoryFileSystem.PathOf("other.yaml"));

        var placeholders = workspace.Files.Values.OrderBy(f => f.Path, StringComparer.Ordinal)
            .Select(f => new Analyzer().Analyze(workspace, f).Diagnostics.Count(d => d.Code == CoreDiagnostics.GenerationPlaceholder.Code))
            .ToList();

        Assert.Multiple(() =>
        {
            Assert.That(placeholders, Is.EqualTo(new[] { 1, 0 }));
            Assert.That(recording.Asked.Count(p => p == InMemoryFileSystem.PathOf("other.yaml")), Is.EqualTo(readsAfterLoad), "other.yaml read again");
        });
    }

    /// <summary>A text kept on disk as "apps/settings.yaml", made here so that no caller's frame holds its string.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static SourceText KeptOnDisk(string text, Func<byte[]> readAgain)
    {
        var source = new SourceText(new string(text.AsSpan()));
        Assert.That(source.KeepOnDisk(Encoding.ASCII.GetBytes(text), readAgain, "apps/settings.yaml"), Is.True);
        return source;
    }

    /// <summary>Lets the strings made while loading go, so the next question reads the disk.</summary>
    private static void Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }
}
