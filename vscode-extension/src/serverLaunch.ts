// Resolving the command line that starts the language server. No `vscode` import: runs under node's test runner.
import { BUNDLED_SERVER_FOLDER, SERVER_DLL, SERVER_RUNTIMECONFIG } from './ids';
import { FileProbe, findDotnet, HostInfo, LaunchError, pathApi, resolveSettingPath } from './dotnet';

export const SERVER_PATH_SETTING = 'gitopsAi.server.path';

export type ServerSource = 'setting' | 'bundled' | 'development';

/** What to spawn: `command args...` speaking LSP over stdin/stdout. */
export interface ServerLaunch {
  command: string;
  args: string[];
  /** The server's .dll or executable. */
  serverPath: string;
  source: ServerSource;
  /** The dotnet that runs the .dll; undefined when the server is a self-contained or apphost executable. */
  dotnet?: string;
  /** The server's runtimeconfig.json next to the .dll, when there is one (tells which .NET it needs). */
  runtimeConfig?: string;
}

export interface LaunchSettings {
  /** `gitopsAi.server.path`: a .dll run with dotnet, an executable, or a folder holding either. */
  serverPath?: string;
  /** `gitopsAi.dotnet.path`: the dotnet executable or its folder. */
  dotnetPath?: string;
}

export interface ResolveContext {
  /** The extension's install folder (the .vsix root). */
  extensionPath: string;
  host: HostInfo;
  fs: FileProbe;
  /** The first workspace folder, for relative paths and `${workspaceFolder}` in settings. */
  workspaceFolder?: string;
}

export type LaunchResult = { ok: true; launch: ServerLaunch } | { ok: false; error: LaunchError };

const STDIO_ARGS = ['--stdio'];

function executableNames(platform: NodeJS.Platform): string[] {
  return platform === 'win32' ? ['GitOpsAi.LanguageServer.exe'] : ['GitOpsAi.LanguageServer'];
}

/** Where the server may be found when no setting names it, in order: the bundled build, then a build in the repository. */
export function serverCandidates(extensionPath: string, platform: NodeJS.Platform): { path: string; source: ServerSource }[] {
  const p = pathApi(platform);
  const repoProject = p.join(extensionPath, '..', 'server', 'GitOpsAi.LanguageServer', 'bin');
  return [
    { path: p.join(extensionPath, BUNDLED_SERVER_FOLDER, SERVER_DLL), source: 'bundled' },
    // Running the extension from the repository (F5 or the tests): the server built next to it.
    { path: p.join(repoProject, 'Release', 'net10.0', SERVER_DLL), source: 'development' },
    { path: p.join(repoProject, 'Debug', 'net10.0', SERVER_DLL), source: 'development' },
  ];
}

function serverFromSetting(setting: string, context: ResolveContext): { ok: true; path: string } | { ok: false; error: LaunchError } {
  const p = pathApi(context.host.platform);
  const absolute = resolveSettingPath(setting, context.host, context.workspaceFolder);
  if (context.fs.isFile(absolute)) {
    return { ok: true, path: absolute };
  }
  if (context.fs.isDirectory(absolute)) {
    for (const name of [SERVER_DLL, ...executableNames(context.host.platform)]) {
      const inside = p.join(absolute, name);
      if (context.fs.isFile(inside)) {
        return { ok: true, path: inside };
      }
    }
  }
  return {
    ok: false,
    error: {
      code: 'server-path-invalid',
      message: `"${SERVER_PATH_SETTING}" is set to ${absolute}, but no ${SERVER_DLL} or server executable is there.`,
      fix: `Point it at ${SERVER_DLL} (for example the output of "dotnet publish server/GitOpsAi.LanguageServer"), or clear it to use the server bundled with the extension.`,
      actions: [{ kind: 'openSettings', title: `Open ${SERVER_PATH_SETTING}`, setting: SERVER_PATH_SETTING }],
    },
  };
}

/**
 * Resolves how to start the server: `gitopsAi.server.path` when set, else the bundled build, else a build in the
 * repository. A .dll is run with dotnet (found by {@link findDotnet}); anything else is run directly.
 */
export function resolveServerLaunch(settings: LaunchSettings, context: ResolveContext): LaunchResult {
  const p = pathApi(context.host.platform);
  let serverPath: string;
  let source: ServerSource;
  if (settings.serverPath !== undefined && settings.serverPath.trim() !== '') {
    const found = serverFromSetting(settings.serverPath, context);
    if (!found.ok) {
      return found;
    }
    serverPath = found.path;
    source = 'setting';
  } else {
    const candidates = serverCandidates(context.extensionPath, context.host.platform);
    const found = candidates.find(c => context.fs.isFile(c.path));
    if (found === undefined) {
      return {
        ok: false,
        error: {
          code: 'server-not-found',
          message: `The GitOpsAi language server is missing: ${candidates[0].path} does not exist.`,
          fix: `Reinstall the extension from a complete .vsix (built with "npm run package"), or set "${SERVER_PATH_SETTING}" to ${SERVER_DLL}.`,
          actions: [{ kind: 'openSettings', title: `Set ${SERVER_PATH_SETTING}`, setting: SERVER_PATH_SETTING }],
        },
      };
    }
    serverPath = found.path;
    source = found.source;
  }

  if (!serverPath.toLowerCase().endsWith('.dll')) {
    return { ok: true, launch: { command: serverPath, args: [...STDIO_ARGS], serverPath, source } };
  }

  const dotnet = findDotnet(context.host, context.fs, settings.dotnetPath, context.workspaceFolder);
  if (!dotnet.ok) {
    return dotnet;
  }
  const runtimeConfig = p.join(p.dirname(serverPath), SERVER_RUNTIMECONFIG);
  return {
    ok: true,
    launch: {
      command: dotnet.dotnet,
      args: [serverPath, ...STDIO_ARGS],
      serverPath,
      source,
      dotnet: dotnet.dotnet,
      runtimeConfig: context.fs.isFile(runtimeConfig) ? runtimeConfig : undefined,
    },
  };
}

/** One line for the output channel: how the server is started. */
export function describeLaunch(launch: ServerLaunch): string {
  const quote = (s: string) => (/\s/.test(s) ? `"${s}"` : s);
  const where = launch.source === 'setting' ? `from ${SERVER_PATH_SETTING}` : launch.source === 'bundled' ? 'bundled' : 'from the repository build';
  return `Starting the language server (${where}): ${[launch.command, ...launch.args].map(quote).join(' ')}`;
}
