// Getting a .NET runtime for the server when the machine has none that fits, through the .NET Install Tool extension
// (ms-dotnettools.vscode-dotnet-runtime), as the Bicep and C# extensions do: ask `dotnet.acquireStatus` whether it
// already holds one, else `dotnet.acquire` (which downloads a private runtime for this extension, never touching the
// machine's). No `vscode` import: runs under node's test runner with a fake command runner.
import { DOTNET_DOWNLOAD_URL } from './ids';
import { DOTNET_PATH_SETTING, LaunchError } from './dotnet';

export const DOTNET_RUNTIME_EXTENSION_ID = 'ms-dotnettools.vscode-dotnet-runtime';

/** The runtime the server targets (net10.0): the Install Tool takes a major.minor version. */
export const REQUIRED_DOTNET_VERSION = '10.0';

export interface DotnetAcquireResult {
  dotnetPath?: string;
}

/** `vscode.commands.executeCommand` as far as acquisition needs it. */
export type RunCommand = (command: string, args: { version: string; requestingExtensionId: string }) => PromiseLike<DotnetAcquireResult | undefined>;

/**
 * Whether acquiring a runtime can fix a launch error: no dotnet found, or one without the .NET 10 runtime. Never when
 * the user chose a dotnet in `gitopsAi.dotnet.path`: their choice is reported, not replaced.
 */
export function canAcquire(error: LaunchError, dotnetPathSetting: string | undefined): boolean {
  const chosen = dotnetPathSetting !== undefined && dotnetPathSetting.trim() !== '';
  return !chosen && (error.code === 'dotnet-not-found' || error.code === 'dotnet-runtime-missing');
}

export type AcquireResult = { ok: true; dotnet: string } | { ok: false; error: LaunchError };

export async function acquireDotnet(run: RunCommand, requestingExtensionId: string, original: LaunchError): Promise<AcquireResult> {
  const args = { version: REQUIRED_DOTNET_VERSION, requestingExtensionId };
  let reason = 'it returned no path';
  try {
    const existing = await Promise.resolve(run('dotnet.acquireStatus', args)).catch(() => undefined);
    const result = existing?.dotnetPath ? existing : await run('dotnet.acquire', args);
    if (result?.dotnetPath) {
      return { ok: true, dotnet: result.dotnetPath };
    }
  } catch (error) {
    reason = error instanceof Error ? error.message : String(error);
  }
  return {
    ok: false,
    error: {
      code: original.code,
      message: `${original.message} Getting the .NET ${REQUIRED_DOTNET_VERSION} runtime through the .NET Install Tool (${DOTNET_RUNTIME_EXTENSION_ID}) failed: ${reason}.`,
      fix: `Install the .NET 10 runtime from ${DOTNET_DOWNLOAD_URL} and restart VS Code, or set "${DOTNET_PATH_SETTING}" to a dotnet that has it.`,
      actions: original.actions,
    },
  };
}
