using GitOpsAi.Core.Analysis;
using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Tests.Support;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Tests.Analysis;

/// <summary>
/// Typing in one document of a big file re-checks only that document (and those that read it); the other documents'
/// findings are taken over, moved by the edit. Whatever is taken over must be exactly what a fresh analysis finds.
/// </summary>
public sealed class IncrementalAnalysisTests
{
    private const string Root = InMemoryFileSystem.Root;
    private static readonly string FilePath = InMemoryFileSystem.PathOf("apps.yaml");

    private static string ConfigMap(int index) => $"""
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: config-{index}
          namespace: team
        data:
          key: value-{index}

        """;

    private static string Deployment(string name, string image = "registry.example.com/app:1.0.0", string env = "") => $$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {{name}}
          namespace: team
          labels:
            app.kubernetes.io/part-of: shop
        spec:
          replicas: 2
          selector:
            matchLabels:
              app: {{name}}
          template:
            metadata:
              labels:
                app: {{name}}
                app.kubernetes.io/part-of: shop
            spec:
              containers:
                - name: main
                  image: {{image}}
                  ports:
                    - containerPort: 8080
                      name: http
                  env:
                    - name: LOG_LEVEL
                      value: info{{env}}

        """;

    private static string Service(string name, string selects) => $"""
        apiVersion: v1
        kind: Service
        metadata:
          name: {name}
          namespace: team
        spec:
          selector:
            app: {selects}
          ports:
            - port: 80
              targetPort: http

        """;

    private static string FluxKustomization(string name) => $"""
        apiVersion: kustomize.toolkit.fluxcd.io/v1
        kind: Kustomization
        metadata:
          name: {name}
          namespace: flux-system
        spec:
          interval: 10m
          path: ./apps/{name}
          prune: true
          sourceRef:
            kind: GitRepository
            name: flux-system

        """;

    /// <summary>The checks kept per document: schemas (apiVersion, kind, fields) and the policy rules.</summary>
    private const int ObjectChecks = 2;

    private static string Documents(IEnumerable<string> documents) => string.Join("---\n", documents);

    /// <summary>A file of many objects of every kind the editor sees in a cluster repository, some with findings.</summary>
    private static string BigFile(int groups) => Documents(Enumerable.Range(0, groups).SelectMany(i => new[]
    {
        Deployment($"app-{i}", image: i % 3 == 0 ? "nginx:latest" : "registry.example.com/app:1.0.0", env: i % 4 == 0 ? "\n            - name: LOG_LEVEL\n              value: debug" : ""),
        Service($"app-{i}", selects: $"app-{i}"),
        ConfigMap(i),
        FluxKustomization($"app-{i}"),
    }));

    [Test]
    public void An_edit_in_the_first_document_moves_the_last_documents_findings_to_where_its_text_went()
    {
        var documents = Enumerable.Range(0, 9).Select(ConfigMap).Append(Deployment("web", image: "[|nginx:latest|]")).ToList();
        var before = Markup.Parse(Documents(documents));
        var session = new TypingSession(before.Text.Replace("[|", "").Replace("|]", ""));
        Assert.That(session.Findings.Where(d => d.Code == "latest-tag").Select(d => d.Span), Is.EqualTo(new[] { before.Span }));

        documents[0] = documents[0].Replace("config-0", "config-0-renamed");
        var after = Markup.Parse(Documents(documents));
        var reusedBefore = session.Analyzer.ReusedDocuments;
        session.Type(after.Text);

        Assert.That(session.Findings.Where(d => d.Code == "latest-tag").Select(d => d.Span), Is.EqualTo(new[] { after.Span }));
        Assert.That(after.Span.Start - before.Span.Start, Is.EqualTo("-renamed".Length));
        Assert.That(session.Analyzer.ReusedDocuments - reusedBefore, Is.EqualTo(ObjectChecks * (documents.Count - 1)), "every document but the edited one is taken over");
        AssertSameAsFresh(session);
    }

    [Test]
    public void A_fix_moves_with_its_finding()
    {
        var documents = Enumerable.Range(0, 9).Select(ConfigMap).Append(Deployment("web")).ToList();
        var session = new TypingSession(Documents(documents));
        var fixesBefore = FixEdits(session.Findings);
        Assert.That(fixesBefore, Is.Not.Empty, "the deployment needs findings with fixes for this test");

        documents[0] = documents[0].Replace("value-0", "value-0 and more");
        session.Type(Documents(documents));

        Assert.That(FixEdits(session.Findings), Is.EqualTo(fixesBefore.Select(e => e with { Span = e.Span.Shift(" and more".Length) })));
        AssertSameAsFresh(session);
    }

    [Test]
    public void A_line_added_above_a_finding_that_names_a_line_checks_its_document_again()
    {
        var documents = Enumerable.Range(0, 9).Select(ConfigMap).Append(Deployment("web", env: "\n            - name: LOG_LEVEL\n              value: debug")).ToList();
        var session = new TypingSession(Documents(documents));
        var duplicate = session.Findings.Single(d => d.Message.Contains("line", StringComparison.Ordinal) && d.Message.Contains("LOG_LEVEL", StringComparison.Ordinal));

        documents[0] = "# a comment line\n" + documents[0];
        session.Type(Documents(documents));

        var moved = session.Findings.Single(d => d.Code == duplicate.Code && d.Message.Contains("LOG_LEVEL", StringComparison.Ordinal));
        Assert.That(moved.Message, Is.Not.EqualTo(duplicate.Message), "the line number in the message follows the text");
        AssertSameAsFresh(session);
    }

    [Test]
    public void Changing_the_pod_labels_of_a_deployment_checks_the_service_that_selected_them_again()
    {
        var text = BigFile(4);
        var session = new TypingSession(text);
        var serviceFindings = Codes(session, "Service", "app-1");

        session.Type(text.Replace("      labels:\n        app: app-1\n", "      labels:\n        app: app-1-moved\n", StringComparison.Ordinal));

        Assert.That(Codes(session, "Service", "app-1"), Is.Not.EqualTo(serviceFindings), "the service selects no pods any more");
        AssertSameAsFresh(session);
    }

    [Test]
    public void Typing_in_a_deployment_takes_over_the_findings_of_unrelated_deployments_that_share_a_label()
    {
        var text = BigFile(6);
        var session = new TypingSession(text);
        var reused = session.Analyzer.ReusedDocuments;
        var documentCount = session.File.Yaml.Documents.Count;

        var container = text.IndexOf("- name: main\n", StringComparison.Ordinal) + "- name: main".Length;
        session.Type(text.Insert(container, "x"));

        // The edited deployment app-0, and what names it or selects its pods (its Service, its Flux Kustomization).
        Assert.That(session.Analyzer.ReusedDocuments - reused, Is.EqualTo(ObjectChecks * (documentCount - 3)));
        AssertSameAsFresh(session);
    }

    [Test]
    public void Random_edits_to_a_multi_document_file_find_what_a_fresh_analysis_finds()
    {
        var random = new Random(13);
        var session = new TypingSession(BigFile(5));
        var reused = session.Analyzer.ReusedDocuments;
        const string typed = "ab-1:x ";
        for (var edit = 0; edit < 150; edit++)
        {
            var text = session.File.Source.Text;
            var lines = text.Split('\n');
            var line = random.Next(lines.Length);
            var lineEnd = lines.Take(line + 1).Sum(l => l.Length + 1) - 1;
            var next = random.Next(10) switch
            {
                < 4 => text.Insert(lineEnd, typed[random.Next(typed.Length)].ToString()),
                < 6 when lines[line].Length > 0 => text.Remove(lineEnd - 1, 1),
                6 => text.Insert(lineEnd, "\n"),
                7 => text.Insert(random.Next(text.Length), typed[random.Next(typed.Length)].ToString()),
                8 when lines[line].Length > 0 => text.Remove(lineEnd - lines[line].Length, lines[line].Length + 1),
                _ => text.Insert(lineEnd, "\n" + lines[random.Next(lines.Length)]),
            };
            session.Type(next);
            AssertSameAsFresh(session, $"after edit {edit}");
        }

        Assert.That(session.Analyzer.ReusedDocuments - reused, Is.GreaterThan(500), "documents were taken over, not checked again");
    }

    [Test]
    public void Renaming_a_flux_kustomization_in_a_file_of_many_takes_over_the_findings_of_the_documents_that_do_not_name_it()
    {
        var text = BigFile(6);
        var session = new TypingSession(text);
        var reused = session.Analyzer.ReusedDocuments;
        var documentCount = session.File.Yaml.Documents.Count;

        // The Flux Kustomization app-2 shares its name with the Deployment and the Service app-2 (and selects nothing).
        var name = text.IndexOf("  name: app-2\n  namespace: flux-system", StringComparison.Ordinal) + "  name: app-2".Length;
        session.Type(text.Insert(name, "x"));

        Assert.That(session.Analyzer.ReusedDocuments - reused, Is.EqualTo(ObjectChecks * (documentCount - 3)));
        AssertSameAsFresh(session);
    }

    [Test]
    public void Editing_a_flux_kustomization_that_applies_its_own_file_checks_every_document_again()
    {
        // app-1 applies the repository root, whose kustomization lists this very file.
        var text = BigFile(3).Replace("path: ./apps/app-1", "path: ./", StringComparison.Ordinal);
        var session = new TypingSession(text, ("kustomization.yaml", "resources:\n  - apps.yaml\n"));
        var reused = session.Analyzer.ReusedDocuments;

        session.Type(text.Replace("  name: app-1\n  namespace: flux-system", "  name: app-1x\n  namespace: flux-system", StringComparison.Ordinal));

        Assert.That(session.Analyzer.ReusedDocuments - reused, Is.Zero, "the objects it applies may be judged by what applies them");
        AssertSameAsFresh(session);
    }

    [Test]
    public void Moving_the_objects_of_another_folder_to_another_namespace_checks_the_documents_that_refer_to_them_again()
    {
        const string settings = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: settings
            data:
              mode: fast

            """;
        var reader = Deployment("reader").Replace("      containers:\n", "      volumes:\n        - name: settings\n          configMap:\n            name: settings\n      containers:\n", StringComparison.Ordinal);
        var text = Documents([.. Enumerable.Range(0, 8).Select(ConfigMap), reader, FluxKustomization("web").Replace("path: ./apps/web", "path: ./apps/web\n  targetNamespace: team", StringComparison.Ordinal)]);
        var session = new TypingSession(text, ("apps/web/settings.yaml", settings), ("apps/web/kustomization.yaml", "resources:\n  - settings.yaml\n"));
        var reused = session.Analyzer.ReusedDocuments;
        var missingBefore = session.Findings.Count(d => d.Code == "non-existent-configmap");

        session.Type(text.Replace("targetNamespace: team", "targetNamespace: elsewhere", StringComparison.Ordinal));

        Assert.That(session.Findings.Count(d => d.Code == "non-existent-configmap"), Is.EqualTo(missingBefore + 1), "the ConfigMap the Deployment mounts is now in another namespace");
        Assert.That(session.Analyzer.ReusedDocuments - reused, Is.EqualTo(ObjectChecks * 8), "the ConfigMaps of this file are taken over");
        AssertSameAsFresh(session);
    }

    [Test]
    public void Typing_above_many_documents_allocates_less_than_8_KB_for_each_document_it_moves()
    {
        // The documents after an edit move (their trees and their findings). What a keystroke in the first document costs
        // for each further document, between 40 and 160 documents: 6.8 KB, where copying through LINQ, a set of every
        // finding and a delegate per finding made it 10.9 KB (lspbench's 10,015-line file: 3.7 -> 2.2 MB a keystroke).
        var (few, many) = (BytesOfAnEditAbove(groups: 10), BytesOfAnEditAbove(groups: 40));
        var perDocument = (many.Bytes - few.Bytes) / (many.Documents - few.Documents);
        TestContext.Out.WriteLine($"{few.Bytes:F0} bytes at {few.Documents} documents, {many.Bytes:F0} at {many.Documents}: {perDocument:F0} a document");
        Assert.That(perDocument, Is.LessThan(8 * 1024));
    }

    /// <summary>The bytes a keystroke in the first document allocates, and the documents of the file.</summary>
    private static (double Bytes, double Documents) BytesOfAnEditAbove(int groups)
    {
        // Small enough to be parsed and analysed on this thread (the allocations counted are this thread's).
        var text = BigFile(groups);
        var edited = ReplaceFirst(text, "value: info", "value: informative");
        var session = new TypingSession(text);
        session.Type(edited);
        session.Type(text);
        var before = GC.GetAllocatedBytesForCurrentThread();
        const int Edits = 10;
        for (var i = 0; i < Edits; i++)
        {
            session.Type(i % 2 == 0 ? edited : text);
        }

        return ((GC.GetAllocatedBytesForCurrentThread() - before) / (double)Edits, session.File.Yaml.Documents.Count);
    }

    private static string ReplaceFirst(string text, string old, string replacement)
    {
        var at = text.IndexOf(old, StringComparison.Ordinal);
        return text[..at] + replacement + text[(at + old.Length)..];
    }

    private static IReadOnlyList<TextEdit> FixEdits(IReadOnlyList<Diagnostic> findings) =>
        findings.SelectMany(d => d.Fixes).SelectMany(f => f.Edits).ToList();

    private static List<string> Codes(TypingSession session, string kind, string name)
    {
        var manifest = session.File.Manifests.Single(m => m.Kind == kind && m.Name == name);
        return session.Findings.Where(d => manifest.Document.Span.Contains(d.Span.Start)).Select(d => d.Code).ToList();
    }

    private static void AssertSameAsFresh(TypingSession session, string because = "")
    {
        var file = WorkspaceFile.FromText(FilePath, Root, session.File.Source.Text);
        var workspace = WorkspaceLoader.Create(Root, [file, .. session.OtherFiles], session.FileSystem);
        var fresh = new Analyzer().Analyze(workspace, file).Diagnostics;
        Assert.That(session.Findings.Select(Describe), Is.EqualTo(fresh.Select(Describe)), because);
    }

    private static string Describe(Diagnostic diagnostic) =>
        $"{diagnostic.Code} {diagnostic.Severity} {diagnostic.Span} {diagnostic.Message} "
        + string.Join(";", diagnostic.Fixes.Select(f => f.Title + ":" + string.Join(",", f.Edits.Select(e => $"{e.Span}={e.NewText}"))));

    /// <summary>What the language server does on each keystroke: parse with the previous version, lay it over the snapshot, analyse.</summary>
    private sealed class TypingSession
    {
        private WorkspaceSnapshot _workspace;

        public TypingSession(string text, params (string Path, string Text)[] otherFiles)
        {
            File = WorkspaceFile.FromText(FilePath, Root, text);
            FileSystem = new InMemoryFileSystem();
            foreach (var (path, content) in otherFiles)
            {
                FileSystem.Add(path, content);
            }

            OtherFiles = otherFiles.Select(f => WorkspaceFile.FromText(InMemoryFileSystem.PathOf(f.Path), Root, f.Text)).ToList();
            _workspace = WorkspaceLoader.Create(Root, OtherFiles, FileSystem);
            Findings = [];
            Type(text);
        }

        public Analyzer Analyzer { get; } = new();

        public InMemoryFileSystem FileSystem { get; }

        /// <summary>The other files of the repository, which are not edited.</summary>
        public IReadOnlyList<WorkspaceFile> OtherFiles { get; }

        public WorkspaceFile File { get; private set; }

        public IReadOnlyList<Diagnostic> Findings { get; private set; }

        public void Type(string text)
        {
            File = WorkspaceFile.FromText(FilePath, Root, text, File);
            _workspace = _workspace.WithFile(FilePath, File);
            Findings = Analyzer.Analyze(_workspace, File).Diagnostics;
        }
    }
}
