import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  checkRuntimes,
  describeLaunchError,
  expandSettingPath,
  parseListRuntimes,
  parseRuntimeConfig,
  parseVersion,
  satisfies,
  verifyRuntime,
} from '../src/dotnet';
import { linuxHost, windowsHost } from './fakes';

const LIST_RUNTIMES = `Microsoft.AspNetCore.App 8.0.11 [/usr/share/dotnet/shared/Microsoft.AspNetCore.App]
Microsoft.AspNetCore.App 10.0.12 [/usr/share/dotnet/shared/Microsoft.AspNetCore.App]
Microsoft.NETCore.App 8.0.11 [/usr/share/dotnet/shared/Microsoft.NETCore.App]
Microsoft.NETCore.App 10.0.12 [/usr/share/dotnet/shared/Microsoft.NETCore.App]
`;

// What `dotnet publish` writes next to GitOpsAi.LanguageServer.dll.
const RUNTIMECONFIG = JSON.stringify({
  runtimeOptions: {
    tfm: 'net10.0',
    framework: { name: 'Microsoft.NETCore.App', version: '10.0.0' },
    configProperties: { 'System.GC.Server': false },
  },
});

describe('the .NET runtime check', () => {
  it('reads the framework the server needs from its runtimeconfig.json', () => {
    const required = parseRuntimeConfig(RUNTIMECONFIG);
    assert.equal(required?.name, 'Microsoft.NETCore.App');
    assert.equal(required?.version.text, '10.0.0');
    assert.equal(required?.rollForward, 'Minor');
    assert.equal(parseRuntimeConfig('not json'), undefined);
    assert.equal(parseRuntimeConfig('{}'), undefined);
  });

  it('parses dotnet --list-runtimes (CRLF too), keeping only Microsoft.NETCore.App', () => {
    assert.deepEqual(parseListRuntimes(LIST_RUNTIMES).map(v => v.text), ['8.0.11', '10.0.12']);
    assert.deepEqual(parseListRuntimes(LIST_RUNTIMES.replace(/\n/g, '\r\n')).map(v => v.text), ['8.0.11', '10.0.12']);
    assert.deepEqual(parseListRuntimes('Microsoft.NETCore.App 10.0.0-rc.2.25502.107 [C:\\Program Files\\dotnet\\shared]').map(v => v.major), [10]);
    assert.deepEqual(parseListRuntimes(''), []);
  });

  it('follows roll-forward: 10.0.x satisfies 10.0.0, 11.0 does not by default, but does with Major', () => {
    const v10 = parseVersion('10.0.0')!;
    assert.ok(satisfies(parseVersion('10.0.12')!, v10, 'Minor'));
    assert.ok(satisfies(parseVersion('10.2.1')!, v10, 'Minor'));
    assert.ok(!satisfies(parseVersion('11.0.0')!, v10, 'Minor'));
    assert.ok(!satisfies(parseVersion('9.0.9')!, v10, 'Minor'));
    assert.ok(satisfies(parseVersion('11.0.0')!, v10, 'Major'));
    assert.ok(!satisfies(parseVersion('10.1.0')!, v10, 'LatestPatch'));
    assert.ok(!satisfies(parseVersion('10.0.1')!, v10, 'Disable'));
  });

  it('accepts a machine with .NET 10 and explains a machine with only older runtimes', () => {
    const required = parseRuntimeConfig(RUNTIMECONFIG)!;
    assert.equal(checkRuntimes(parseListRuntimes(LIST_RUNTIMES), required, '/usr/bin/dotnet'), undefined);

    const error = checkRuntimes(parseListRuntimes('Microsoft.NETCore.App 8.0.11 [/x]\nMicrosoft.NETCore.App 9.0.4 [/x]'), required, '/usr/bin/dotnet');
    assert.equal(error?.code, 'dotnet-runtime-missing');
    assert.equal(
      describeLaunchError(error!),
      "GitOpsAi's language server needs the .NET 10 runtime (Microsoft.NETCore.App 10.0.0 or a later 10.x), but /usr/bin/dotnet has only 8.0.11, 9.0.4. "
        + 'Install the .NET 10 runtime from https://dotnet.microsoft.com/download/dotnet/10.0 and restart VS Code, or set "gitopsAi.dotnet.path" to a dotnet that has it.',
    );
    assert.match(describeLaunchError(checkRuntimes([], required, 'dotnet')!), /but dotnet has no \.NET runtime\./);
  });

  it('asks dotnet --list-runtimes, and reports a dotnet that cannot start as missing', async () => {
    const required = parseRuntimeConfig(RUNTIMECONFIG);
    const calls: string[][] = [];
    const ok = await verifyRuntime('/usr/bin/dotnet', required, async (command, args) => {
      calls.push([command, ...args]);
      return LIST_RUNTIMES;
    });
    assert.equal(ok, undefined);
    assert.deepEqual(calls, [['/usr/bin/dotnet', '--list-runtimes']]);

    const enoent = Object.assign(new Error('spawn /usr/bin/dotnet ENOENT'), { code: 'ENOENT' });
    const missing = await verifyRuntime('/usr/bin/dotnet', required, async () => {
      throw enoent;
    });
    assert.equal(missing?.code, 'dotnet-not-found');
    assert.match(describeLaunchError(missing!), /\/usr\/bin\/dotnet could not be started \(ENOENT\)\. Install the \.NET 10 runtime/);

    // A slow or odd dotnet is not blocked here: the server's own error then lands in the output.
    const slow = await verifyRuntime('/usr/bin/dotnet', required, async () => {
      throw Object.assign(new Error('timed out'), { killed: true, signal: 'SIGTERM' });
    });
    assert.equal(slow, undefined);

    const older = await verifyRuntime('/usr/bin/dotnet', required, async () => 'Microsoft.NETCore.App 8.0.11 [/x]');
    assert.equal(older?.code, 'dotnet-runtime-missing');
  });
});

describe('expandSettingPath', () => {
  it('expands ~, ${userHome}, ${workspaceFolder} and ${env:NAME}', () => {
    const host = linuxHost({ SCHEMAS: '/srv/schemas' });
    assert.equal(expandSettingPath('~/x', host), '/home/dev/x');
    assert.equal(expandSettingPath('~', host), '/home/dev');
    assert.equal(expandSettingPath('${userHome}/y', host), '/home/dev/y');
    assert.equal(expandSettingPath('${workspaceFolder}/crds', host, '/repo'), '/repo/crds');
    assert.equal(expandSettingPath('${workspaceFolder}/crds', host), '${workspaceFolder}/crds', 'left alone without a workspace');
    assert.equal(expandSettingPath('${env:SCHEMAS}/k8s', host), '/srv/schemas/k8s');
    assert.equal(expandSettingPath('a~b', host), 'a~b');
    assert.equal(expandSettingPath('${env:schemas}', windowsHost({ SCHEMAS: 'D:\\s' })), 'D:\\s', 'environment names ignore case on Windows');
  });
});
