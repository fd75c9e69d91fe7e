using GitOpsAi.Tests.ReadyToRun;

namespace GitOpsAi.LanguageServer.Tests;

/// <summary>
/// The language server as the repository builds it (Release) starts on precompiled (ReadyToRun) code for its own and its
/// hot assemblies, like the CLI (server/ReadyToRun/ReadyToRun.targets; docs/benchmarks.md "ReadyToRun in the build (r2r5)").
/// </summary>
public sealed class ReadyToRunBuildTests
{
    [Test]
    public void The_release_build_of_the_server_holds_precompiled_images_of_its_own_and_its_hot_assemblies()
    {
        ReadyToRunImages.AssertPrecompiled("GitOpsAi.LanguageServer", "GitOpsAi.LanguageServer",
            ["GitOpsAi.LanguageServer.dll", "GitOpsAi.Core.dll", "YamlDotNet.dll", "StreamJsonRpc.dll", "Nerdbank.Streams.dll"]);
    }
}
