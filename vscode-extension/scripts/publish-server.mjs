// Publishes the C# language server into vscode-extension/server/ (framework-dependent, no platform apphost), so the
// .vsix carries GitOpsAi.LanguageServer.dll and runs it with the user's dotnet.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const project = join(root, '..', 'server', 'GitOpsAi.LanguageServer', 'GitOpsAi.LanguageServer.csproj');
const output = join(root, 'server');

rmSync(output, { recursive: true, force: true });
const args = ['publish', project, '-c', 'Release', '-o', output, '--nologo'];
console.log(`dotnet ${args.join(' ')}`);
const result = spawnSync('dotnet', args, { stdio: 'inherit' });
if (result.error) {
  console.error(`Could not run dotnet (${result.error.message}). Packaging needs the .NET 10 SDK on PATH.`);
  process.exit(1);
}
if (result.status !== 0) {
  process.exit(result.status ?? 1);
}
// The .vsix is for every platform: drop this machine's apphost (the server is run as `dotnet GitOpsAi.LanguageServer.dll`)
// and the build-time schema generator's leftovers, which Core's build copies along.
for (const name of readdirSync(output)) {
  if (name === 'GitOpsAi.LanguageServer' || name === 'GitOpsAi.LanguageServer.exe' || name.startsWith('GitOpsAi.SchemaGen')) {
    rmSync(join(output, name), { force: true });
  }
}
if (!existsSync(join(output, 'GitOpsAi.LanguageServer.dll'))) {
  console.error(`dotnet publish finished but ${join(output, 'GitOpsAi.LanguageServer.dll')} is missing.`);
  process.exit(1);
}
