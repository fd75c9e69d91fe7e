#!/usr/bin/env bash
# Measures the GitOpsAi language server against yaml-language-server (the peer) with ../shared/lspbench, in one run:
# didOpen->diagnostics, edit->diagnostics (200 single-character edits) and peak RSS at 1k and 10k lines.
# Usage: tests/bench/lsp-latency.sh [edits]   (needs node, npm and ../shared/lspbench; writes results under $OUT)
# Then the same edits with 200 documents open (tests/bench/lsp-many-open.mjs): keystroke -> diagnostics of the typed
# file while 199 other manifests are open, and how many publishes the others got. MANY_OPEN=0 skips it.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
bench_src=${LSPBENCH:-$repo/../shared/lspbench}
edits=${1:-200}
OUT=${OUT:-/tmp/gitops-ai-lspbench}
mkdir -p "$OUT"
rm -rf "$OUT/lspbench" && cp -r "$bench_src" "$OUT/lspbench"
cd "$OUT/lspbench"
[ -d node_modules ] || npm ci --silent
[ -f k8s-all.schema.json ] || dotnet run -c Release --project k8sschema -- k8s-all.schema.json > /dev/null
[ -f k8s-1k.yaml ] || node gen-k8s-yaml.mjs --lines 1000 --out k8s-1k.yaml --errors 3 > /dev/null
[ -f k8s-10k.yaml ] || node gen-k8s-yaml.mjs --lines 10000 --out k8s-10k.yaml --errors 10 > /dev/null
printf '{"yaml":{"validate":true,"hover":true,"completion":true,"format":{"enable":false},"schemaStore":{"enable":false},"kubernetesCRDStore":{"enable":false},"schemas":{"file://%s/k8s-all.schema.json":["k8s-*.yaml"]}}}\n' "$PWD" > yls-settings.json
printf '{"gitopsAi":{"validation":{"schemas":true}}}\n' > gitops-ai-settings.json

dotnet build -c Release "$repo/server/GitOpsAi.LanguageServer" -v quiet --nologo > /dev/null
ours="dotnet $repo/server/GitOpsAi.LanguageServer/bin/Release/net10.0/GitOpsAi.LanguageServer.dll --stdio"
peer="node node_modules/yaml-language-server/bin/yaml-language-server --stdio"
mkdir -p results
for f in k8s-1k k8s-10k; do
  node bench.mjs --quiet --file $f.yaml --edits "$edits" --warmup 5 --settings yls-settings.json --label "yaml-language-server $f" --json results/peer-$f.json -- $peer > /dev/null
  node bench.mjs --quiet --file $f.yaml --edits "$edits" --warmup 5 --settings gitops-ai-settings.json --label "gitops-ai $f" --json results/ours-$f.json -- $ours > /dev/null
done
node -e '
const fs=require("fs");
for (const f of ["peer-k8s-1k","ours-k8s-1k","peer-k8s-10k","ours-k8s-10k"]) {
  const r=JSON.parse(fs.readFileSync("results/"+f+".json"));
  if (r.error) { console.log(r.label, "ERROR", r.error); continue; }
  const e=r.editLatencyMs;
  console.log(`${r.label.padEnd(32)} lines=${r.lines} open->diag=${r.openToDiagnosticsMs}ms (${r.openDiagnosticsCount} diags) edit median=${e.median} p95=${e.p95} p99=${e.p99} max=${e.max} VmHWM=${(r.peakRssKb.serverVmHWM/1024).toFixed(1)}MiB`);
}'

# 200 documents open: the typed file (1k / 10k lines) and 199 small manifests, both servers on the same edits.
if [ "${MANY_OPEN:-1}" != 0 ]; then
  for f in k8s-1k k8s-10k; do
    node "$repo/tests/bench/lsp-many-open.mjs" --file $f.yaml --open 200 --edits "$edits" --warmup 5 --settings yls-settings.json --label "yaml-language-server $f" --json results/many-peer-$f.json -- $peer > /dev/null
    node "$repo/tests/bench/lsp-many-open.mjs" --file $f.yaml --open 200 --edits "$edits" --warmup 5 --settings gitops-ai-settings.json --label "gitops-ai $f" --json results/many-ours-$f.json -- $ours > /dev/null
  done
  node -e '
const fs=require("fs");
for (const f of ["many-peer-k8s-1k","many-ours-k8s-1k","many-peer-k8s-10k","many-ours-k8s-10k"]) {
  const r=JSON.parse(fs.readFileSync("results/"+f+".json"));
  if (r.error) { console.log(r.label, "ERROR", r.error); continue; }
  const e=r.editLatencyMs;
  console.log(`200 open: ${r.label.padEnd(32)} lines=${r.lines} edit median=${e.median} p95=${e.p95} p99=${e.p99} max=${e.max} other publishes during/after edits=${r.otherPublishesDuringEdits}/${r.otherPublishesAfterEdits}`);
}'
fi
