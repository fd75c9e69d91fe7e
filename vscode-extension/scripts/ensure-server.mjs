// Before the tests: make sure there is a server for them to start. The extension (and so the tests) use the bundled
// build in server/ (from `npm run package`) or else the Release build in the repository; when neither exists, this
// builds the latter. Progress goes to stderr, so stdout stays the test runner's TAP.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const project = join(root, '..', 'server', 'GitOpsAi.LanguageServer');
const candidates = [
  join(root, 'server', 'GitOpsAi.LanguageServer.dll'),
  join(project, 'bin', 'Release', 'net10.0', 'GitOpsAi.LanguageServer.dll'),
];
if (process.env.GITOPSAI_SERVER_PATH || candidates.some(existsSync)) {
  process.exit(0);
}
const args = ['build', '-c', 'Release', project, '--nologo', '-v', 'quiet'];
console.error(`No language server built yet: dotnet ${args.join(' ')}`);
const result = spawnSync('dotnet', args, { stdio: ['ignore', process.stderr, process.stderr] });
if (result.error) {
  console.error(`Could not run dotnet (${result.error.message}). The tests need the .NET 10 SDK on PATH.`);
  process.exit(1);
}
process.exit(result.status ?? 1);
