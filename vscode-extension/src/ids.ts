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
  generate: 'gitopsAi.generateManifests',
  setApiKey: 'gitopsAi.setGenerationApiKey',
  /** The server's "Copy the kubectl command that restores Git" code action: the editor copies, nothing is run. */
  copyToClipboard: 'gitopsAi.copyToClipboard',
} as const;

/** Where the generation provider's API key is kept (VS Code secret storage), and how the server receives it. */
export const API_KEY_SECRET = 'gitopsAi.generation.apiKey';
export const API_KEY_ENV = 'GITOPS_AI_API_KEY';

/** The server's notification of the cluster's state for drift (see clusterStatus.ts). */
export const CLUSTER_STATUS_NOTIFICATION = 'gitopsAi/clusterStatus';

/** Commands the server's code actions invoke (not in the palette: they take the server's arguments). */
export const SERVER_COMMANDS = {
  handOverSecretValues: 'gitopsAi.handOverSecretValues',
} as const;

/** Server commands the extension sends itself (workspace/executeCommand). */
export const SERVER_SIDE_COMMANDS = {
  takeSecretValues: 'gitops-ai.takeSecretValues',
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
