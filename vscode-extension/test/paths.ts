import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The vscode-extension folder, found from the bundled test's location (dist/test/...). */
export function extensionRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'src', 'extension.ts'))) {
    const parent = dirname(dir);
    if (parent === dir) {
      throw new Error(`no vscode-extension folder above ${__dirname}`);
    }
    dir = parent;
  }
  return dir;
}

/** The repository root (holds server/ and Directory.Build.props). */
export function repoRoot(): string {
  return dirname(extensionRoot());
}
