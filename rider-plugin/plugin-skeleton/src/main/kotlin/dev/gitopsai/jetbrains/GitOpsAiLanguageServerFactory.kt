// Skeleton only: not built in this repository. Written from lsp4ij's docs/DeveloperGuide.md.
package dev.gitopsai.jetbrains

import com.google.gson.JsonObject
import com.google.gson.JsonParser
import com.intellij.execution.configurations.GeneralCommandLine
import com.intellij.openapi.project.Project
import com.redhat.devtools.lsp4ij.LanguageServerFactory
import com.redhat.devtools.lsp4ij.ServerStatus
import com.redhat.devtools.lsp4ij.client.LanguageClientImpl
import com.redhat.devtools.lsp4ij.server.OSProcessStreamConnectionProvider
import com.redhat.devtools.lsp4ij.server.StreamConnectionProvider
import java.io.InputStreamReader
import java.nio.file.Paths

/** Registered in plugin.xml with the com.redhat.devtools.lsp4ij.server extension point. */
class GitOpsAiLanguageServerFactory : LanguageServerFactory {
    override fun createConnectionProvider(project: Project): StreamConnectionProvider = GitOpsAiLanguageServer()

    override fun createLanguageClient(project: Project): LanguageClientImpl = GitOpsAiLanguageClient(project)
}

/**
 * Starts `dotnet <dll> --stdio`. The dll is $GITOPSAI_SERVER_DLL, else ~/.gitopsai/server/GitOpsAi.LanguageServer.dll
 * (the place the lsp4ij template and the README install it).
 */
class GitOpsAiLanguageServer : OSProcessStreamConnectionProvider(
    GeneralCommandLine("dotnet", serverDll(), "--stdio")
        .withParentEnvironmentType(GeneralCommandLine.ParentEnvironmentType.CONSOLE),
) {
    companion object {
        fun serverDll(): String =
            System.getenv("GITOPSAI_SERVER_DLL")
                ?: Paths.get(System.getProperty("user.home"), ".gitopsai", "server", "GitOpsAi.LanguageServer.dll").toString()
    }
}

/**
 * Answers workspace/configuration from the bundled settings (lsp4ij's LanguageClientImpl.findSettings looks the section
 * up in createSettings()) and pushes them with workspace/didChangeConfiguration once the server has started.
 */
class GitOpsAiLanguageClient(project: Project) : LanguageClientImpl(project) {
    override fun createSettings(): Any =
        GitOpsAiLanguageClient::class.java.getResourceAsStream("/gitopsai/settings.json")
            ?.use { JsonParser.parseReader(InputStreamReader(it, Charsets.UTF_8)).asJsonObject }
            ?: JsonObject().apply { add("gitopsAi", JsonObject()) }

    override fun handleServerStatusChanged(serverStatus: ServerStatus) {
        if (serverStatus == ServerStatus.started) {
            triggerChangeConfiguration()
        }
    }
}
