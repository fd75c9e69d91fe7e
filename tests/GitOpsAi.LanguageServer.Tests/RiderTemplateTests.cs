using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using GitOpsAi.LanguageServer.Services;
using StreamJsonRpc;
using CoreSeverity = GitOpsAi.Core.Diagnostics.DiagnosticSeverity;

namespace GitOpsAi.LanguageServer.Tests;

/// <summary>
/// The lsp4ij user-defined language server template in rider-plugin/lsp4ij-template (what Rider and the other JetBrains
/// IDEs import), checked against the way lsp4ij reads it and then run against the real server the way lsp4ij runs it.
/// </summary>
public sealed partial class RiderTemplateTests
{
    /// <summary>The two kinds of lsp4ij client the template meets.</summary>
    public enum Lsp4ij
    {
        /// <summary>lsp4ij today (ClientCapabilitiesFactory): announces workspace/configuration and pull diagnostics (textDocument/diagnostic).</summary>
        Current,

        /// <summary>Older lsp4ij (SupportedFeatures): announces neither, so it only pushes settings and receives published diagnostics.</summary>
        Older,
    }

    private static bool IsUnknownField(JsonElement diagnostic) => diagnostic.GetProperty("code").GetString() == "schema-unknown-field";

    [Test]
    public void The_template_folder_has_template_json_and_only_files_lsp4ij_reads_by_name()
    {
        var names = Directory.GetFiles(Lsp4ijTemplate.Folder).Select(Path.GetFileName).ToList();

        Assert.That(names, Does.Contain("template.json"), "lsp4ij refuses a template folder without template.json");
        Assert.That(names, Is.SubsetOf(Lsp4ijTemplate.FileNames), "lsp4ij ignores any other file name");
        Assert.That(names, Does.Contain("settings.json").And.Contain("initializationOptions.json").And.Contain("README.md"));
    }

    [Test]
    public void Every_json_file_of_the_template_is_one_well_formed_json_object()
    {
        foreach (var path in Directory.GetFiles(Lsp4ijTemplate.Folder, "*.json"))
        {
            // Strict parsing: no comments, no trailing commas.
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            Assert.That(document.RootElement.ValueKind, Is.EqualTo(JsonValueKind.Object), Path.GetFileName(path));
        }
    }

    [Test]
    public void The_template_descriptor_has_the_fields_lsp4ij_deserializes_with_their_types()
    {
        var template = Lsp4ijTemplate.Read("template.json");

        Assert.That(template["name"]?.GetValueKind(), Is.EqualTo(JsonValueKind.String));
        Assert.That(template["name"]!.GetValue<string>(), Is.EqualTo("GitOpsAi"));

        // LanguageServerTemplateDeserializer: programArgs.getAsJsonObject() without a null check, read as Map<String, String>.
        var programArgs = template["programArgs"] as JsonObject;
        Assert.That(programArgs, Is.Not.Null);
        Assert.That(programArgs!.Select(p => p.Key), Is.SubsetOf(new[] { "default", "windows", "mac", "unix" }).And.Contain("default"));
        Assert.That(programArgs.Select(p => p.Value?.GetValueKind()), Is.All.EqualTo(JsonValueKind.String));

        // ServerTemplateJsonDeserializer: each mapping's fileType is dereferenced without a null check.
        var fileTypeMappings = template["fileTypeMappings"]!.AsArray();
        Assert.That(fileTypeMappings, Is.Not.Empty);
        foreach (var mapping in fileTypeMappings)
        {
            var fileType = mapping!["fileType"] as JsonObject;
            Assert.That(fileType, Is.Not.Null);
            Assert.That(mapping["languageId"]!.GetValue<string>(), Is.EqualTo("yaml"));
            Assert.That(fileType!["patterns"]!.AsArray().Select(p => p!.GetValueKind()), Is.All.EqualTo(JsonValueKind.String));
        }

        var yaml = fileTypeMappings.Single()!["fileType"]!;
        Assert.That(yaml["name"]!.GetValue<string>(), Is.EqualTo("YAML"), "the name of IntelliJ's YAML file type");
        Assert.That(yaml["patterns"]!.AsArray().Select(p => p!.GetValue<string>()), Is.SupersetOf(new[] { "*.yaml", "*.yml", "kustomization.yaml" }));

        var language = template["languageMappings"]!.AsArray().Single()!;
        Assert.That(language["language"]!.GetValue<string>(), Is.EqualTo("yaml"), "the id of IntelliJ's YAMLLanguage");
        Assert.That(language["languageId"]!.GetValue<string>(), Is.EqualTo("yaml"));

        // With an id and no url, lsp4ij links the template to a page of its own docs that would not exist.
        Assert.That(template.ContainsKey("id") && !template.ContainsKey("url"), Is.False);
    }

    [Test]
    public void The_command_split_the_way_lsp4ij_splits_it_is_dotnet_then_the_server_dll_then_stdio()
    {
        var commandLine = Lsp4ijTemplate.ProgramArgs(Lsp4ijTemplate.Read("template.json"));

        var commands = Lsp4ijTemplate.CreateCommands(commandLine.Replace("$USER_HOME$", "/home/a user with spaces", StringComparison.Ordinal));

        Assert.That(MacroPattern().Matches(commandLine).Select(m => m.Value), Is.All.EqualTo("$USER_HOME$"), "only a macro IntelliJ always defines");
        Assert.That(commands, Is.EqualTo(new[] { "dotnet", "/home/a user with spaces/.gitopsai/server/GitOpsAi.LanguageServer.dll", "--stdio" }));
    }

    [Test]
    public void The_settings_file_gives_lsp4ij_a_gitopsAi_section_that_the_server_parses_into_its_defaults()
    {
        var settings = Lsp4ijTemplate.Read("settings.json");

        var section = Lsp4ijTemplate.FindSettings(settings, "gitopsAi");

        Assert.That(section, Is.Not.Null, "lsp4ij answers workspace/configuration with null unless the section is an object");
        Assert.That(Lsp4ijTemplate.LeafPaths(section!), Is.EquivalentTo(new[] { "validation.schemas", "schemas.extraFolders", "severityOverrides", "trace.server" }));
        foreach (var parsed in new[] { ServerSettings.Parse(Element(section!)), ServerSettings.Parse(Element(settings)) })
        {
            Assert.That(parsed.ValidateSchemas, Is.True);
            Assert.That(parsed.ExtraSchemaFolders, Is.Empty);
            Assert.That(parsed.SeverityOverrides, Is.Empty);
            Assert.That(parsed.Trace, Is.EqualTo("off"));
        }
    }

    [Test]
    public void The_settings_schema_describes_every_setting_with_the_default_of_the_settings_file_and_severities_the_server_accepts()
    {
        var section = Lsp4ijTemplate.FindSettings(Lsp4ijTemplate.Read("settings.json"), "gitopsAi")!;
        var schema = Lsp4ijTemplate.Read("settings.schema.json")["properties"]!["gitopsAi"]!;

        foreach (var path in Lsp4ijTemplate.LeafPaths(section))
        {
            var property = path.Split('.').Aggregate(schema, (node, part) => node["properties"]![part]!);
            var value = path.Split('.').Aggregate((JsonNode)section, (node, part) => node[part]!);
            Assert.That(JsonNode.DeepEquals(property["default"], value), Is.True, path);
        }

        var severities = schema["properties"]!["severityOverrides"]!["additionalProperties"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()).ToList();
        var expected = new Dictionary<string, CoreSeverity?>
        {
            ["error"] = CoreSeverity.Error,
            ["warning"] = CoreSeverity.Warning,
            ["information"] = CoreSeverity.Information,
            ["hint"] = CoreSeverity.Hint,
            ["off"] = null,
        };
        Assert.That(severities, Is.EquivalentTo(expected.Keys));
        foreach (var severity in severities)
        {
            var parsed = ServerSettings.Parse(Element(new JsonObject { ["severityOverrides"] = new JsonObject { ["schema-unknown-field"] = severity } }));
            Assert.That(parsed.SeverityOverrides["schema-unknown-field"], Is.EqualTo(expected[severity]), severity);
        }
    }

    [TestCase(Lsp4ij.Current)]
    [TestCase(Lsp4ij.Older)]
    public async Task The_template_command_starts_the_server_which_exits_with_code_zero_after_shutdown(Lsp4ij client)
    {
        using var home = FakeHome.WithServerInstalled();
        await using var server = TemplateServer.Start(home.Commands(), client);

        var result = await server.InitializeAsync(null);

        Assert.That(result.GetProperty("serverInfo").GetProperty("name").GetString(), Is.EqualTo("gitops-ai"));
        Assert.That(await server.ShutdownAndExitAsync(), Is.EqualTo(0), server.Stderr);
    }

    [TestCase(Lsp4ij.Current)]
    [TestCase(Lsp4ij.Older)]
    public async Task With_the_template_settings_a_replica_typo_in_a_deployment_is_reported_as_an_error(Lsp4ij client)
    {
        using var home = FakeHome.WithServerInstalled();
        using var repo = Samples.Repository();
        await using var server = TemplateServer.Start(home.Commands(), client);
        await server.InitializeAsync(repo.Root);

        var uri = repo.UriOf("deployment.yaml");
        await server.OpenAsync(uri, Samples.DeploymentWithTypo);
        var diagnostics = await server.DiagnosticsAsync(uri, items => items.Any(IsUnknownField));

        var diagnostic = diagnostics.Single(IsUnknownField);
        Assert.That(diagnostic.GetProperty("severity").GetInt32(), Is.EqualTo(1));
        Assert.That(diagnostic.GetProperty("range").GetProperty("start").GetProperty("line").GetInt32(), Is.EqualTo(5));
        Assert.That(diagnostic.GetProperty("message").GetString(), Does.Contain("replica"));
    }

    [Test]
    public async Task A_severity_override_in_the_template_settings_reaches_the_server_through_workspace_configuration()
    {
        using var home = FakeHome.WithServerInstalled();
        using var repo = Samples.Repository();
        await using var server = TemplateServer.Start(home.Commands(), Lsp4ij.Current);
        server.Settings["gitopsAi"]!["severityOverrides"]!["schema-unknown-field"] = "hint";
        await server.InitializeAsync(repo.Root, pushSettingsWhenStarted: false);

        var uri = repo.UriOf("deployment.yaml");
        await server.OpenAsync(uri, Samples.DeploymentWithTypo);
        var diagnostics = await server.DiagnosticsAsync(uri, items => items.Any(d => IsUnknownField(d) && d.GetProperty("severity").GetInt32() == 4));

        Assert.That(diagnostics.Single(IsUnknownField).GetProperty("severity").GetInt32(), Is.EqualTo(4));
        Assert.That(server.ConfigurationSectionsAsked, Does.Contain("gitopsAi"));
    }

    [TestCase(Lsp4ij.Current)]
    [TestCase(Lsp4ij.Older)]
    public async Task Schema_validation_turned_off_in_the_configuration_tab_reaches_the_running_server(Lsp4ij client)
    {
        using var home = FakeHome.WithServerInstalled();
        using var repo = Samples.Repository();
        await using var server = TemplateServer.Start(home.Commands(), client);
        await server.InitializeAsync(repo.Root);
        await server.WaitForLogAsync("Indexed");

        // lsp4ij's UserDefinedLanguageListener pushes the whole settings.json again when the user applies an edit.
        server.Settings["gitopsAi"]!["validation"]!["schemas"] = false;
        await server.PushSettingsAsync();
        var uri = repo.UriOf("deployment.yaml");
        await server.OpenAsync(uri, Samples.DeploymentWithTypo);
        var diagnostics = await server.DiagnosticsAsync(uri);

        // Policy rules still run; schema validation is what the setting turns off.
        Assert.That(diagnostics.Where(d => d.GetProperty("source").GetString() == "gitops-ai.schema"), Is.Empty);
    }

    [TestCase(Lsp4ij.Current)]
    [TestCase(Lsp4ij.Older)]
    public async Task Schema_validation_turned_off_in_the_template_settings_holds_from_the_moment_the_server_starts(Lsp4ij client)
    {
        using var home = FakeHome.WithServerInstalled();
        using var repo = Samples.Repository();
        await using var server = TemplateServer.Start(home.Commands(), client);
        server.Settings["gitopsAi"]!["validation"]!["schemas"] = false;
        await server.InitializeAsync(repo.Root);
        await server.WaitForLogAsync("Indexed");

        var uri = repo.UriOf("deployment.yaml");
        await server.OpenAsync(uri, Samples.DeploymentWithTypo);
        var diagnostics = await server.DiagnosticsAsync(uri);

        // Policy rules still run; schema validation is what the setting turns off.
        Assert.That(diagnostics.Where(d => d.GetProperty("source").GetString() == "gitops-ai.schema"), Is.Empty);
    }

    private static JsonElement Element(JsonNode node) => JsonDocument.Parse(node.ToJsonString()).RootElement.Clone();

    [GeneratedRegex(@"\$[A-Za-z_]+\$")]
    private static partial Regex MacroPattern();

    /// <summary>The template files, and the parts of lsp4ij that read them, redone in C#.</summary>
    private static class Lsp4ijTemplate
    {
        /// <summary>The names LanguageServerTemplateManager.createLsTemplate picks up (LanguageServerTemplate and ServerTemplate constants).</summary>
        public static readonly string[] FileNames =
            ["template.json", "settings.json", "settings.schema.json", "initializationOptions.json", "experimental.json", "clientSettings.json", "installer.json", "README.md"];

        public static string Folder { get; } = Path.Combine(RepositoryRoot(), "rider-plugin", "lsp4ij-template");

        public static JsonObject Read(string name) => JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, name)))!.AsObject();

        /// <summary>ServerTemplate.getOSProgramArgs: the entry for this OS (windows, mac or unix), else "default".</summary>
        public static string ProgramArgs(JsonObject template)
        {
            var programArgs = template["programArgs"]!.AsObject();
            var os = OperatingSystem.IsWindows() ? "windows" : OperatingSystem.IsMacOS() ? "mac" : "unix";
            return (programArgs[os] ?? programArgs["default"])!.GetValue<string>();
        }

        /// <summary>CommandUtils.createCommands: split at spaces outside double quotes; the quotes themselves are dropped.</summary>
        public static List<string> CreateCommands(string commandLine)
        {
            var commands = new List<string>();
            var part = new System.Text.StringBuilder();
            var inString = false;
            void Add()
            {
                var arg = part.ToString().Trim();
                if (arg.Length > 0)
                {
                    commands.Add(arg);
                }

                part.Clear();
            }

            foreach (var c in commandLine)
            {
                if (c == '"')
                {
                    inString = !inString;
                }
                else if (c == ' ' && !inString)
                {
                    Add();
                }
                else
                {
                    part.Append(c);
                }
            }

            Add();
            return commands;
        }

        /// <summary>LanguageClientImpl.findSettings: follow the dot-separated section through nested objects; anything else is null.</summary>
        public static JsonObject? FindSettings(JsonObject settings, string? section)
        {
            if (section is null)
            {
                return null;
            }

            var current = settings;
            foreach (var part in section.Split('.'))
            {
                if (current[part] is not JsonObject next)
                {
                    return null;
                }

                current = next;
            }

            return current;
        }

        /// <summary>Dotted paths of the values in a settings object (an empty object or an array is a value).</summary>
        public static IEnumerable<string> LeafPaths(JsonObject node, string prefix = "")
        {
            foreach (var (key, value) in node)
            {
                var path = prefix + key;
                if (value is JsonObject child && child.Count > 0)
                {
                    foreach (var nested in LeafPaths(child, path + "."))
                    {
                        yield return nested;
                    }
                }
                else
                {
                    yield return path;
                }
            }
        }

        private static string RepositoryRoot()
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "GitOpsAi.sln")))
                {
                    return directory.FullName;
                }
            }

            throw new DirectoryNotFoundException($"No GitOpsAi.sln above {AppContext.BaseDirectory}");
        }
    }

    /// <summary>
    /// A user home with a space in its name where the server is installed the way the README says
    /// (~/.gitopsai/server), so the template's own command, with $USER_HOME$ expanded, finds the real server.
    /// </summary>
    private sealed class FakeHome : IDisposable
    {
        private readonly TempWorkspace _root = new();
        private readonly string _serverFolder;

        private FakeHome()
        {
            Home = Path.Combine(_root.Root, "home dir");
            var parent = Path.Combine(Home, ".gitopsai");
            Directory.CreateDirectory(parent);
            _serverFolder = Path.Combine(parent, "server");
            var output = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
            try
            {
                Directory.CreateSymbolicLink(_serverFolder, output);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // No symbolic links (Windows without the privilege): install a copy instead.
                CopyFolder(output, _serverFolder);
            }
        }

        public string Home { get; }

        public static FakeHome WithServerInstalled() => new();

        /// <summary>The template's command for this OS with $USER_HOME$ expanded, split into the process arguments.</summary>
        public IReadOnlyList<string> Commands()
        {
            var commandLine = Lsp4ijTemplate.ProgramArgs(Lsp4ijTemplate.Read("template.json"));
            return Lsp4ijTemplate.CreateCommands(commandLine.Replace("$USER_HOME$", Home, StringComparison.Ordinal));
        }

        public void Dispose()
        {
            try
            {
                if (new DirectoryInfo(_serverFolder).LinkTarget is not null)
                {
                    Directory.Delete(_serverFolder); // the link only, never the build output behind it
                }
            }
            catch (IOException)
            {
            }

            _root.Dispose();
        }

        private static void CopyFolder(string from, string to)
        {
            Directory.CreateDirectory(to);
            foreach (var file in Directory.GetFiles(from))
            {
                File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
            }

            foreach (var folder in Directory.GetDirectories(from))
            {
                CopyFolder(folder, Path.Combine(to, Path.GetFileName(folder)));
            }
        }
    }

    /// <summary>
    /// The server started from the template's command line and driven the way lsp4ij's user-defined language client
    /// drives it: initializationOptions from initializationOptions.json, workspace/configuration answered from
    /// settings.json by section (LanguageClientImpl.configuration), and settings.json pushed with
    /// workspace/didChangeConfiguration once the server has started (UserDefinedLanguageListener).
    /// </summary>
    private sealed class TemplateServer : IAsyncDisposable
    {
        private readonly StdioConnection _connection;
        private readonly Lsp4ij _client;
        private readonly ConcurrentQueue<JsonElement> _published = new();
        private readonly ConcurrentQueue<string> _sectionsAsked = new();
        private readonly ConcurrentQueue<string> _logs = new();

        private TemplateServer(StdioConnection connection, Lsp4ij client)
        {
            _connection = connection;
            _client = client;
        }

        /// <summary>What lsp4ij's UserDefinedLanguageClient.createSettings returns: the content of settings.json.</summary>
        public JsonObject Settings { get; } = Lsp4ijTemplate.Read("settings.json");

        public IReadOnlyList<string> ConfigurationSectionsAsked => _sectionsAsked.ToList();

        public string Stderr => _connection.Stderr;

        public static TemplateServer Start(IReadOnlyList<string> commands, Lsp4ij client)
        {
            var server = new TemplateServer(StdioConnection.Start(commands[0], commands.Skip(1)), client);
            server.RegisterClientMethods();
            server._connection.Rpc.StartListening();
            return server;
        }

        private void RegisterClientMethods()
        {
            _connection.On("textDocument/publishDiagnostics", new Action<JsonElement>(p => _published.Enqueue(p)));
            _connection.On("workspace/configuration", new Func<JsonElement, JsonNode?[]>(p => p.GetProperty("items").EnumerateArray().Select(item =>
            {
                var section = item.TryGetProperty("section", out var s) ? s.GetString() : null;
                _sectionsAsked.Enqueue(section ?? string.Empty);
                return (JsonNode?)Lsp4ijTemplate.FindSettings(Settings, section)?.DeepClone();
            }).ToArray()));
            _connection.On("window/logMessage", new Action<JsonElement>(p => _logs.Enqueue(p.GetProperty("message").GetString() ?? string.Empty)));
            _connection.On("window/showMessage", new Action<JsonElement>(_ => { }));
            _connection.On("client/registerCapability", new Func<JsonElement, object?>(_ => null));
            _connection.On("window/workDoneProgress/create", new Func<JsonElement, object?>(_ => null));
            _connection.On("workspace/diagnostic/refresh", new Func<object?>(() => null));
        }

        /// <summary>initialize, initialized, then (as lsp4ij does once the server has started) the settings pushed.</summary>
        public async Task<JsonElement> InitializeAsync(string? rootPath, bool pushSettingsWhenStarted = true)
        {
            var current = _client == Lsp4ij.Current;
            var textDocument = new JsonObject
            {
                ["synchronization"] = new JsonObject { ["didSave"] = true },
                ["publishDiagnostics"] = new JsonObject { ["codeDescriptionSupport"] = true, ["dataSupport"] = true },
            };
            if (current)
            {
                textDocument["diagnostic"] = new JsonObject { ["dynamicRegistration"] = true, ["relatedDocumentSupport"] = true };
            }

            var result = await RequestAsync("initialize", new JsonObject
            {
                ["processId"] = Environment.ProcessId,
                ["rootUri"] = rootPath is null ? null : new Uri(rootPath).AbsoluteUri,
                ["workspaceFolders"] = rootPath is null ? null : new JsonArray(new JsonObject { ["uri"] = new Uri(rootPath).AbsoluteUri, ["name"] = "root" }),
                ["initializationOptions"] = Lsp4ijTemplate.Read("initializationOptions.json"),
                ["capabilities"] = new JsonObject
                {
                    ["workspace"] = new JsonObject
                    {
                        ["applyEdit"] = true,
                        ["configuration"] = current,
                        ["workspaceFolders"] = true,
                        ["didChangeWatchedFiles"] = new JsonObject { ["dynamicRegistration"] = true },
                    },
                    ["textDocument"] = textDocument,
                },
            });
            await NotifyAsync("initialized", new JsonObject());
            if (pushSettingsWhenStarted)
            {
                await PushSettingsAsync();
            }

            return result;
        }

        /// <summary>What lsp4ij sends when the server has started and whenever the user applies a settings edit.</summary>
        public Task PushSettingsAsync() => NotifyAsync("workspace/didChangeConfiguration", new JsonObject { ["settings"] = Settings.DeepClone() });

        public Task OpenAsync(string uri, string text) =>
            NotifyAsync("textDocument/didOpen", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = uri, ["languageId"] = "yaml", ["version"] = 1, ["text"] = text } });

        /// <summary>
        /// The diagnostics of a document as this client gets them: pulled with textDocument/diagnostic (current lsp4ij)
        /// or published by the server (older lsp4ij); the first answer that satisfies <paramref name="until"/>.
        /// </summary>
        public async Task<IReadOnlyList<JsonElement>> DiagnosticsAsync(string uri, Func<IReadOnlyList<JsonElement>, bool>? until = null, int timeoutSeconds = 30)
        {
            var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
            var seen = new List<string>();
            while (DateTime.UtcNow < deadline)
            {
                if (_client == Lsp4ij.Current)
                {
                    var report = await RequestAsync("textDocument/diagnostic", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = uri } });
                    seen.Add(report.GetRawText());
                    var items = report.GetProperty("items").EnumerateArray().ToList();
                    if (until is null || until(items))
                    {
                        return items;
                    }
                }
                else
                {
                    while (_published.TryDequeue(out var message))
                    {
                        seen.Add(message.GetRawText());
                        var items = message.GetProperty("diagnostics").EnumerateArray().ToList();
                        if (message.GetProperty("uri").GetString() == uri && (until is null || until(items)))
                        {
                            return items;
                        }
                    }
                }

                await Task.Delay(100);
            }

            throw new TimeoutException($"No matching diagnostics for {uri}. Seen:\n{string.Join("\n", seen)}\nServer log:\n{Stderr}");
        }

        public async Task WaitForLogAsync(string text, int timeoutSeconds = 30)
        {
            var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
            while (!_logs.Any(l => l.Contains(text, StringComparison.Ordinal)))
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"No log line with '{text}'. Server log:\n{Stderr}");
                }

                await Task.Delay(50);
            }
        }

        public Task<int> ShutdownAndExitAsync() => _connection.ShutdownAndExitAsync();

        private Task<JsonElement> RequestAsync(string method, JsonNode? parameters) => _connection.RequestAsync(method, parameters);

        private Task NotifyAsync(string method, JsonNode? parameters) => _connection.NotifyAsync(method, parameters);

        public ValueTask DisposeAsync() => _connection.DisposeAsync();
    }
}
