// Starts the real C# language server with the command line the extension would use, and talks LSP to it over stdio
// the way vscode-languageclient does: initialize (with the mapped settings), workspace/configuration, $/progress,
// diagnostics, a settings push, shutdown and exit. VS Code itself cannot run here; this keeps the thin UI honest.
import assert from 'node:assert/strict';
import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import {
  ConfigurationRequest,
  createProtocolConnection,
  DidChangeConfigurationNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  InitializeResult,
  LogMessageNotification,
  ProtocolConnection,
  PublishDiagnosticsNotification,
  PublishDiagnosticsParams,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  WorkDoneProgress,
  WorkDoneProgressCreateRequest,
} from 'vscode-languageserver-protocol/node';
import { describeLaunchError, parseRuntimeConfig, verifyRuntime } from '../../src/dotnet';
import { SETTINGS_SECTION } from '../../src/ids';
import { currentHost, execText, nodeFileProbe, readTextIfExists } from '../../src/node';
import { describeLaunch, resolveServerLaunch, ServerLaunch } from '../../src/serverLaunch';
import { didChangeConfigurationParams, mapSettings } from '../../src/settings';
import { formatStatus, ProgressTracker, ProgressValue } from '../../src/status';
import { extensionRoot } from '../paths';

const TIMEOUT = 60_000;

const DEPLOYMENT_WITH_TYPO = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replica: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
`;

const KUSTOMIZATION_WITH_MISSING_FILE = `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - deployment.yaml
  - later.yaml
`;

/** Resolves the server as the extension does (`npm test` builds it first when there is none). */
function resolveLaunch(): ServerLaunch {
  const result = resolveServerLaunch(
    { serverPath: process.env.GITOPSAI_SERVER_PATH, dotnetPath: process.env.GITOPSAI_DOTNET_PATH },
    { extensionPath: extensionRoot(), host: currentHost(), fs: nodeFileProbe },
  );
  if (!result.ok) {
    assert.fail(describeLaunchError(result.error));
  }
  return result.launch;
}

/** Resolves with the first value the predicate accepts, among those pushed so far and later. */
class Waiter<T> {
  private readonly seen: T[] = [];
  private readonly pending: { accept: (value: T) => boolean; resolve: (value: T) => void }[] = [];

  push(value: T): void {
    this.seen.push(value);
    for (const waiter of this.pending.splice(0)) {
      if (waiter.accept(value)) {
        waiter.resolve(value);
      } else {
        this.pending.push(waiter);
      }
    }
  }

  wait(accept: (value: T) => boolean, what: string, timeoutMs = TIMEOUT): Promise<T> {
    const found = this.seen.find(accept);
    if (found !== undefined) {
      return Promise.resolve(found);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), timeoutMs);
      this.pending.push({ accept, resolve: value => {
        clearTimeout(timer);
        resolve(value);
      } });
    });
  }
}

describe('the real language server, started with the resolved command line', { timeout: 5 * TIMEOUT }, () => {
  let launch: ServerLaunch;
  let server: ChildProcessWithoutNullStreams;
  let connection: ProtocolConnection;
  let exited: Promise<number | null>;
  let workspace: string;
  let stderr = '';
  const logs: string[] = [];
  const diagnostics = new Waiter<PublishDiagnosticsParams>();
  const progressKinds = new Waiter<string>();
  const configurationRequests = new Waiter<string | undefined>();
  const tracker = new ProgressTracker();
  const statusTexts: string[] = [];

  // The user's settings as VS Code would return them, with the spellings people type.
  let userSettings: Record<string, unknown> = {
    'validation.schemas': true,
    'schemas.extraFolders': [],
    severityOverrides: { 'schema-unknown-field': 'Hint', 'kustomize-path-not-found': 'off' },
    'trace.server': 'off',
  };
  const mapped = () => mapSettings(key => userSettings[key], currentHost(), workspace).settings;

  before(() => {
    launch = resolveLaunch();
    workspace = mkdtempSync(join(tmpdir(), 'gitops-ai-vscode-'));
    writeFileSync(join(workspace, 'deployment.yaml'), DEPLOYMENT_WITH_TYPO);
    writeFileSync(join(workspace, 'kustomization.yaml'), KUSTOMIZATION_WITH_MISSING_FILE);

    server = spawn(launch.command, launch.args, { cwd: workspace, stdio: 'pipe' });
    exited = new Promise(resolve => server.on('exit', code => resolve(code)));
    server.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    connection = createProtocolConnection(new StreamMessageReader(server.stdout), new StreamMessageWriter(server.stdin));
    connection.onNotification(PublishDiagnosticsNotification.type, params => diagnostics.push(params));
    connection.onNotification(LogMessageNotification.type, params => {
      logs.push(`[${params.type}] ${params.message}`);
    });
    connection.onRequest(ConfigurationRequest.type, params => {
      return params.items.map(item => {
        configurationRequests.push(item.section);
        return item.section === SETTINGS_SECTION ? mapped() : null;
      });
    });
    connection.onRequest(WorkDoneProgressCreateRequest.type, ({ token }) => {
      connection.onProgress(WorkDoneProgress.type, token, value => {
        tracker.update(token, value as ProgressValue);
        statusTexts.push(formatStatus('running', tracker).text);
        progressKinds.push(value.kind);
      });
    });
    connection.listen();
  });

  after(async () => {
    connection?.dispose();
    if (server && server.exitCode === null) {
      server.kill();
    }
    if (workspace) {
      rmSync(workspace, { recursive: true, force: true });
    }
  });

  const context = () => `\ncommand: ${describeLaunch(launch)}\nserver log:\n${logs.join('\n')}\nstderr:\n${stderr}`;

  it('passes the runtime check the extension makes before starting it', async () => {
    if (launch.dotnet === undefined) {
      return; // an executable from GITOPSAI_SERVER_PATH: nothing to check
    }
    const required = parseRuntimeConfig(readTextIfExists(launch.runtimeConfig) ?? '');
    assert.equal(required?.version.major, 10, 'the server targets .NET 10');
    assert.equal(await verifyRuntime(launch.dotnet, required, execText), undefined);
    assert.deepEqual(launch.args.slice(-1), ['--stdio']);
  });

  it('answers initialize with its capabilities and name', async () => {
    const rootUri = pathToFileURL(workspace).href;
    const result: InitializeResult = await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      clientInfo: { name: 'gitops-ai-vscode-test' },
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: 'repo' }],
      initializationOptions: mapped(),
      capabilities: {
        workspace: { configuration: true, workspaceFolders: true, didChangeConfiguration: { dynamicRegistration: false } },
        window: { workDoneProgress: true },
        textDocument: { publishDiagnostics: { versionSupport: true }, synchronization: { didSave: true } },
      },
    });
    assert.equal(result.serverInfo?.name, 'gitops-ai', context());
    const capabilities = result.capabilities;
    const sync = capabilities.textDocumentSync;
    assert.equal(typeof sync === 'object' ? sync.change : sync, 2, 'incremental sync');
    assert.equal(capabilities.hoverProvider, true);
    assert.equal(capabilities.definitionProvider, true);
    assert.equal(capabilities.documentSymbolProvider, true);
    assert.ok(capabilities.completionProvider);
    assert.ok(capabilities.codeActionProvider);
    assert.ok(capabilities.diagnosticProvider);
    await connection.sendNotification(InitializedNotification.type, {});
  });

  it('pulls the gitopsAi section and reports indexing progress the status bar shows', async () => {
    await configurationRequests.wait(section => section === SETTINGS_SECTION, 'workspace/configuration for gitopsAi');
    await progressKinds.wait(kind => kind === 'end', 'the end of indexing');
    assert.ok(statusTexts.some(text => text.startsWith('$(sync~spin) GitOpsAi: indexing')), `status texts: ${statusTexts.join(' | ')}`);
    assert.equal(formatStatus('running', tracker).text, '$(check) GitOpsAi');
  });

  it('applies the mapped severity overrides to its diagnostics', async () => {
    const deployment = pathToFileURL(join(workspace, 'deployment.yaml')).href;
    const kustomization = pathToFileURL(join(workspace, 'kustomization.yaml')).href;
    await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: deployment, languageId: 'yaml', version: 1, text: DEPLOYMENT_WITH_TYPO } });
    await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: kustomization, languageId: 'yaml', version: 1, text: KUSTOMIZATION_WITH_MISSING_FILE } });

    const typo = await diagnostics.wait(p => p.uri === deployment && p.diagnostics.some(d => d.code === 'schema-unknown-field'), 'the unknown field diagnostic');
    const unknownField = typo.diagnostics.find(d => d.code === 'schema-unknown-field')!;
    assert.equal(unknownField.severity, 4, `"Hint" became the server's hint${context()}`);
    assert.equal(unknownField.range.start.line, 5);

    const kustomize = await diagnostics.wait(p => p.uri === kustomization, 'diagnostics for kustomization.yaml');
    assert.ok(!kustomize.diagnostics.some(d => d.code === 'kustomize-path-not-found'), `"off" hid the missing path: ${JSON.stringify(kustomize.diagnostics)}`);
  });

  it('takes pushed settings changes (workspace/didChangeConfiguration)', async () => {
    const kustomization = pathToFileURL(join(workspace, 'kustomization.yaml')).href;
    userSettings = { ...userSettings, severityOverrides: { 'kustomize-path-not-found': 'warn' } };
    await connection.sendNotification(DidChangeConfigurationNotification.type, didChangeConfigurationParams(mapped()));
    const published = await diagnostics.wait(
      p => p.uri === kustomization && p.diagnostics.some(d => d.code === 'kustomize-path-not-found'),
      'the missing path after the settings change');
    const missing = published.diagnostics.find(d => d.code === 'kustomize-path-not-found')!;
    assert.equal(missing.severity, 2, '"warn" became the server\'s warning');
    assert.match(typeof missing.message === 'string' ? missing.message : missing.message.value, /later\.yaml/);
  });

  it('shuts down and exits with 0', async () => {
    await connection.sendRequest(ShutdownRequest.type);
    await connection.sendNotification(ExitNotification.type);
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([exited, new Promise<string>(resolve => {
      timer = setTimeout(() => resolve('still running'), 15_000);
    })]);
    clearTimeout(timer);
    assert.equal(code, 0, context());
  });
});
