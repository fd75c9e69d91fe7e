// Finding `dotnet` and checking that it can run the server. No `vscode` import: runs under node's test runner.
import * as path from 'node:path';
import { DOTNET_DOWNLOAD_URL } from './ids';

/** What the resolver may ask of the file system; tests pass a fake. */
export interface FileProbe {
  isFile(filePath: string): boolean;
  isDirectory(filePath: string): boolean;
}

export interface HostInfo {
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
  homeDir: string;
}

/** A button offered next to an error message. */
export type FixAction =
  | { kind: 'openUrl'; title: string; url: string }
  | { kind: 'openSettings'; title: string; setting: string }
  | { kind: 'showOutput'; title: string };

export type LaunchErrorCode =
  | 'dotnet-not-found'
  | 'dotnet-path-invalid'
  | 'dotnet-runtime-missing'
  | 'server-not-found'
  | 'server-path-invalid';

/** A problem the user can fix: a message, what to do about it, and buttons. Never carries a stack trace. */
export interface LaunchError {
  code: LaunchErrorCode;
  message: string;
  fix: string;
  actions: FixAction[];
}

/** The text shown to the user: the problem, then the fix. */
export function describeLaunchError(error: LaunchError): string {
  return `${error.message} ${error.fix}`;
}

export function pathApi(platform: NodeJS.Platform): path.PlatformPath {
  return platform === 'win32' ? path.win32 : path.posix;
}

/** Reads an environment variable the way the platform does (case-insensitively on Windows: `Path`, `PATH`). */
export function envValue(host: HostInfo, name: string): string | undefined {
  if (host.platform !== 'win32') {
    return host.env[name];
  }
  const key = Object.keys(host.env).find(k => k.toUpperCase() === name.toUpperCase());
  return key === undefined ? undefined : host.env[key];
}

/** Expands `~`, `${userHome}`, `${workspaceFolder}` and `${env:NAME}` in a path taken from a setting. */
export function expandSettingPath(value: string, host: HostInfo, workspaceFolder?: string): string {
  let result = value.trim();
  if (result === '~' || result.startsWith('~/') || result.startsWith('~\\')) {
    result = host.homeDir + result.slice(1);
  }
  result = result.replace(/\$\{userHome\}/g, host.homeDir);
  if (workspaceFolder !== undefined) {
    result = result.replace(/\$\{workspaceFolder\}/g, workspaceFolder);
  }
  result = result.replace(/\$\{env:([^}]+)\}/g, (_, name: string) => envValue(host, name) ?? '');
  return result;
}

/** A path from a setting made absolute: expanded, then, when relative, resolved against the first workspace folder. */
export function resolveSettingPath(value: string, host: HostInfo, workspaceFolder?: string): string {
  const p = pathApi(host.platform);
  const expanded = expandSettingPath(value, host, workspaceFolder);
  return p.isAbsolute(expanded) || workspaceFolder === undefined ? expanded : p.resolve(workspaceFolder, expanded);
}

function dotnetFileName(platform: NodeJS.Platform): string {
  return platform === 'win32' ? 'dotnet.exe' : 'dotnet';
}

export const DOTNET_PATH_SETTING = 'gitopsAi.dotnet.path';

function installActions(): FixAction[] {
  return [
    { kind: 'openUrl', title: 'Install .NET 10', url: DOTNET_DOWNLOAD_URL },
    { kind: 'openSettings', title: `Set ${DOTNET_PATH_SETTING}`, setting: DOTNET_PATH_SETTING },
  ];
}

export function dotnetNotFound(searched: string[]): LaunchError {
  return {
    code: 'dotnet-not-found',
    message: `GitOpsAi needs the .NET 10 runtime to run its language server, but no 'dotnet' was found on PATH${searched.length > 0 ? ` or in ${searched.join(', ')}` : ''}.`,
    fix: `Install the .NET 10 runtime from ${DOTNET_DOWNLOAD_URL} and restart VS Code, or set "${DOTNET_PATH_SETTING}" to the full path of the dotnet executable.`,
    actions: installActions(),
  };
}

/**
 * Finds the `dotnet` executable: the `gitopsAi.dotnet.path` setting (a file or the folder holding it), else PATH,
 * else DOTNET_ROOT, else the usual install folders (VS Code started from a desktop launcher may have a short PATH).
 */
export function findDotnet(
  host: HostInfo,
  fs: FileProbe,
  setting: string | undefined,
  workspaceFolder?: string,
): { ok: true; dotnet: string } | { ok: false; error: LaunchError } {
  const p = pathApi(host.platform);
  const exe = dotnetFileName(host.platform);

  if (setting !== undefined && setting.trim() !== '') {
    const absolute = resolveSettingPath(setting, host, workspaceFolder);
    if (fs.isFile(absolute)) {
      return { ok: true, dotnet: absolute };
    }
    if (fs.isDirectory(absolute) && fs.isFile(p.join(absolute, exe))) {
      return { ok: true, dotnet: p.join(absolute, exe) };
    }
    return {
      ok: false,
      error: {
        code: 'dotnet-path-invalid',
        message: `"${DOTNET_PATH_SETTING}" is set to ${absolute}, but there is no dotnet executable there.`,
        fix: `Point it at the dotnet executable (for example ${host.platform === 'win32' ? 'C:\\Program Files\\dotnet\\dotnet.exe' : '/usr/share/dotnet/dotnet'}), or clear it to use the dotnet on PATH.`,
        actions: [{ kind: 'openSettings', title: `Open ${DOTNET_PATH_SETTING}`, setting: DOTNET_PATH_SETTING }, installActions()[0]],
      },
    };
  }

  const pathValue = envValue(host, 'PATH') ?? '';
  const delimiter = host.platform === 'win32' ? ';' : ':';
  for (const raw of pathValue.split(delimiter)) {
    const dir = raw.trim().replace(/^"(.*)"$/, '$1');
    if (dir === '') {
      continue;
    }
    const candidate = p.join(dir, exe);
    if (fs.isFile(candidate)) {
      return { ok: true, dotnet: candidate };
    }
  }

  const fallbacks = fallbackDotnetLocations(host);
  for (const candidate of fallbacks) {
    if (fs.isFile(candidate)) {
      return { ok: true, dotnet: candidate };
    }
  }
  return { ok: false, error: dotnetNotFound(fallbacks.map(f => p.dirname(f))) };
}

export function fallbackDotnetLocations(host: HostInfo): string[] {
  const p = pathApi(host.platform);
  const exe = dotnetFileName(host.platform);
  const result: string[] = [];
  const root = envValue(host, 'DOTNET_ROOT');
  if (root) {
    result.push(p.join(root, exe));
  }
  if (host.platform === 'win32') {
    result.push(p.join(envValue(host, 'ProgramFiles') ?? 'C:\\Program Files', 'dotnet', exe));
  } else if (host.platform === 'darwin') {
    result.push('/usr/local/share/dotnet/dotnet', '/opt/homebrew/bin/dotnet');
  } else {
    result.push('/usr/share/dotnet/dotnet', '/usr/lib/dotnet/dotnet', '/usr/local/share/dotnet/dotnet', '/snap/bin/dotnet');
  }
  result.push(p.join(host.homeDir, '.dotnet', exe));
  return result;
}

// --- The runtime the server needs -------------------------------------------------------------------------------

export interface Version {
  major: number;
  minor: number;
  patch: number;
  text: string;
}

export function parseVersion(text: string): Version | undefined {
  const match = /^(\d+)\.(\d+)\.(\d+)/.exec(text.trim());
  if (!match) {
    return undefined;
  }
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]), text: text.trim() };
}

function compare(a: Version, b: Version): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

export interface RequiredRuntime {
  name: string;
  version: Version;
  rollForward: string;
}

/** Reads the framework the server was built for from its `*.runtimeconfig.json`. */
export function parseRuntimeConfig(json: string): RequiredRuntime | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return undefined;
  }
  const options = (parsed as { runtimeOptions?: Record<string, unknown> } | null)?.runtimeOptions;
  if (!options) {
    return undefined;
  }
  const frameworks = [options.framework, ...(Array.isArray(options.frameworks) ? options.frameworks : [])]
    .filter((f): f is { name: string; version: string } => typeof f === 'object' && f !== null && typeof (f as { name?: unknown }).name === 'string');
  const core = frameworks.find(f => f.name === 'Microsoft.NETCore.App');
  const version = core ? parseVersion(String(core.version)) : undefined;
  if (!core || !version) {
    return undefined;
  }
  const rollForward = typeof options.rollForward === 'string' ? options.rollForward : 'Minor';
  return { name: core.name, version, rollForward };
}

/** Parses `dotnet --list-runtimes`: the installed versions of one framework. */
export function parseListRuntimes(output: string, framework = 'Microsoft.NETCore.App'): Version[] {
  const versions: Version[] = [];
  for (const line of output.split(/\r?\n/)) {
    const match = /^(\S+)\s+(\S+)\s+\[/.exec(line.trim());
    if (match && match[1] === framework) {
      const version = parseVersion(match[2]);
      if (version) {
        versions.push(version);
      }
    }
  }
  return versions;
}

/** Whether an installed runtime satisfies the framework reference, following .NET's roll-forward rules. */
export function satisfies(installed: Version, required: Version, rollForward: string): boolean {
  if (compare(installed, required) < 0) {
    return false;
  }
  switch (rollForward.toLowerCase()) {
    case 'disable':
      return compare(installed, required) === 0;
    case 'latestpatch':
      return installed.major === required.major && installed.minor === required.minor;
    case 'major':
    case 'latestmajor':
      return true;
    default: // Minor, LatestMinor
      return installed.major === required.major;
  }
}

export function checkRuntimes(installed: Version[], required: RequiredRuntime, dotnet: string): LaunchError | undefined {
  if (installed.some(v => satisfies(v, required.version, required.rollForward))) {
    return undefined;
  }
  const wanted = `.NET ${required.version.major}`;
  const found = installed.length === 0 ? 'no .NET runtime' : `only ${installed.map(v => v.text).join(', ')}`;
  return {
    code: 'dotnet-runtime-missing',
    message: `GitOpsAi's language server needs the ${wanted} runtime (${required.name} ${required.version.text} or a later ${required.version.major}.x), but ${dotnet} has ${found}.`,
    fix: `Install the ${wanted} runtime from ${DOTNET_DOWNLOAD_URL} and restart VS Code, or set "${DOTNET_PATH_SETTING}" to a dotnet that has it.`,
    actions: installActions(),
  };
}

/** Runs a program and returns its stdout; rejects with an error whose `code` is 'ENOENT' when it cannot start. */
export type Exec = (command: string, args: string[], timeoutMs: number) => Promise<string>;

/**
 * Asks `dotnet --list-runtimes` whether the server's framework is there. A dotnet that cannot be started is reported
 * as missing; one that answers oddly or too slowly is given the benefit of the doubt (the server's own error then
 * lands in the output channel).
 */
export async function verifyRuntime(dotnet: string, required: RequiredRuntime | undefined, exec: Exec): Promise<LaunchError | undefined> {
  let output: string;
  try {
    output = await exec(dotnet, ['--list-runtimes'], 15000);
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (code === 'ENOENT' || code === 'EACCES') {
      return {
        code: 'dotnet-not-found',
        message: `GitOpsAi needs the .NET 10 runtime to run its language server, but ${dotnet} could not be started (${String(code)}).`,
        fix: dotnetNotFound([]).fix,
        actions: installActions(),
      };
    }
    return undefined;
  }
  if (required === undefined) {
    return undefined;
  }
  return checkRuntimes(parseListRuntimes(output, required.name), required, dotnet);
}
