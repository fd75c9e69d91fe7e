using System.Reflection;
using System.Reflection.PortableExecutable;

namespace GitOpsAi.Tests.ReadyToRun;

/// <summary>
/// What the Release build left next to a program (server/ReadyToRun/ReadyToRun.targets): ReadyToRun images of its own and
/// its hot assemblies, and &lt;program&gt;.readytorun.txt saying whether the step ran, was off or fell back to IL and why.
/// Shared by the CLI's and the language server's tests.
/// </summary>
internal static class ReadyToRunImages
{
    /// <summary>
    /// Fails unless each file is precompiled; ignored (with the reason) when this build has ReadyToRun off (Debug,
    /// -p:GitOpsAiReadyToRun=false) or fell back to IL (no compiler pack on this machine), never passed off as precompiled.
    /// </summary>
    public static void AssertPrecompiled(string project, string program, IEnumerable<string> files)
    {
        var folder = OutputFolder(project, program);
        var marker = ReadMarker(Path.Combine(folder, program + ".readytorun.txt"));
        var setting = BuildSetting();
        if (setting != "true")
        {
            Assert.Ignore($"this build has ReadyToRun off (GitOpsAiReadyToRun='{setting}': a Debug build or -p:GitOpsAiReadyToRun=false)");
        }

        if (marker.GetValueOrDefault("readytorun") == "fallback")
        {
            Assert.Ignore($"the build fell back to plain IL: {marker.GetValueOrDefault("reason")}");
        }

        Assert.That(marker.GetValueOrDefault("readytorun"), Is.EqualTo("on"), $"{folder}: the ReadyToRun step did not run");
        Assert.Multiple(() =>
        {
            foreach (var file in files)
            {
                Assert.That(IsReadyToRun(Path.Combine(folder, file)), Is.True, $"{file} next to {program} is plain IL");
            }
        });
    }

    /// <summary>A ReadyToRun image keeps its IL and metadata and adds native code the CLR header points at.</summary>
    public static bool IsReadyToRun(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = new PEReader(stream);
        var header = reader.PEHeaders.CorHeader;
        return header is not null
            && header.ManagedNativeHeaderDirectory.Size > 0
            && (header.Flags & CorFlags.ILLibrary) != 0;
    }

    /// <summary>The program's own output folder in the configuration these tests were built in (bench scripts run it there).</summary>
    public static string OutputFolder(string project, string program)
    {
        var configuration = Assembly.GetExecutingAssembly().GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        var folder = Path.Combine(RepositoryRoot(), "server", project, "bin", configuration, "net10.0");
        Assert.That(File.Exists(Path.Combine(folder, program + ".dll")), Is.True, $"no build of {program} in {folder}");
        return folder;
    }

    /// <summary>GitOpsAiReadyToRun as this test project's build saw it (its AssemblyMetadata).</summary>
    private static string BuildSetting() =>
        Assembly.GetExecutingAssembly().GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(attribute => attribute.Key == "GitOpsAiReadyToRun")?.Value ?? "";

    /// <summary>"readytorun: on|off|fallback" and "reason: …" lines ("compiled: file" lines are left out).</summary>
    private static Dictionary<string, string> ReadMarker(string path)
    {
        Assert.That(File.Exists(path), Is.True, $"{path}: the build did not record its ReadyToRun step");
        return File.ReadAllLines(path)
            .Select(line => line.Split(": ", 2))
            .Where(parts => parts.Length == 2 && parts[0] != "compiled")
            .ToDictionary(parts => parts[0], parts => parts[1]);
    }

    private static string RepositoryRoot()
    {
        for (var directory = AppContext.BaseDirectory; directory is not null; directory = Path.GetDirectoryName(directory))
        {
            if (File.Exists(Path.Combine(directory, "GitOpsAi.sln")))
            {
                return directory;
            }
        }

        throw new InvalidOperationException("the tests do not run inside a GitOpsAi checkout");
    }
}
