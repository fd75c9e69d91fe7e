import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeLaunchError } from '../src/dotnet';
import { DOTNET_DOWNLOAD_URL } from '../src/ids';
import { describeLaunch, resolveServerLaunch, serverCandidates } from '../src/serverLaunch';
import { fakeFs, linuxHost, windowsHost } from './fakes';

const EXT = '/home/dev/.vscode/extensions/gitops-ai.gitops-ai-0.1.0';
const BUNDLED = `${EXT}/server/GitOpsAi.LanguageServer.dll`;
const BUNDLED_CONFIG = `${EXT}/server/GitOpsAi.LanguageServer.runtimeconfig.json`;
const DOTNET = '/usr/bin/dotnet';

function expectOk(result: ReturnType<typeof resolveServerLaunch>) {
  if (!result.ok) {
    assert.fail(`expected a launch, got ${result.error.code}: ${describeLaunchError(result.error)}`);
  }
  return result.launch;
}

function expectError(result: ReturnType<typeof resolveServerLaunch>) {
  if (result.ok) {
    assert.fail(`expected an error, got ${JSON.stringify(result.launch)}`);
  }
  return result.error;
}

describe('resolveServerLaunch', () => {
  it('runs the bundled dll with the dotnet found on PATH, over stdio', () => {
    const launch = expectOk(resolveServerLaunch({}, { extensionPath: EXT, host: linuxHost(), fs: fakeFs([BUNDLED, BUNDLED_CONFIG, DOTNET]) }));
    assert.deepEqual(launch, {
      command: DOTNET,
      args: [BUNDLED, '--stdio'],
      serverPath: BUNDLED,
      source: 'bundled',
      dotnet: DOTNET,
      runtimeConfig: BUNDLED_CONFIG,
    });
  });

  it('takes the first dotnet on PATH', () => {
    const fs = fakeFs([BUNDLED, '/opt/dotnet/dotnet', DOTNET]);
    const launch = expectOk(resolveServerLaunch({}, { extensionPath: EXT, host: linuxHost({ PATH: '/opt/dotnet:/usr/bin' }), fs }));
    assert.equal(launch.command, '/opt/dotnet/dotnet');
  });

  it('treats empty settings as unset', () => {
    const launch = expectOk(resolveServerLaunch({ serverPath: '  ', dotnetPath: '' }, { extensionPath: EXT, host: linuxHost(), fs: fakeFs([BUNDLED, DOTNET]) }));
    assert.equal(launch.source, 'bundled');
    assert.equal(launch.command, DOTNET);
  });

  it('honours gitopsAi.server.path pointing at a dll, ahead of the bundled one', () => {
    const custom = '/work/build/GitOpsAi.LanguageServer.dll';
    const launch = expectOk(resolveServerLaunch({ serverPath: custom }, { extensionPath: EXT, host: linuxHost(), fs: fakeFs([BUNDLED, custom, DOTNET]) }));
    assert.equal(launch.source, 'setting');
    assert.equal(launch.command, DOTNET);
    assert.deepEqual(launch.args, [custom, '--stdio']);
    assert.equal(launch.runtimeConfig, undefined, 'no runtimeconfig next to the custom dll');
  });

  it('runs a gitopsAi.server.path executable directly, without needing dotnet', () => {
    const exe = '/opt/gitops-ai/GitOpsAi.LanguageServer';
    const launch = expectOk(resolveServerLaunch({ serverPath: exe }, { extensionPath: EXT, host: linuxHost({ PATH: '' }), fs: fakeFs([exe]) }));
    assert.deepEqual(launch, { command: exe, args: ['--stdio'], serverPath: exe, source: 'setting' });
  });

  it('finds the server inside a gitopsAi.server.path folder', () => {
    const dir = '/opt/gitops-ai/publish';
    const launch = expectOk(resolveServerLaunch({ serverPath: dir }, { extensionPath: EXT, host: linuxHost(), fs: fakeFs([`${dir}/GitOpsAi.LanguageServer.dll`, DOTNET]) }));
    assert.deepEqual(launch.args, [`${dir}/GitOpsAi.LanguageServer.dll`, '--stdio']);
  });

  it('expands ~ and ${workspaceFolder}, and resolves a relative server path against the workspace', () => {
    const host = linuxHost();
    const fs = fakeFs(['/home/dev/ls/GitOpsAi.LanguageServer.dll', '/repo/out/GitOpsAi.LanguageServer.dll', DOTNET]);
    const home = expectOk(resolveServerLaunch({ serverPath: '~/ls/GitOpsAi.LanguageServer.dll' }, { extensionPath: EXT, host, fs, workspaceFolder: '/repo' }));
    assert.equal(home.serverPath, '/home/dev/ls/GitOpsAi.LanguageServer.dll');
    const variable = expectOk(resolveServerLaunch({ serverPath: '${workspaceFolder}/out/GitOpsAi.LanguageServer.dll' }, { extensionPath: EXT, host, fs, workspaceFolder: '/repo' }));
    assert.equal(variable.serverPath, '/repo/out/GitOpsAi.LanguageServer.dll');
    const relative = expectOk(resolveServerLaunch({ serverPath: 'out/GitOpsAi.LanguageServer.dll' }, { extensionPath: EXT, host, fs, workspaceFolder: '/repo' }));
    assert.equal(relative.serverPath, '/repo/out/GitOpsAi.LanguageServer.dll');
  });

  it('reports a gitopsAi.server.path that does not exist, naming the path and the fix', () => {
    const error = expectError(resolveServerLaunch({ serverPath: '/nope/server.dll' }, { extensionPath: EXT, host: linuxHost(), fs: fakeFs([BUNDLED, DOTNET]) }));
    assert.equal(error.code, 'server-path-invalid');
    assert.match(error.message, /"gitopsAi\.server\.path" is set to \/nope\/server\.dll/);
    assert.match(error.fix, /clear it to use the server bundled with the extension/);
    assert.deepEqual(error.actions.map(a => a.kind), ['openSettings']);
  });

  it('falls back to the server built in the repository when nothing is bundled', () => {
    const ext = '/work/repo/vscode-extension';
    const built = '/work/repo/server/GitOpsAi.LanguageServer/bin/Release/net10.0/GitOpsAi.LanguageServer.dll';
    const launch = expectOk(resolveServerLaunch({}, { extensionPath: ext, host: linuxHost(), fs: fakeFs([built, DOTNET]) }));
    assert.equal(launch.source, 'development');
    assert.deepEqual(launch.args, [built, '--stdio']);
    assert.deepEqual(serverCandidates(ext, 'linux').map(c => c.source), ['bundled', 'development', 'development']);
  });

  it('says the server is missing when there is neither a bundled nor a built one', () => {
    const error = expectError(resolveServerLaunch({}, { extensionPath: EXT, host: linuxHost(), fs: fakeFs([DOTNET]) }));
    assert.equal(error.code, 'server-not-found');
    assert.ok(error.message.includes(BUNDLED));
    assert.match(error.fix, /gitopsAi\.server\.path/);
  });

  it('reports a missing dotnet with the fix: install .NET 10 (with the link) or set gitopsAi.dotnet.path', () => {
    const fs = fakeFs([BUNDLED]);
    const error = expectError(resolveServerLaunch({}, { extensionPath: EXT, host: linuxHost(), fs }));
    assert.equal(error.code, 'dotnet-not-found');
    const text = describeLaunchError(error);
    assert.match(text, /needs the \.NET 10 runtime/);
    assert.match(text, /no 'dotnet' was found on PATH/);
    assert.ok(text.includes(`Install the .NET 10 runtime from ${DOTNET_DOWNLOAD_URL}`));
    assert.match(text, /set "gitopsAi\.dotnet\.path" to the full path of the dotnet executable/);
    assert.doesNotMatch(text, /\n\s+at /, 'no stack trace');
    assert.deepEqual(error.actions, [
      { kind: 'openUrl', title: 'Install .NET 10', url: DOTNET_DOWNLOAD_URL },
      { kind: 'openSettings', title: 'Set gitopsAi.dotnet.path', setting: 'gitopsAi.dotnet.path' },
    ]);
    // Every PATH entry and the usual install folders were looked at.
    for (const expected of ['/usr/local/bin/dotnet', '/usr/bin/dotnet', '/bin/dotnet', '/usr/share/dotnet/dotnet', '/home/dev/.dotnet/dotnet']) {
      assert.ok(fs.asked.includes(expected), `looked for ${expected}`);
    }
  });

  it('honours gitopsAi.dotnet.path as a file or as the folder holding dotnet', () => {
    const custom = '/opt/dotnet10/dotnet';
    const fs = fakeFs([BUNDLED, custom, DOTNET]);
    assert.equal(expectOk(resolveServerLaunch({ dotnetPath: custom }, { extensionPath: EXT, host: linuxHost(), fs })).command, custom);
    assert.equal(expectOk(resolveServerLaunch({ dotnetPath: '/opt/dotnet10' }, { extensionPath: EXT, host: linuxHost(), fs })).command, custom);
  });

  it('reports a gitopsAi.dotnet.path that does not exist instead of silently using another dotnet', () => {
    const error = expectError(resolveServerLaunch({ dotnetPath: '/opt/missing/dotnet' }, { extensionPath: EXT, host: linuxHost(), fs: fakeFs([BUNDLED, DOTNET]) }));
    assert.equal(error.code, 'dotnet-path-invalid');
    assert.match(error.message, /"gitopsAi\.dotnet\.path" is set to \/opt\/missing\/dotnet/);
    assert.match(error.fix, /clear it to use the dotnet on PATH/);
  });

  it('finds dotnet through DOTNET_ROOT and the usual install folders when PATH has none', () => {
    const fromRoot = expectOk(resolveServerLaunch({}, { extensionPath: EXT, host: linuxHost({ PATH: '/bin', DOTNET_ROOT: '/opt/dn' }), fs: fakeFs([BUNDLED, '/opt/dn/dotnet']) }));
    assert.equal(fromRoot.command, '/opt/dn/dotnet');
    const usual = expectOk(resolveServerLaunch({}, { extensionPath: EXT, host: linuxHost({ PATH: '/bin' }), fs: fakeFs([BUNDLED, '/usr/share/dotnet/dotnet']) }));
    assert.equal(usual.command, '/usr/share/dotnet/dotnet');
    const home = expectOk(resolveServerLaunch({}, { extensionPath: EXT, host: linuxHost({ PATH: '/bin' }), fs: fakeFs([BUNDLED, '/home/dev/.dotnet/dotnet']) }));
    assert.equal(home.command, '/home/dev/.dotnet/dotnet');
  });

  it('works with Windows paths: Path with any casing, dotnet.exe, backslashes', () => {
    const ext = 'C:\\Users\\dev\\.vscode\\extensions\\gitops-ai.gitops-ai-0.1.0';
    const dll = `${ext}\\server\\GitOpsAi.LanguageServer.dll`;
    const dotnet = 'C:\\Program Files\\dotnet\\dotnet.exe';
    const launch = expectOk(resolveServerLaunch({}, { extensionPath: ext, host: windowsHost(), fs: fakeFs([dll, dotnet]) }));
    assert.deepEqual([launch.command, ...launch.args], [dotnet, dll, '--stdio']);

    const exe = 'D:\\tools\\GitOpsAi.LanguageServer.exe';
    const direct = expectOk(resolveServerLaunch({ serverPath: 'D:\\tools' }, { extensionPath: ext, host: windowsHost({ Path: '' }), fs: fakeFs([exe]) }));
    assert.deepEqual([direct.command, ...direct.args], [exe, '--stdio']);

    const missing = expectError(resolveServerLaunch({}, { extensionPath: ext, host: windowsHost({ Path: 'C:\\Windows', ProgramFiles: 'C:\\PF' }), fs: fakeFs([dll]) }));
    assert.equal(missing.code, 'dotnet-not-found');
  });
});

describe('describeLaunch', () => {
  it('prints the command line, quoting paths with spaces', () => {
    const text = describeLaunch({ command: 'C:\\Program Files\\dotnet\\dotnet.exe', args: ['C:\\ext\\server\\GitOpsAi.LanguageServer.dll', '--stdio'], serverPath: '', source: 'bundled' });
    assert.equal(text, 'Starting the language server (bundled): "C:\\Program Files\\dotnet\\dotnet.exe" C:\\ext\\server\\GitOpsAi.LanguageServer.dll --stdio');
  });
});
