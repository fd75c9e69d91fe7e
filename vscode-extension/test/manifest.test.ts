import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { GITOPS_WORKSPACE_PATTERNS, looksLikeGitOpsDocument, workspaceGlob } from '../src/gitops';
import { CLIENT_ID, COMMANDS, DOCUMENT_SELECTOR, SETTINGS_SECTION } from '../src/ids';
import { DEFAULT_SERVER_SETTINGS, SETTING_KEYS } from '../src/settings';
import { extensionRoot, repoRoot } from './paths';

interface Manifest {
  name: string;
  version: string;
  publisher: string;
  main: string;
  license: string;
  engines: { vscode: string };
  activationEvents: string[];
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  contributes: {
    commands: { command: string; title: string; category?: string }[];
    configuration: { properties: Record<string, { type: string; default: unknown; enum?: string[]; additionalProperties?: { enum?: string[] } }> };
  };
}

const manifest = JSON.parse(readFileSync(join(extensionRoot(), 'package.json'), 'utf8')) as Manifest;

describe('looksLikeGitOpsDocument', () => {
  it('accepts kustomization files by name, whatever they hold', () => {
    assert.ok(looksLikeGitOpsDocument('/repo/apps/kustomization.yaml', ''));
    assert.ok(looksLikeGitOpsDocument('C:\\repo\\apps\\kustomization.yml', ''));
    assert.ok(looksLikeGitOpsDocument('/repo/Kustomization', 'resources: []'));
  });

  it('accepts Kubernetes and GitOps manifests, also after other documents and comments', () => {
    assert.ok(looksLikeGitOpsDocument('/r/app.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: a\n'));
    assert.ok(looksLikeGitOpsDocument('/r/release.yaml', '# HelmRelease\n---\nkind: HelmRelease\napiVersion: "helm.toolkit.fluxcd.io/v2"\n'));
    assert.ok(looksLikeGitOpsDocument('untitled:Untitled-1', 'foo: bar\n---\napiVersion: v1\r\nkind: ConfigMap\r\n'));
  });

  it('rejects other YAML: CI workflows, compose files, nested keys, split documents', () => {
    assert.ok(!looksLikeGitOpsDocument('/r/.github/workflows/ci.yml', 'name: CI\non: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n'));
    assert.ok(!looksLikeGitOpsDocument('/r/docker-compose.yaml', 'services:\n  web:\n    image: nginx\n'));
    assert.ok(!looksLikeGitOpsDocument('/r/values.yaml', 'chart:\n  apiVersion: v2\n  kind: x\n'));
    assert.ok(!looksLikeGitOpsDocument('/r/x.yaml', 'apiVersion: v1\n---\nkind: ConfigMap\n'));
    assert.ok(!looksLikeGitOpsDocument('/r/empty.yaml', ''));
  });
});

describe('package.json', () => {
  it('activates on every GitOps marker file, on YAML and on the commands', () => {
    const events = manifest.activationEvents;
    for (const pattern of GITOPS_WORKSPACE_PATTERNS) {
      assert.ok(events.includes(`workspaceContains:${pattern}`), `workspaceContains:${pattern}`);
    }
    assert.ok(events.includes('workspaceContains:**/kustomization.yaml'));
    assert.ok(events.includes('workspaceContains:**/kustomization.yml'));
    assert.ok(events.includes('onLanguage:yaml'));
    for (const command of Object.values(COMMANDS)) {
      assert.ok(events.includes(`onCommand:${command}`), `onCommand:${command}`);
    }
    assert.equal(workspaceGlob(), `{${GITOPS_WORKSPACE_PATTERNS.join(',')}}`);
  });

  it('contributes the two commands with their titles', () => {
    const titles = manifest.contributes.commands.map(c => `${c.category}: ${c.title}`);
    assert.deepEqual(
      manifest.contributes.commands.map(c => c.command).sort(),
      Object.values(COMMANDS).slice().sort(),
    );
    assert.ok(titles.includes('GitOpsAi: Restart Server'));
    assert.ok(titles.includes('GitOpsAi: Show Output'));
  });

  it('contributes exactly the settings the extension reads, with the server defaults', () => {
    const properties = manifest.contributes.configuration.properties;
    const expected = Object.values(SETTING_KEYS).map(key => `${SETTINGS_SECTION}.${key}`).sort();
    assert.deepEqual(Object.keys(properties).sort(), expected);
    assert.equal(properties['gitopsAi.validation.schemas'].type, 'boolean');
    assert.equal(properties['gitopsAi.validation.schemas'].default, DEFAULT_SERVER_SETTINGS.validation.schemas);
    assert.equal(properties['gitopsAi.schemas.extraFolders'].type, 'array');
    assert.deepEqual(properties['gitopsAi.schemas.extraFolders'].default, DEFAULT_SERVER_SETTINGS.schemas.extraFolders);
    assert.equal(properties['gitopsAi.severityOverrides'].type, 'object');
    assert.deepEqual(properties['gitopsAi.severityOverrides'].additionalProperties?.enum, ['error', 'warning', 'information', 'hint', 'off']);
    assert.deepEqual(properties['gitopsAi.trace.server'].enum, ['off', 'messages', 'verbose']);
    assert.equal(properties['gitopsAi.trace.server'].default, DEFAULT_SERVER_SETTINGS.trace.server);
    assert.equal(properties['gitopsAi.server.path'].type, 'string');
    assert.equal(properties['gitopsAi.dotnet.path'].type, 'string');
    // vscode-languageclient reads `<client id>.trace.server`: the id must be the settings section.
    assert.equal(CLIENT_ID, SETTINGS_SECTION);
  });

  it('selects YAML on disk and in untitled editors', () => {
    assert.deepEqual(DOCUMENT_SELECTOR, [{ scheme: 'file', language: 'yaml' }, { scheme: 'untitled', language: 'yaml' }]);
  });

  it('is versioned with the server and packaged as gitops-ai-<version>.vsix', () => {
    const props = readFileSync(join(repoRoot(), 'Directory.Build.props'), 'utf8');
    assert.equal(manifest.version, /<Version>([^<]+)<\/Version>/.exec(props)?.[1]);
    assert.equal(manifest.name, 'gitops-ai');
    assert.equal(manifest.main, './dist/extension.js');
    assert.match(manifest.scripts.package, /vsce package --no-dependencies/);
  });

  it('pins exact dependency versions, and types no newer than the VS Code engine', () => {
    for (const [name, version] of Object.entries({ ...manifest.dependencies, ...manifest.devDependencies })) {
      assert.match(version, /^\d+\.\d+\.\d+$/, `${name} is pinned`);
    }
    const engine = manifest.engines.vscode.replace(/^\^/, '');
    assert.equal(manifest.devDependencies['@types/vscode'], engine, 'vsce refuses @types/vscode newer than engines.vscode');
  });

  it('keeps sources, tests and node_modules out of the .vsix', () => {
    const ignore = readFileSync(join(extensionRoot(), '.vscodeignore'), 'utf8').split(/\r?\n/).map(l => l.trim()).filter(l => l && !l.startsWith('#'));
    assert.equal(ignore[0], '**', 'everything is excluded first');
    const included = ignore.filter(l => l.startsWith('!'));
    for (const line of included) {
      assert.doesNotMatch(line, /src|test|node_modules|\.ts$/, `${line} lets sources in`);
    }
    assert.ok(included.includes('!dist/extension.js'));
    assert.ok(included.some(l => l.startsWith('!server/')));
  });

  it('keeps the vscode API out of every module but extension.ts', () => {
    const src = join(extensionRoot(), 'src');
    for (const file of readdirSync(src).filter(f => f.endsWith('.ts') && f !== 'extension.ts')) {
      const text = readFileSync(join(src, file), 'utf8');
      assert.doesNotMatch(text, /from ['"]vscode['"]|require\(['"]vscode['"]\)/, `${file} imports vscode`);
      assert.doesNotMatch(text, /(from|require\()\s*['"]vscode-languageclient/, `${file} imports vscode-languageclient`);
    }
  });
});
