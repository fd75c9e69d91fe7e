import type { FileProbe, HostInfo } from '../src/dotnet';

/** A file system holding exactly these files; their parent folders exist too. */
export function fakeFs(files: string[], extraDirs: string[] = []): FileProbe & { asked: string[] } {
  const fileSet = new Set(files);
  const dirSet = new Set(extraDirs);
  for (const file of files) {
    let dir = file;
    for (;;) {
      const cut = Math.max(dir.lastIndexOf('/'), dir.lastIndexOf('\\'));
      if (cut <= 0) {
        break;
      }
      dir = dir.slice(0, cut);
      dirSet.add(dir);
    }
  }
  const asked: string[] = [];
  return {
    asked,
    isFile: p => {
      asked.push(p);
      return fileSet.has(p);
    },
    isDirectory: p => dirSet.has(p),
  };
}

export function linuxHost(env: Record<string, string | undefined> = {}): HostInfo {
  return { platform: 'linux', env: { PATH: '/usr/local/bin:/usr/bin:/bin', ...env }, homeDir: '/home/dev' };
}

export function windowsHost(env: Record<string, string | undefined> = {}): HostInfo {
  return {
    platform: 'win32',
    env: { Path: 'C:\\Windows\\system32;C:\\Program Files\\dotnet\\', ProgramFiles: 'C:\\Program Files', ...env },
    homeDir: 'C:\\Users\\dev',
  };
}
