// The real file system, process and environment behind the pure modules' interfaces. No `vscode` import.
import * as childProcess from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import type { Exec, FileProbe, HostInfo } from './dotnet';

export const nodeFileProbe: FileProbe = {
  isFile(filePath: string): boolean {
    try {
      return fs.statSync(filePath).isFile();
    } catch {
      return false;
    }
  },
  isDirectory(filePath: string): boolean {
    try {
      return fs.statSync(filePath).isDirectory();
    } catch {
      return false;
    }
  },
};

export function currentHost(): HostInfo {
  return { platform: process.platform, env: { ...process.env }, homeDir: os.homedir() };
}

export const execText: Exec = (command, args, timeoutMs) =>
  new Promise((resolve, reject) => {
    childProcess.execFile(command, args, { timeout: timeoutMs, windowsHide: true, encoding: 'utf8' }, (error, stdout) => {
      if (error) {
        reject(error);
      } else {
        resolve(stdout);
      }
    });
  });

export function readTextIfExists(filePath: string | undefined): string | undefined {
  if (filePath === undefined) {
    return undefined;
  }
  try {
    return fs.readFileSync(filePath, 'utf8');
  } catch {
    return undefined;
  }
}
