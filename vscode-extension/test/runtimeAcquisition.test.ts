import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { dotnetNotFound, LaunchError } from '../src/dotnet';
import { acquireDotnet, canAcquire, DOTNET_RUNTIME_EXTENSION_ID, REQUIRED_DOTNET_VERSION, RunCommand } from '../src/runtimeAcquisition';
import { extensionRoot } from './paths';

const EXTENSION_ID = 'gitops-ai.gitops-ai';

function recorder(answers: Record<string, { dotnetPath?: string } | undefined | Error>): { run: RunCommand; calls: { command: string; args: unknown }[] } {
  const calls: { command: string; args: unknown }[] = [];
  const run: RunCommand = async (command, args) => {
    calls.push({ command, args });
    const answer = answers[command];
    if (answer instanceof Error) {
      throw answer;
    }
    return answer;
  };
  return { run, calls };
}

const missing: LaunchError = { code: 'dotnet-runtime-missing', message: 'no .NET 10.', fix: 'install it.', actions: [] };

describe('acquiring a .NET runtime through the .NET Install Tool', () => {
  it('uses a runtime the Install Tool already holds without downloading again', async () => {
    const { run, calls } = recorder({ 'dotnet.acquireStatus': { dotnetPath: '/ext/dotnet/10.0/dotnet' } });

    const result = await acquireDotnet(run, EXTENSION_ID, missing);

    assert.deepEqual(result, { ok: true, dotnet: '/ext/dotnet/10.0/dotnet' });
    assert.deepEqual(calls, [{ command: 'dotnet.acquireStatus', args: { version: REQUIRED_DOTNET_VERSION, requestingExtensionId: EXTENSION_ID } }]);
  });

  it('acquires the .NET 10 runtime for this extension when none is held', async () => {
    const { run, calls } = recorder({ 'dotnet.acquireStatus': undefined, 'dotnet.acquire': { dotnetPath: '/ext/dotnet/10.0/dotnet' } });

    const result = await acquireDotnet(run, EXTENSION_ID, missing);

    assert.deepEqual(result, { ok: true, dotnet: '/ext/dotnet/10.0/dotnet' });
    assert.deepEqual(calls.map(c => c.command), ['dotnet.acquireStatus', 'dotnet.acquire']);
    assert.deepEqual(calls[1].args, { version: '10.0', requestingExtensionId: EXTENSION_ID });
  });

  it('keeps the original problem and adds why acquisition failed, with the manual fix', async () => {
    const { run } = recorder({ 'dotnet.acquireStatus': new Error('offline'), 'dotnet.acquire': new Error('download failed: offline') });

    const result = await acquireDotnet(run, EXTENSION_ID, dotnetNotFound([]));

    assert.equal(result.ok, false);
    if (!result.ok) {
      assert.equal(result.error.code, 'dotnet-not-found');
      assert.match(result.error.message, /no 'dotnet' was found.*\.NET Install Tool \(ms-dotnettools\.vscode-dotnet-runtime\) failed: download failed: offline\./);
      assert.match(result.error.fix, /Install the \.NET 10 runtime/);
    }
  });

  it('is tried for a missing dotnet or runtime, never over a dotnet the user chose, never for other problems', () => {
    assert.ok(canAcquire(dotnetNotFound([]), undefined));
    assert.ok(canAcquire(missing, ''));
    assert.ok(!canAcquire(missing, '/opt/dotnet/dotnet'));
    assert.ok(!canAcquire({ ...missing, code: 'server-not-found' }, undefined));
    assert.ok(!canAcquire({ ...missing, code: 'dotnet-path-invalid' }, undefined));
  });

  it('declares the .NET Install Tool as an extension dependency in package.json', () => {
    const manifest = JSON.parse(readFileSync(join(extensionRoot(), 'package.json'), 'utf8')) as { extensionDependencies?: string[] };
    assert.deepEqual(manifest.extensionDependencies, [DOTNET_RUNTIME_EXTENSION_ID]);
  });
});
