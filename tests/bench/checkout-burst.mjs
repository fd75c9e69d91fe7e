#!/usr/bin/env node
// A branch checkout seen by the language server (issue 13): once the server has indexed ROOT and opened OPEN, every
// file listed in LIST is rewritten on disk (FROM replaced by TO) and one workspace/didChangeWatchedFiles names them all,
// as an editor's file watcher does after `git checkout`. Prints the server's CPU seconds, RSS and publishes once a
// second until it has been idle for 3 s (or 600 s have passed), then a JSON line with the totals.
// Usage: node checkout-burst.mjs ROOT OPEN LIST FROM TO -- <server command...>   (ROOT is modified: pass a copy)
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

const argv = process.argv.slice(2);
const dd = argv.indexOf('--');
const [root, open, list, from, to] = argv.slice(0, dd);
const command = argv.slice(dd + 1);
const settings = { gitopsAi: { validation: { schemas: true } } };
const server = spawn(command[0], command.slice(1), { stdio: ['pipe', 'pipe', 'pipe'] });
const send = (msg) => { const body = JSON.stringify(msg); server.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`); };
const cpuSeconds = () => { const f = readFileSync(`/proc/${server.pid}/stat`, 'utf8').split(') ')[1].split(' '); return (Number(f[11]) + Number(f[12])) / 100; };
const rssMiB = () => Number(readFileSync(`/proc/${server.pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB/m)[1]) >> 10;

let buffer = Buffer.alloc(0);
let publishes = 0;
server.stdout.on('data', (chunk) => {
  buffer = Buffer.concat([buffer, chunk]);
  for (;;) {
    const headerEnd = buffer.indexOf('\r\n\r\n');
    if (headerEnd < 0) return;
    const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, headerEnd).toString())[1]);
    if (buffer.length < headerEnd + 4 + length) return;
    const msg = JSON.parse(buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString());
    buffer = buffer.subarray(headerEnd + 4 + length);
    if (msg.method === 'textDocument/publishDiagnostics') publishes++;
    if (msg.id === 1 && !msg.method) send({ jsonrpc: '2.0', method: 'initialized', params: {} });
    if (msg.id !== undefined && msg.method) {
      const result = msg.method === 'workspace/configuration' ? msg.params.items.map((i) => (i.section ? settings[i.section] ?? null : settings)) : null;
      send({ jsonrpc: '2.0', id: msg.id, result });
    }
  }
});

let indexed = false;
server.stderr.on('data', (chunk) => {
  if (!indexed && /Indexed [0-9]+ YAML files/.test(chunk.toString())) {
    indexed = true;
    setTimeout(openThenCheckout, 1500);
  }
});
send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: process.pid, rootUri: `file://${root}`, capabilities: { workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } } }, workspaceFolders: [{ uri: `file://${root}`, name: 'root' }], initializationOptions: settings } });

function openThenCheckout() {
  send({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri: `file://${root}/${open}`, languageId: 'yaml', version: 1, text: readFileSync(`${root}/${open}`, 'utf8') } } });
  setTimeout(() => {
    const files = readFileSync(list, 'utf8').split('\n').filter(Boolean);
    for (const file of files) writeFileSync(`${root}/${file}`, readFileSync(`${root}/${file}`, 'utf8').split(from).join(to));
    const rssBefore = rssMiB();
    const cpuBefore = cpuSeconds();
    const started = Date.now();
    console.log(`indexed, ${rssBefore} MiB; one notification of ${files.length} changed files`);
    send({ jsonrpc: '2.0', method: 'workspace/didChangeWatchedFiles', params: { changes: files.map((file) => ({ uri: `file://${root}/${file}`, type: 2 })) } });
    let last = cpuBefore;
    let idleSeconds = 0;
    const timer = setInterval(() => {
      const cpu = cpuSeconds();
      const seconds = (Date.now() - started) / 1000;
      console.log(`${seconds.toFixed(0)} s: ${(cpu - cpuBefore).toFixed(2)} s CPU, ${rssMiB()} MiB, ${publishes} publishes`);
      idleSeconds = cpu - last < 0.05 ? idleSeconds + 1 : 0;
      last = cpu;
      if (idleSeconds >= 3 || seconds > 600) {
        clearInterval(timer);
        console.log(JSON.stringify({ files: files.length, cpuSeconds: +(cpu - cpuBefore).toFixed(2), settled: idleSeconds >= 3, rssBeforeMiB: rssBefore, rssAfterMiB: rssMiB() }));
        server.kill();
        process.exit(0);
      }
    }, 1000);
  }, 3000);
}
