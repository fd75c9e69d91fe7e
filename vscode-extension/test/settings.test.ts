import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  changeNeedsRestart,
  DEFAULT_SERVER_SETTINGS,
  didChangeConfigurationParams,
  mapSettings,
  SettingsReader,
} from '../src/settings';
import { linuxHost } from './fakes';

/** Reads from a flat map of dotted keys, the way WorkspaceConfiguration.get('validation.schemas') does. */
function reader(values: Record<string, unknown>): SettingsReader {
  return key => values[key];
}

describe('mapSettings', () => {
  it('gives the server its own defaults when nothing is set', () => {
    const { settings, warnings } = mapSettings(reader({}), linuxHost());
    assert.deepEqual(settings, {
      validation: { schemas: true },
      schemas: { extraFolders: [] },
      severityOverrides: {},
      trace: { server: 'off' },
      generation: { prefix: 'gitops:', provider: 'offline' },
    });
    assert.deepEqual(settings, DEFAULT_SERVER_SETTINGS);
    assert.deepEqual(warnings, []);
  });

  it('produces exactly the nested section the server parses, without the client-only settings', () => {
    const { settings, warnings } = mapSettings(reader({
      'validation.schemas': false,
      'schemas.extraFolders': ['crds', '/abs/schemas'],
      severityOverrides: { 'no-schema': 'off', 'deprecated-api-version': 'error', 'schema-unknown-field': 'hint' },
      'trace.server': 'verbose',
      'server.path': '/x/GitOpsAi.LanguageServer.dll',
      'dotnet.path': '/usr/bin/dotnet',
    }), linuxHost(), '/repo');
    assert.deepEqual(warnings, []);
    assert.equal(JSON.stringify(settings), JSON.stringify({
      validation: { schemas: false },
      schemas: { extraFolders: ['crds', '/abs/schemas'] },
      severityOverrides: { 'no-schema': 'off', 'deprecated-api-version': 'error', 'schema-unknown-field': 'hint' },
      trace: { server: 'verbose' },
      generation: { prefix: 'gitops:', provider: 'offline' },
    }));
  });

  it("normalises severity aliases to the server's names and drops what the server would not understand", () => {
    const { settings, warnings } = mapSettings(reader({
      severityOverrides: { a: 'Warn', b: 'INFO', c: 'none', d: 'ignore', e: ' hint ', f: 'fatal', g: 3, '': 'error' },
    }), linuxHost());
    assert.deepEqual(settings.severityOverrides, { a: 'warning', b: 'information', c: 'off', d: 'off', e: 'hint' });
    assert.equal(warnings.length, 3);
    assert.match(warnings[0], /ignored "f": "fatal" \(use "error", "warning", "information", "hint" or "off"\)/);
  });

  it('expands ~ and ${workspaceFolder} in extra schema folders, skipping blanks and duplicates', () => {
    const { settings, warnings } = mapSettings(reader({
      'schemas.extraFolders': ['~/schemas', '${workspaceFolder}/crds', '', '  ', 42, '~/schemas'],
    }), linuxHost(), '/repo');
    assert.deepEqual(settings.schemas.extraFolders, ['/home/dev/schemas', '/repo/crds']);
    assert.equal(warnings.length, 3, 'the two blanks and the number');
  });

  it('falls back to the defaults, with a warning, for values of the wrong type', () => {
    const { settings, warnings } = mapSettings(reader({
      'validation.schemas': 'yes',
      'schemas.extraFolders': 'crds',
      severityOverrides: ['no-schema'],
      'trace.server': 'loud',
    }), linuxHost());
    assert.deepEqual(settings, DEFAULT_SERVER_SETTINGS);
    assert.equal(warnings.length, 4);
  });

  it('pushes settings in the form the server recognises as pushed (a gitopsAi member)', () => {
    const { settings } = mapSettings(reader({ 'validation.schemas': false }), linuxHost());
    assert.deepEqual(didChangeConfigurationParams(settings), { settings: { gitopsAi: settings } });
  });

  it('restarts the server only for the server and dotnet paths', () => {
    assert.ok(changeNeedsRestart(key => key === 'server.path'));
    assert.ok(changeNeedsRestart(key => key === 'dotnet.path'));
    assert.ok(!changeNeedsRestart(key => key === 'severityOverrides'));
    assert.ok(!changeNeedsRestart(() => false));
  });
});

describe('mapSettings: generation', () => {
  it('passes the prefix, provider, endpoint and model, and falls back to offline for an unknown provider', () => {
    const { settings, warnings } = mapSettings(reader({
      'generation.prefix': ' ai: ',
      'generation.provider': 'ollama',
      'generation.endpoint': 'http://127.0.0.1:11434/v1',
      'generation.model': 'qwen2.5-coder',
    }), linuxHost());
    assert.deepEqual(settings.generation, { prefix: 'ai:', provider: 'ollama', endpoint: 'http://127.0.0.1:11434/v1', model: 'qwen2.5-coder' });
    assert.deepEqual(warnings, []);

    const fallback = mapSettings(reader({ 'generation.provider': 'gpt' }), linuxHost());
    assert.deepEqual(fallback.settings.generation, { prefix: 'gitops:', provider: 'offline' });
    assert.equal(fallback.warnings.length, 1);
  });
});

describe('mapSettings for the cluster', () => {
  it('passes the cluster switch, kubeconfig (expanded) and context to the server, off by default', () => {
    const { settings, warnings } = mapSettings(reader({ 'cluster.enabled': true, 'cluster.kubeconfig': '~/.kube/prod', 'cluster.context': ' prod-eu ' }), linuxHost());
    assert.deepEqual(settings.cluster, { enabled: true, kubeconfig: '/home/dev/.kube/prod', context: 'prod-eu' });
    assert.deepEqual(warnings, []);
    assert.equal(mapSettings(reader({ 'cluster.enabled': 'yes' }), linuxHost()).settings.cluster, undefined, 'off: nothing sent');
    assert.equal(mapSettings(reader({ 'cluster.enabled': 'yes' }), linuxHost()).warnings.length, 1);
  });
});
