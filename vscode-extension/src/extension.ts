// The VS Code side: wires the plain modules (server resolution, settings, status text) to the editor's API and
// hosts the C# language server with vscode-languageclient. No analysis happens here.
import * as readline from 'node:readline';
import * as vscode from 'vscode';
import {
  DidChangeConfigurationNotification,
  LanguageClient,
  LanguageClientOptions,
  RevealOutputChannelOn,
  ServerOptions,
  State,
} from 'vscode-languageclient/node';
import { describeLaunchError, LaunchError, parseRuntimeConfig, verifyRuntime } from './dotnet';
import { looksLikeGitOpsDocument, workspaceGlob } from './gitops';
import { CLIENT_ID, CLIENT_NAME, COMMANDS, DOCUMENT_SELECTOR, EXTENSION_ID, OUTPUT_CHANNEL_NAME, SETTINGS_SECTION } from './ids';
import { currentHost, execText, nodeFileProbe, readTextIfExists } from './node';
import { acquireDotnet, canAcquire, DotnetAcquireResult } from './runtimeAcquisition';
import { describeLaunch, LaunchSettings, resolveServerLaunch, ServerLaunch } from './serverLaunch';
import { changeNeedsRestart, didChangeConfigurationParams, mapSettings, ServerSettingsPayload, SETTING_KEYS } from './settings';
import { formatStatus, ProgressTracker, ProgressValue, ServerState, stderrLevel } from './status';

interface Session {
  client: LanguageClient;
  stopRequested: boolean;
}

class GitOpsAiExtension implements vscode.Disposable {
  private readonly channel: vscode.LogOutputChannel;
  private readonly statusItem: vscode.StatusBarItem;
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
    this.disposables.push(this.channel, this.statusItem);
    this.render();
  }

  async activate(): Promise<void> {
    this.disposables.push(
      vscode.commands.registerCommand(COMMANDS.restartServer, () => this.restart()),
      vscode.commands.registerCommand(COMMANDS.showOutput, () => this.channel.show(true)),
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

    const executable = { command: launch.command, args: launch.args, options: { env: { ...process.env } } };
    const serverOptions: ServerOptions = { run: executable, debug: executable };
    const client = new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, this.clientOptions());
    const session: Session = { client, stopRequested: false };
    this.session = session;
    client.onDidChangeState(e => this.onClientState(session, e.newState));
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
