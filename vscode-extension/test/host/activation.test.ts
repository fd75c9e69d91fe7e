// Loads the bundled extension (src/extension.ts with vscode-languageclient inside, as esbuild ships it) into a
// stand-in `vscode` module and drives it: activation in a GitOps workspace, the real server reaching "running",
// the restart command, a wrong dotnet path, deactivation.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { COMMANDS, SERVER_COMMANDS } from '../../src/ids';
import { extensionRoot } from '../paths';
import { createFakeVscode, FakeVscode } from './fakeVscode';

interface ExtensionModule {
  activate(context: unknown): Promise<void>;
  deactivate(): Promise<void>;
}

const bundle = join(extensionRoot(), 'dist', 'host', 'extension.js');
const requireHere = createRequire(__filename);
const moduleInternals = Module as unknown as { _load: (request: string, parent: unknown, isMain: boolean) => unknown };
let current: FakeVscode | undefined;
const originalLoad = moduleInternals._load;

/** A fresh copy of the bundle bound to a fresh fake VS Code. */
let loaded: ExtensionModule | undefined;

function loadExtension(fake: FakeVscode): ExtensionModule {
  current = fake;
  delete requireHere.cache[bundle];
  loaded = requireHere(bundle) as ExtensionModule;
  return loaded;
}

function context(): unknown {
  const root = extensionRoot();
  return { subscriptions: [] as { dispose(): unknown }[], extensionPath: root, extensionUri: { fsPath: root, scheme: 'file' } };
}

async function until(what: string, check: () => boolean, fake: FakeVscode, timeoutMs = 60_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) {
      assert.fail(`timed out waiting for ${what}\nstatus: ${fake.statusItems[0]?.history.join(' | ')}\nerrors: ${fake.errors.join('\n')}\noutput:\n${fake.output.join('\n')}`);
    }
    await new Promise(resolve => setTimeout(resolve, 50));
  }
}

describe('the bundled extension in a stand-in VS Code', { timeout: 180_000 }, () => {
  let workspace: string;

  before(() => {
    moduleInternals._load = function (request, parent, isMain) {
      if (request === 'vscode' && current !== undefined) {
        return current.module;
      }
      return originalLoad.call(this, request, parent, isMain);
    };
    workspace = mkdtempSync(join(tmpdir(), 'gitops-ai-host-'));
    writeFileSync(join(workspace, 'kustomization.yaml'), 'resources:\n  - app.yaml\n');
    writeFileSync(join(workspace, 'app.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n');
  });

  // A failed test must not leave a server running: the test process would never exit.
  afterEach(async () => {
    await loaded?.deactivate();
    loaded = undefined;
  });

  after(() => {
    moduleInternals._load = originalLoad;
    current = undefined;
    rmSync(workspace, { recursive: true, force: true });
  });

  it('activates, registers its commands, starts the server and shows it running; restarts and stops it', async () => {
    const fake = createFakeVscode(workspace, { 'gitopsAi.severityOverrides': { 'no-schema': 'None' }, 'gitopsAi.trace.server': 'verbose' });
    const extension = loadExtension(fake);
    await extension.activate(context());

    assert.deepEqual([...fake.commands.keys()].filter(id => id.startsWith('gitopsAi.')).sort(), [...Object.values(COMMANDS), ...Object.values(SERVER_COMMANDS)].sort());
    const status = fake.statusItems[0];
    assert.equal(status.command, COMMANDS.showOutput);
    await until('the running state', () => status.text === '$(check) GitOpsAi', fake);
    assert.ok(status.visible);
    assert.equal(status.history[0], '$(circle-slash) GitOpsAi', 'stopped until started');
    assert.ok(status.history.includes('$(loading~spin) GitOpsAi'), 'starting on the way');
    assert.match(String(status.tooltip), /^GitOpsAi language server: running\ngitops-ai \d+\.\d+\.\d+/);
    assert.ok(fake.output.some(line => /^\[info\] Starting the language server \((bundled|from the repository build)\): .*dotnet\S* \S+GitOpsAi\.LanguageServer\.dll --stdio$/.test(line)), fake.output.join('\n'));
    assert.deepEqual(fake.errors, []);
    await until('the server to pull its settings', () => fake.output.some(l => l.startsWith("[trace] Sending response 'workspace/configuration")), fake);
    // vscode-languageclient's own trace (gitopsAi.trace.server = verbose) shows what the middleware answered.
    const response = fake.output.find(l => l.startsWith("[trace] Sending response 'workspace/configuration"))!;
    assert.deepEqual(JSON.parse(response.slice(response.indexOf('Result: ') + 'Result: '.length)), [{
      validation: { schemas: true },
      schemas: { extraFolders: [] },
      severityOverrides: { 'no-schema': 'off' },
      trace: { server: 'verbose' },
      generation: { prefix: 'gitops:', provider: 'offline' },
    }]);
    const initialize = fake.output.find(l => l.startsWith("[trace] Sending request 'initialize"))!;
    assert.deepEqual(JSON.parse(initialize.slice(initialize.indexOf('Params: ') + 'Params: '.length)).initializationOptions.severityOverrides, { 'no-schema': 'off' });
    // Indexing progress reached the status bar through the handleWorkDoneProgress middleware.
    await until('indexing to end', () => fake.output.some(l => l.includes('"kind": "end"')), fake);
    assert.ok(status.history.some(text => text.startsWith('$(sync~spin) GitOpsAi: indexing')), status.history.join(' | '));
    assert.equal(status.text, '$(check) GitOpsAi');
    assert.ok(!fake.output.some(l => l.startsWith('[error]')), fake.output.filter(l => l.startsWith('[error]')).join('\n'));

    const before = status.history.length;
    await fake.commands.get(COMMANDS.restartServer)!();
    await until('running again after the restart', () => status.text === '$(check) GitOpsAi', fake);
    const during = status.history.slice(before);
    assert.ok(during.includes('$(circle-slash) GitOpsAi'), `stopped during the restart: ${during.join(' | ')}`);
    assert.ok(fake.output.some(line => line.includes('Restarting the language server.')));

    await extension.deactivate();
    assert.equal(status.text, '$(circle-slash) GitOpsAi');
    assert.deepEqual(fake.errors, []);
  });

  it('shows the fix for a wrong gitopsAi.dotnet.path, without a stack trace, and turns the status red', async () => {
    const fake = createFakeVscode(workspace, { 'gitopsAi.dotnet.path': join(workspace, 'no-such-dotnet') });
    const extension = loadExtension(fake);
    await extension.activate(context());
    const status = fake.statusItems[0];
    await until('the error state', () => status.text === '$(error) GitOpsAi', fake);

    assert.equal(fake.errors.length, 1);
    const [message] = fake.errors;
    assert.match(message, /^GitOpsAi: "gitopsAi\.dotnet\.path" is set to .*no-such-dotnet, but there is no dotnet executable there\. Point it at the dotnet executable/);
    assert.doesNotMatch(message, /\n\s+at /);
    assert.ok(status.backgroundColor !== undefined, 'an error background');
    assert.match(String(status.tooltip), /GitOpsAi language server: error\n"gitopsAi\.dotnet\.path" is set to/);

    // Clearing the setting restarts the server, which then finds dotnet on PATH.
    delete fake.settings['gitopsAi.dotnet.path'];
    fake.fireConfigurationChange(['gitopsAi.dotnet.path']);
    await until('running once the setting is fixed', () => status.text === '$(check) GitOpsAi', fake);
    await extension.deactivate();
  });

  it('outside a GitOps repository, waits for a manifest to be opened before starting the server', async () => {
    const fake = createFakeVscode(workspace, {}, { hasMarkerFiles: false });
    const extension = loadExtension(fake);
    await extension.activate(context());
    const status = fake.statusItems[0];
    fake.openDocument(join(workspace, '.github', 'workflows', 'ci.yml'), 'yaml', 'name: CI\non: push\n');
    fake.openDocument(join(workspace, 'notes.md'), 'markdown', 'apiVersion: v1\nkind: ConfigMap\n');
    await new Promise(resolve => setTimeout(resolve, 300));
    assert.equal(status.text, '$(circle-slash) GitOpsAi');
    assert.equal(status.visible, false, 'no status item until the server is wanted');
    assert.ok(!fake.output.some(line => line.includes('Starting the language server')));

    fake.openDocument(join(workspace, 'app.yaml'), 'yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n');
    await until('running once a manifest is open', () => status.text === '$(check) GitOpsAi', fake);
    await extension.deactivate();
  });
});
