// Bundles the extension (dist/extension.js) or the tests (dist/test/*.test.js) with esbuild.
//   node scripts/build.mjs extension [--production]
//   node scripts/build.mjs tests
import * as esbuild from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [target = 'extension', ...flags] = process.argv.slice(2);
const production = flags.includes('--production');

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  // VS Code 1.91 runs extensions on Node.js 20.
  target: 'node20',
  format: 'cjs',
  logLevel: 'warning',
};

function testEntries(dir) {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter(entry => entry.isFile() && entry.name.endsWith('.test.ts'))
    .map(entry => relative(root, join(entry.parentPath ?? entry.path, entry.name)));
}

if (target === 'extension') {
  await esbuild.build({
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    // Provided by VS Code at run time.
    external: ['vscode'],
    minify: production,
    sourcemap: production ? false : 'linked',
    metafile: false,
  });
} else if (target === 'tests') {
  rmSync(join(root, 'dist', 'test'), { recursive: true, force: true });
  // No `external: ['vscode']`: a test that pulled in the vscode API would fail to bundle, which keeps the tested
  // modules free of it.
  await esbuild.build({
    ...common,
    entryPoints: testEntries('test'),
    outdir: 'dist/test',
    outbase: 'test',
    sourcemap: 'inline',
  });
  // The extension as it ships, for the test that loads it into a stand-in VS Code (outside dist/test, which holds
  // only test files).
  await esbuild.build({
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/host/extension.js',
    external: ['vscode'],
    sourcemap: 'inline',
  });
} else {
  console.error(`unknown target '${target}' (use 'extension' or 'tests')`);
  process.exit(2);
}
