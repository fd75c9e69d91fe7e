// Names shared by the extension's wiring, its package.json and its tests. No `vscode` import here.

/** The settings section the server reads (workspace/configuration, initializationOptions, didChangeConfiguration). */
export const SETTINGS_SECTION = 'gitopsAi';

/** The client id: vscode-languageclient reads `<id>.trace.server` for its own message tracing. */
export const CLIENT_ID = 'gitopsAi';
export const CLIENT_NAME = 'GitOpsAi';
export const OUTPUT_CHANNEL_NAME = 'GitOpsAi';

export const COMMANDS = {
  restartServer: 'gitopsAi.restartServer',
  showOutput: 'gitopsAi.showOutput',
} as const;

/** YAML in files on disk and in unsaved editors. */
export const DOCUMENT_SELECTOR = [
  { scheme: 'file', language: 'yaml' },
  { scheme: 'untitled', language: 'yaml' },
] as const;

export const SERVER_DLL = 'GitOpsAi.LanguageServer.dll';
export const SERVER_RUNTIMECONFIG = 'GitOpsAi.LanguageServer.runtimeconfig.json';

/** Where the package script publishes the server, relative to the extension's folder. */
export const BUNDLED_SERVER_FOLDER = 'server';

/** `publisher.name` from package.json: who asks the .NET Install Tool for a runtime. */
export const EXTENSION_ID = 'gitops-ai.gitops-ai';

export const DOTNET_DOWNLOAD_URL = 'https://dotnet.microsoft.com/download/dotnet/10.0';
