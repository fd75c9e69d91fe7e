// The VS Code side: wires the plain modules (server resolution, settings, status text) to the editor's API and
// hosts the C# language server with vscode-languageclient. No analysis happens here.
import { writeFile, readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import * as readline from 'node:readline';
import * as vscode from 'vscode';
import {
  DidChangeConfigurationNotification,
  ExecuteCommandRequest,
  LanguageClient,
  LanguageClientOptions,
  RevealOutputChannelOn,
  ServerOptions,
  State,
  StaticFeature,
} from 'vscode-languageclient/node';
import { describeLaunchError, LaunchError, parseRuntimeConfig, verifyRuntime } from './dotnet';
import { argumentsFor, GenerateArguments, GenerateResult, Outcome, runGenerate, SERVER_GENERATE_COMMAND } from './generate';
import { looksLikeGitOpsDocument, workspaceGlob } from './gitops';
import { API_KEY_ENV, API_KEY_SECRET, CLIENT_ID, CLIENT_NAME, CLUSTER_STATUS_NOTIFICATION, COMMANDS, DOCUMENT_SELECTOR, EXTENSION_ID, OUTPUT_CHANNEL_NAME, SERVER_COMMANDS, SERVER_SIDE_COMMANDS, SETTINGS_SECTION } from './ids';
import { ClusterStatus, formatClusterStatus } from './clusterStatus';
import { currentHost, execText, nodeFileProbe, readTextIfExists } from './node';
import { acquireDotnet, canAcquire, DotnetAcquireResult } from './runtimeAcquisition';
import { handOverSecretValues, isPayload, SecretValuesUi } from './secretValues';
import { describeLaunch, LaunchSettings, resolveServerLaunch, ServerLaunch } from './serverLaunch';
import { changeNeedsRestart, didChangeConfigurationParams, mapSettings, ServerSettingsPayload, SETTING_KEYS } from './settings';
import { formatStatus, ProgressTracker, ProgressValue, ServerState, stderrLevel } from './status';

interface Session {
  client: LanguageClient;
  stopRequested: boolean;
}

/** Tells the server this client runs `gitopsAi.handOverSecretValues` itself (else the server writes the values). */
const secretValuesFeature: StaticFeature = {
  fillClientCapabilities: capabilities => {
    capabilities.experimental = { ...(capabilities.experimental as object | undefined), gitopsAi: { handOverSecretValues: true } };
  },
  initialize: () => undefined,
  getState: () => ({ kind: 'static' }),
  clear: () => undefined,
};

class GitOpsAiExtension implements vscode.Disposable {
  private readonly channel: vscode.LogOutputChannel;
  private readonly statusItem: vscode.StatusBarItem;
  private readonly clusterItem: vscode.StatusBarItem;
  private readonly progress = new ProgressTracker();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly loggedWarnings = new Set<string>();
  private session: Session | undefined;
  private state: ServerState = 'stopped';
  private detail: string | undefined;
  private wanted = false;
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly context: vscode.ExtensionContext) {
    this.channel = vscode.window.createOutputChannel(OUTPUT_CHANNEL_NAME, { log: true });
    this.statusItem = vscode.window.createStatusBarItem('gitopsAi.status', vscode.StatusBarAlignment.Right, 100);
    this.statusItem.name = 'GitOpsAi';
    this.statusItem.command = COMMANDS.showOutput;
    this.clusterItem = vscode.window.createStatusBarItem('gitopsAi.cluster', vscode.StatusBarAlignment.Right, 99);
    this.clusterItem.name = 'GitOpsAi cluster drift';
    this.clusterItem.command = COMMANDS.showOutput;
    this.disposables.push(this.channel, this.statusItem, this.clusterItem);
    this.render();
  }

  async activate(): Promise<void> {
    this.disposables.push(
      vscode.commands.registerCommand(COMMANDS.restartServer, () => this.restart()),
      vscode.commands.registerCommand(COMMANDS.showOutput, () => this.channel.show(true)),
      vscode.commands.registerCommand(COMMANDS.generate, () => this.generateFromEditor()),
      vscode.commands.registerCommand(COMMANDS.setApiKey, () => this.setApiKey()),
      // The server's "Copy the kubectl command that restores Git": copied for the user to run, never run here.
      vscode.commands.registerCommand(COMMANDS.copyToClipboard, async (text?: unknown) => {
        if (typeof text === 'string') {
          await vscode.env.clipboard.writeText(text);
          void vscode.window.setStatusBarMessage('GitOpsAi: kubectl command copied', 3000);
        }
      }),
      vscode.commands.registerCommand(SERVER_COMMANDS.handOverSecretValues, (payload: unknown) => this.handOverSecretValues(payload)),
      vscode.workspace.onDidChangeConfiguration(e => this.onConfigurationChanged(e)),
    );

    if (await this.workspaceLooksLikeGitOps()) {
      void this.start();
      return;
    }
    // Activated by a YAML file outside a GitOps repository: wait for a manifest or a kustomization to be opened.
    const waiting = vscode.workspace.onDidOpenTextDocument(document => {
      if (this.isGitOpsDocument(document)) {
        waiting.dispose();
        void this.start();
      }
    });
    this.disposables.push(waiting);
  }

  private isGitOpsDocument(document: vscode.TextDocument): boolean {
    const selected = DOCUMENT_SELECTOR.some(s => s.scheme === document.uri.scheme && s.language === document.languageId);
    return selected && looksLikeGitOpsDocument(document.fileName, document.getText());
  }

  private async workspaceLooksLikeGitOps(): Promise<boolean> {
    if (vscode.workspace.textDocuments.some(d => this.isGitOpsDocument(d))) {
      return true;
    }
    if (!vscode.workspace.workspaceFolders?.length) {
      return false;
    }
    try {
      return (await vscode.workspace.findFiles(workspaceGlob(), '**/node_modules/**', 1)).length > 0;
    } catch {
      return false;
    }
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    this.queue = this.queue.then(task, task);
    return this.queue;
  }

  start(): Promise<void> {
    this.wanted = true;
    return this.enqueue(() => this.startNow());
  }

  restart(): Promise<void> {
    this.wanted = true;
    return this.enqueue(async () => {
      this.channel.info('Restarting the language server.');
      await this.stopNow();
      await this.startNow();
    });
  }

  /** How to start the server, with its .NET runtime checked: the launch, or the problem to show. */
  private async resolveLaunch(settings: LaunchSettings): Promise<{ ok: true; launch: ServerLaunch } | { ok: false; error: LaunchError }> {
    const resolved = resolveServerLaunch(settings, { extensionPath: this.context.extensionPath, host: currentHost(), fs: nodeFileProbe, workspaceFolder: this.firstFolder() });
    if (!resolved.ok) {
      return resolved;
    }
    const launch = resolved.launch;
    this.channel.info(describeLaunch(launch));
    if (launch.dotnet !== undefined) {
      const required = parseRuntimeConfig(readTextIfExists(launch.runtimeConfig) ?? '');
      const problem = await verifyRuntime(launch.dotnet, required, execText);
      if (problem !== undefined) {
        return { ok: false, error: problem };
      }
    }
    return resolved;
  }

  private async startNow(): Promise<void> {
    if (this.session !== undefined) {
      return;
    }
    this.statusItem.show();
    this.setState('starting');

    const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
    const settings: LaunchSettings = { serverPath: config.get<string>(SETTING_KEYS.serverPath), dotnetPath: config.get<string>(SETTING_KEYS.dotnetPath) };
    let problem = await this.resolveLaunch(settings);
    if (!problem.ok && canAcquire(problem.error, settings.dotnetPath)) {
      // No suitable .NET here: get one through the .NET Install Tool instead of sending the user to install it.
      this.channel.info(`${describeLaunchError(problem.error)} Asking the .NET Install Tool for the runtime.`);
      const run = (command: string, args: { version: string; requestingExtensionId: string }) => vscode.commands.executeCommand<DotnetAcquireResult | undefined>(command, args);
      const acquired = await acquireDotnet(run, EXTENSION_ID, problem.error);
      problem = acquired.ok ? await this.resolveLaunch({ ...settings, dotnetPath: acquired.dotnet }) : acquired;
    }
    if (!problem.ok) {
      this.fail(problem.error);
      return;
    }
    const launch = problem.launch;

    // The provider's key travels from the secret storage to the server's environment only, never through settings.
    const apiKey = await this.context.secrets?.get(API_KEY_SECRET);
    const env = apiKey ? { ...process.env, [API_KEY_ENV]: apiKey } : { ...process.env };
    const executable = { command: launch.command, args: launch.args, options: { env } };
    const serverOptions: ServerOptions = { run: executable, debug: executable };
    const client = new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, this.clientOptions());
    client.registerFeature(secretValuesFeature);
    const session: Session = { client, stopRequested: false };
    this.session = session;
    client.onDidChangeState(e => this.onClientState(session, e.newState));
    client.onNotification(CLUSTER_STATUS_NOTIFICATION, (status: ClusterStatus) => this.renderCluster(status));
    try {
      await client.start();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.channel.error(`The language server did not start: ${message}`);
      if (this.session === session) {
        this.session = undefined;
      }
      session.stopRequested = true;
      await client.dispose().catch(() => undefined);
      this.setState('error', `The server did not start: ${message}`);
      void vscode.window.showErrorMessage(`GitOpsAi: the language server did not start: ${message}`, 'Show Output').then(choice => {
        if (choice !== undefined) {
          this.channel.show(true);
        }
      });
    }
  }

  private renderCluster(status: ClusterStatus): void {
    const view = formatClusterStatus(status);
    if (view === undefined) {
      this.clusterItem.hide();
      return;
    }
    this.clusterItem.text = view.text;
    this.clusterItem.tooltip = view.tooltip;
    this.clusterItem.backgroundColor = view.level === 'error'
      ? new vscode.ThemeColor('statusBarItem.errorBackground')
      : view.level === 'warning' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.clusterItem.show();
  }

  private async stopNow(): Promise<void> {
    const session = this.session;
    this.session = undefined;
    this.progress.clear();
    if (session === undefined) {
      return;
    }
    session.stopRequested = true;
    try {
      await session.client.dispose(5000);
    } catch (error) {
      this.channel.warn(`Stopping the language server: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.setState('stopped');
  }

  private onClientState(session: Session, state: State): void {
    if (this.session !== session) {
      return;
    }
    switch (state) {
      case State.Starting:
        this.setState('starting');
        break;
      case State.Running: {
        const info = session.client.initializeResult?.serverInfo;
        this.setState('running', info ? `${info.name}${info.version ? ` ${info.version}` : ''}` : undefined);
        break;
      }
      case State.Stopped:
        this.progress.clear();
        if (session.stopRequested) {
          this.setState('stopped');
        } else {
          this.setState('error', `The server stopped unexpectedly. Run "GitOpsAi: Restart Server" to start it again.`);
        }
        break;
    }
  }

  private clientOptions(): LanguageClientOptions {
    return {
      documentSelector: DOCUMENT_SELECTOR.map(s => ({ ...s })),
      outputChannel: this.channel,
      traceOutputChannel: this.channel,
      revealOutputChannelOn: RevealOutputChannelOn.Never,
      stdioOptions: {
        // With the stdio transport stdout carries the protocol and is never handed here.
        stdout: (input, channel) => {
          readline.createInterface({ input, crlfDelay: Infinity }).on('line', line => channel.info(line));
        },
        stderr: (input, channel) => {
          readline.createInterface({ input, crlfDelay: Infinity }).on('line', line => channel[stderrLevel(line)](line));
        },
      },
      initializationOptions: () => this.serverSettings(),
      middleware: {
        workspace: {
          // The server pulls the `gitopsAi` section: answer with the mapped settings rather than the raw ones.
          configuration: async (params, token, next) => {
            const result = await next(params, token);
            if (!Array.isArray(result)) {
              return result;
            }
            return params.items.map((item, i) =>
              item.section === SETTINGS_SECTION ? this.serverSettings(item.scopeUri) : result[i]);
          },
        },
        // The server's generate command (code action, code lens) runs with cancellable progress: a model can be slow.
        executeCommand: (command, args, next) =>
          command === SERVER_GENERATE_COMMAND && args[0] !== undefined ? this.generate(args[0] as GenerateArguments) : next(command, args),
        // The status bar item shows indexing progress; only the end reaches the client's own window progress,
        // which then has nothing to show twice.
        handleWorkDoneProgress: (token, params, next) => {
          if (this.progress.update(token, params as ProgressValue)) {
            this.render();
          }
          if (params.kind === 'end') {
            next(token, params);
          }
        },
      },
    };
  }

  /**
   * Runs after the server's ExternalSecret conversion was applied: fetches the values it took out of the Secret (kept
   * by the server since the action was resolved, handed out once) and hands them over (clipboard or a file).
   */
  private async handOverSecretValues(reference: unknown): Promise<void> {
    const client = this.session?.client;
    let payload: unknown;
    try {
      payload = await client?.sendRequest('workspace/executeCommand', { command: SERVER_SIDE_COMMANDS.takeSecretValues, arguments: [reference] });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      void vscode.window.showErrorMessage(`GitOpsAi: the secret values are not available: ${message}`);
      return;
    }
    if (!isPayload(payload)) {
      this.channel.warn('The server sent no secret values to hand over.');
      return;
    }
    const ui: SecretValuesUi = {
      pick: async (labels, placeHolder) => vscode.window.showQuickPick(labels, { placeHolder, ignoreFocusOut: true }),
      saveDialog: async defaultPath => (await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.file(defaultPath), title: 'Save the secret values' }))?.fsPath,
      copyToClipboard: async text => vscode.env.clipboard.writeText(text),
      readText: async file => readFile(file, 'utf8').catch(() => undefined),
      writeText: async (file, text, options) => writeFile(file, text, { flag: options.exclusive ? 'wx' : 'w', mode: options.privateMode ? 0o600 : 0o644 }),
      info: message => void vscode.window.showInformationMessage(message),
      homeDirectory: homedir(),
    };
    try {
      this.channel.info(`Secret values of ${payload.fileName}: ${await handOverSecretValues(payload, ui)}.`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      void vscode.window.showErrorMessage(`GitOpsAi: the secret values could not be saved: ${message}`);
    }
  }

  private serverSettings(scopeUri?: string): ServerSettingsPayload {
    const scope = scopeUri ? vscode.Uri.parse(scopeUri) : undefined;
    const config = vscode.workspace.getConfiguration(SETTINGS_SECTION, scope);
    const mapped = mapSettings(key => config.get(key), currentHost(), this.firstFolder());
    for (const warning of mapped.warnings) {
      if (!this.loggedWarnings.has(warning)) {
        this.loggedWarnings.add(warning);
        this.channel.warn(warning);
      }
    }
    return mapped.settings;
  }

  /** "Generate Manifests from Request...": the selection, or a request typed into an input box. */
  private async generateFromEditor(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    if (editor === undefined) {
      void vscode.window.showWarningMessage('GitOpsAi: open a YAML file to generate manifests into.');
      return;
    }
    const selection = { text: editor.document.getText(editor.selection), endLine: editor.selection.end.line };
    const typed = selection.text.trim() === ''
      ? await vscode.window.showInputBox({ prompt: 'What should GitOpsAi generate?', placeHolder: 'redis statefulset with 10Gi storage' })
      : undefined;
    const args = argumentsFor(editor.document.uri.toString(), selection, typed, this.serverSettings().generation.prefix);
    if (args !== undefined) {
      await this.generate(args);
    }
  }

  private async generate(args: GenerateArguments): Promise<void> {
    const client = this.session?.client;
    if (client === undefined || !client.isRunning()) {
      void vscode.window.showWarningMessage('GitOpsAi: the language server is not running.');
      return;
    }
    const outcome: Outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'GitOpsAi: generating manifests', cancellable: true },
      (_progress, token) => runGenerate(
        (a, t) => client.sendRequest(ExecuteCommandRequest.type, { command: SERVER_GENERATE_COMMAND, arguments: [a] }, t as vscode.CancellationToken) as Promise<GenerateResult | undefined>,
        args,
        token,
      ),
    );
    if (outcome.kind === 'refused') {
      void vscode.window.showErrorMessage(outcome.message);
    } else {
      void vscode.window.showInformationMessage(outcome.message);
    }
  }

  private async setApiKey(): Promise<void> {
    const key = await vscode.window.showInputBox({ prompt: 'API key for the generation provider (kept in VS Code secret storage)', password: true, ignoreFocusOut: true });
    if (key === undefined) {
      return;
    }
    if (key.trim() === '') {
      await this.context.secrets.delete(API_KEY_SECRET);
    } else {
      await this.context.secrets.store(API_KEY_SECRET, key.trim());
    }
    if (this.wanted) {
      await this.restart();
    }
  }

  private onConfigurationChanged(e: vscode.ConfigurationChangeEvent): void {
    if (!e.affectsConfiguration(SETTINGS_SECTION)) {
      return;
    }
    if (changeNeedsRestart(key => e.affectsConfiguration(`${SETTINGS_SECTION}.${key}`))) {
      if (this.wanted) {
        void this.restart();
      }
      return;
    }
    const client = this.session?.client;
    if (client?.isRunning()) {
      void client.sendNotification(DidChangeConfigurationNotification.type, didChangeConfigurationParams(this.serverSettings()));
    }
  }

  private fail(error: LaunchError): void {
    const text = describeLaunchError(error);
    this.channel.error(text);
    this.setState('error', error.message);
    const showOutput = 'Show Output';
    void vscode.window.showErrorMessage(`GitOpsAi: ${text}`, ...error.actions.map(a => a.title), showOutput).then(choice => {
      const action = error.actions.find(a => a.title === choice);
      if (choice === showOutput) {
        this.channel.show(true);
      } else if (action?.kind === 'openUrl') {
        void vscode.env.openExternal(vscode.Uri.parse(action.url));
      } else if (action?.kind === 'openSettings') {
        void vscode.commands.executeCommand('workbench.action.openSettings', action.setting);
      } else if (action?.kind === 'showOutput') {
        this.channel.show(true);
      }
    });
  }

  private setState(state: ServerState, detail?: string): void {
    this.state = state;
    this.detail = detail;
    if (state !== 'running') {
      this.progress.clear();
    }
    this.render();
  }

  private render(): void {
    const view = formatStatus(this.state, this.progress, this.detail);
    this.statusItem.text = view.text;
    this.statusItem.tooltip = view.tooltip;
    this.statusItem.backgroundColor = view.level === 'error'
      ? new vscode.ThemeColor('statusBarItem.errorBackground')
      : view.level === 'warning' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
  }

  private firstFolder(): string | undefined {
    const folder = vscode.workspace.workspaceFolders?.find(f => f.uri.scheme === 'file');
    return folder?.uri.fsPath;
  }

  async shutdown(): Promise<void> {
    await this.enqueue(() => this.stopNow());
  }

  dispose(): void {
    for (const disposable of this.disposables.splice(0)) {
      disposable.dispose();
    }
  }
}

let extension: GitOpsAiExtension | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  extension = new GitOpsAiExtension(context);
  context.subscriptions.push(extension);
  await extension.activate();
}

export async function deactivate(): Promise<void> {
  const current = extension;
  extension = undefined;
  await current?.shutdown();
}
