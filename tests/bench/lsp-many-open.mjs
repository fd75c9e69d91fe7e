// The 200-open-documents scenario of tests/bench/lsp-latency.sh: opens N-1 other manifests, then the typed file, then
// measures keystroke -> publishDiagnostics of the typed file (with that version) over single-character edits, as
// ../shared/lspbench/bench.mjs does for one file, and counts the publishes for the other documents meanwhile.
// Run from a copy of ../shared/lspbench (it uses its vscode-jsonrpc):
//   node lsp-many-open.mjs --file k8s-1k.yaml --open 200 --edits 100 --warmup 5 --settings S.json --json out.json -- <server...>
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const argv = process.argv.slice(2);
const dd = argv.indexOf('--');
const serverCmd = argv.slice(dd + 1);
const opts = {};
for (let i = 0; i < dd; i++) {
  if (argv[i].startsWith('--')) { opts[argv[i].slice(2)] = argv[i + 1]; i++; }
}
const rpc = createRequire(join(process.cwd(), 'package.json'))('vscode-jsonrpc/node');
const source = resolve(opts.file);
const open = Number(opts.open ?? 200);
const edits = Number(opts.edits ?? 100);
const warmup = Number(opts.warmup ?? 5);
const settings = opts.settings ? JSON.parse(readFileSync(opts.settings, 'utf8')) : {};
const timeoutMs = 30000;

// The workspace: the typed file and open-1 small manifests of their own names (k8s-*.yaml: the peer's schema applies).
const root = resolve(`many-${basename(source, '.yaml')}`);
mkdirSync(root, { recursive: true });
const file = join(root, basename(source));
copyFileSync(source, file);
const others = [];
for (let i = 1; i < open; i++) {
  const path = join(root, `k8s-other-${i}.yaml`);
  writeFileSync(path, `apiVersion: apps/v1
kind: Deployment
metadata:
  name: other-${i}
  namespace: other
  labels: {app: other-${i}}
spec:
  replicas: 2
  selector:
    matchLabels: {app: other-${i}}
  template:
    metadata:
      labels: {app: other-${i}}
    spec:
      containers:
        - name: app
          image: registry.example.com/other:${i}.0.0
          resources: {requests: {cpu: 10m, memory: 32Mi}, limits: {memory: 64Mi}}
---
apiVersion: v1
kind: Service
metadata:
  name: other-${i}
  namespace: other
spec:
  selector: {app: other-${i}}
  ports: [{port: 80, targetPort: 8080}]
`);
  others.push(path);
}

const uri = pathToFileURL(file).href;
const rootUri = pathToFileURL(root).href;
const otherUris = new Set(others.map(p => pathToFileURL(p).href));
const child = spawn(serverCmd[0], serverCmd.slice(1), { stdio: ['pipe', 'pipe', 'pipe'] });
child.stderr.on('data', () => {});
const conn = rpc.createMessageConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));
const settingFor = section => section ? section.split('.').reduce((c, p) => (c == null ? null : c[p]), settings) ?? null : settings;
conn.onRequest('workspace/configuration', p => p.items.map(it => settingFor(it.section)));
conn.onRequest(() => null);
conn.onNotification(() => {});

const seenOthers = new Set();
let otherPublishes = 0;
let waiter = null;
conn.onNotification('textDocument/publishDiagnostics', p => {
  const t = performance.now();
  if (otherUris.has(p.uri)) { seenOthers.add(p.uri); otherPublishes++; return; }
  if (p.uri !== uri) return;
  if (waiter && (p.version == null || p.version >= waiter.version)) { const w = waiter; waiter = null; clearTimeout(w.timer); w.resolve(t); }
});
const waitFor = version => new Promise(r => { const timer = setTimeout(() => { waiter = null; r(null); }, timeoutMs); waiter = { version, resolve: r, timer }; });
const sleep = ms => new Promise(r => setTimeout(r, ms));
conn.listen();

const pct = (s, p) => s[Math.min(s.length, Math.max(1, Math.ceil((p / 100) * s.length))) - 1];
const result = { label: opts.label ?? serverCmd.join(' '), open, lines: readFileSync(file, 'utf8').split('\n').length, edits };
try {
  await conn.sendRequest('initialize', {
    processId: process.pid, rootUri, workspaceFolders: [{ uri: rootUri, name: 'root' }], initializationOptions: settings,
    capabilities: {
      workspace: { configuration: true, workspaceFolders: true },
      textDocument: { synchronization: { didSave: true }, publishDiagnostics: { versionSupport: true } },
    },
  });
  await conn.sendNotification('initialized', {});
  await conn.sendNotification('workspace/didChangeConfiguration', { settings });
  for (const path of others) {
    await conn.sendNotification('textDocument/didOpen', { textDocument: { uri: pathToFileURL(path).href, languageId: 'yaml', version: 1, text: readFileSync(path, 'utf8') } });
  }
  const text = readFileSync(file, 'utf8');
  const opened = waitFor(1);
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  await opened;
  // Settle: every document published and nothing more coming for 2 s (indexing, re-checks after opening).
  for (let quiet = 0, last = -1; quiet < 20;) { await sleep(100); quiet = otherPublishes === last ? quiet + 1 : 0; last = otherPublishes; }
  result.othersPublishedAtOpen = seenOthers.size;

  const lines = text.split('\n');
  let targets = lines.flatMap((l, i) => (/^\s+name:\s+[A-Za-z0-9_.-]+\s*$/.test(l) ? [i] : []));
  const pairs = Math.ceil((edits + warmup) / 2);
  if (targets.length > pairs) targets = Array.from({ length: pairs }, (_, k) => targets[Math.floor(k * targets.length / pairs)]);
  const before = otherPublishes;
  const latencies = [];
  let version = 1;
  for (let e = 0; e < edits + warmup; e++) {
    const line = targets[Math.floor(e / 2) % targets.length];
    const insert = e % 2 === 0;
    const col = insert ? lines[line].length : lines[line].length - 1;
    lines[line] = insert ? lines[line] + 'x' : lines[line].slice(0, -1);
    version++;
    const change = { range: { start: { line, character: col }, end: { line, character: insert ? col : col + 1 } }, text: insert ? 'x' : '' };
    const sent = performance.now();
    const got = waitFor(version);
    await conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [change] });
    const t = await got;
    if (t === null) throw new Error(`no diagnostics for edit ${e} within ${timeoutMs} ms`);
    if (e >= warmup) latencies.push(t - sent);
  }
  result.otherPublishesDuringEdits = otherPublishes - before;
  await sleep(1000);
  result.otherPublishesAfterEdits = otherPublishes - before - result.otherPublishesDuringEdits;
  const sorted = latencies.sort((a, b) => a - b);
  const r = x => Math.round(x * 10) / 10;
  result.editLatencyMs = { n: sorted.length, median: r(pct(sorted, 50)), p95: r(pct(sorted, 95)), p99: r(pct(sorted, 99)), max: r(sorted[sorted.length - 1]) };
  await Promise.race([conn.sendRequest('shutdown'), sleep(5000)]);
  await conn.sendNotification('exit');
} catch (e) {
  result.error = String(e?.stack ?? e);
}
await sleep(300);
child.kill('SIGTERM');
conn.dispose();
if (opts.json) writeFileSync(opts.json, JSON.stringify(result, null, 2) + '\n');
console.log(JSON.stringify(result));
process.exit(result.error ? 1 : 0);
