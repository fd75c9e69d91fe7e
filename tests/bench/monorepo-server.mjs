#!/usr/bin/env node
// A stdio pass-through between lspbench's bench.mjs and a language server, for the monorepo bench (issue 13).
// bench.mjs opens its file right after `initialized`; in a 50,000-resource repository the edits would then be measured
// while the folder is still being indexed (against an empty workspace). With --wait-stderr REGEX, every client message
// after `initialized` is held until the server's stderr matches REGEX (GitOpsAi logs "Indexed N YAML files"), so the
// edits are measured against the indexed repository. It also samples the server's VmRSS once indexing is done and
// when the client sends `shutdown` (after the edits), and writes them with the indexing time to --report FILE.
// With --settle-ms N, `shutdown` is held N ms more (under bench.mjs's 5 s shutdown timeout) and VmRSS sampled again:
// what `top` shows once the user has stopped typing, after the server's idle-time housekeeping (rssSettledKb).
// With --gc-events FILE, `dotnet-counters collect` (on PATH or in ~/.dotnet/tools) records the server's System.Runtime
// counters (GC heap size, fragmentation, committed bytes, gen counts) every second to FILE (CSV).
// Usage: node monorepo-server.mjs --report FILE [--wait-stderr REGEX] [--settle-ms N] [--gc-events FILE] -- <server command...>
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const argv = process.argv.slice(2);
const dd = argv.indexOf('--');
const opts = {};
for (let i = 0; i < dd; i += 2) opts[argv[i].slice(2)] = argv[i + 1];
const command = argv.slice(dd + 1);
const waitFor = opts['wait-stderr'] ? new RegExp(opts['wait-stderr']) : null;
const report = { command: command.join(' ') };
const save = () => { if (opts.report) writeFileSync(opts.report, JSON.stringify(report, null, 2) + '\n'); };

const server = spawn(command[0], command.slice(1), { stdio: ['pipe', 'pipe', 'pipe'] });
server.stdout.pipe(process.stdout);
server.on('exit', (code) => { save(); process.exit(code ?? 1); });
if (opts['gc-events']) {
  const tools = `${process.env.HOME}/.dotnet/tools`;
  spawn('dotnet-counters', ['collect', '-p', String(server.pid), '--format', 'csv', '--refresh-interval', '1', '-o', opts['gc-events'], '--counters', 'System.Runtime'],
    { stdio: 'ignore', env: { ...process.env, PATH: `${process.env.PATH}:${tools}` } }).on('error', () => {});
}
const settleMs = Number(opts['settle-ms'] ?? 0);
process.stdin.on('end', () => server.stdin.end());

function rssKb() {
  try { return Number(readFileSync(`/proc/${server.pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB/m)[1]); } catch { return null; }
}

let initializedAt = null;
let released = waitFor === null;
const held = [];
let stderrText = '';
server.stderr.on('data', (chunk) => {
  process.stderr.write(chunk);
  if (released) return;
  stderrText = (stderrText + chunk.toString()).slice(-4000);
  if (waitFor.test(stderrText)) {
    released = true;
    report.indexingMs = initializedAt === null ? null : Math.round(performance.now() - initializedAt);
    // A moment for the collector after the burst of indexing, then the figure a user would see in `top`.
    setTimeout(() => {
      report.rssAfterIndexingKb = rssKb();
      for (const message of held) server.stdin.write(message);
      held.length = 0;
    }, 1000);
  }
});

let settling = Promise.resolve();

// Content-Length framing, client to server: each message is forwarded whole, or held while indexing.
let buffer = Buffer.alloc(0);
process.stdin.on('data', (chunk) => {
  buffer = Buffer.concat([buffer, chunk]);
  for (;;) {
    const headerEnd = buffer.indexOf('\r\n\r\n');
    if (headerEnd < 0) return;
    const length = Number(/Content-Length:\s*(\d+)/i.exec(buffer.subarray(0, headerEnd).toString())[1]);
    const end = headerEnd + 4 + length;
    if (buffer.length < end) return;
    const message = buffer.subarray(0, end);
    buffer = buffer.subarray(end);
    const method = JSON.parse(message.subarray(headerEnd + 4).toString()).method;
    if (method === 'initialized') initializedAt = performance.now();
    if (method === 'shutdown') { report.rssAtShutdownKb = rssKb(); save(); }
    if (settleMs > 0 && (method === 'shutdown' || method === 'exit')) {
      // Held in order (exit follows shutdown's answer, so it is queued behind it here).
      settling = settling.then(() => new Promise((resolve) => setTimeout(() => {
        if (method === 'shutdown') { report.rssSettledKb = rssKb(); save(); }
        server.stdin.write(message);
        resolve();
      }, method === 'shutdown' ? settleMs : 0)));
      continue;
    }
    if (released || initializedAt === null || method === 'initialized') server.stdin.write(message);
    else held.push(message);
  }
});
