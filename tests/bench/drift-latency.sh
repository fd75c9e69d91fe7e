#!/usr/bin/env bash
# Typing latency with drift on: keystroke -> diagnostics of the GitOpsAi language server with gitopsAi.cluster.enabled
# against a loopback API emulator serving the edited file's objects (tests/GitOpsAi.Benchmarks drift-serve: server
# defaults, managedFields, status, one Deployment in ten hand-edited), the same with drift off, and yaml-language-server
# on the same edits (the target: our median <= 1/10 of its). Uses ../shared/lspbench like lsp-latency.sh.
# Usage: [SIZES="k8s-1k k8s-10k"] [PEER=0] [RUNS="off on"] tests/bench/drift-latency.sh [edits]
# (PEER=0 skips yaml-language-server; RUNS picks our servers: "on" alone for a quick drift-on figure)   (needs node, npm and ../shared/lspbench; writes results under $OUT)
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
bench_src=${LSPBENCH:-$repo/../shared/lspbench}
edits=${1:-200}
OUT=${OUT:-/tmp/gitops-ai-drift-bench}
mkdir -p "$OUT"
# Kept between runs: node_modules, the schema and the generated files (the sources are copied over them).
mkdir -p "$OUT/lspbench" && cp -r "$bench_src"/. "$OUT/lspbench"/
cd "$OUT/lspbench"
[ -d node_modules ] || npm ci --silent
[ -f k8s-all.schema.json ] || dotnet run -c Release --project k8sschema -- k8s-all.schema.json > /dev/null
[ -f k8s-1k.yaml ] || node gen-k8s-yaml.mjs --lines 1000 --out k8s-1k.yaml --errors 3 > /dev/null
[ -f k8s-10k.yaml ] || node gen-k8s-yaml.mjs --lines 10000 --out k8s-10k.yaml --errors 10 > /dev/null
printf '{"yaml":{"validate":true,"hover":true,"completion":true,"format":{"enable":false},"schemaStore":{"enable":false},"kubernetesCRDStore":{"enable":false},"schemas":{"file://%s/k8s-all.schema.json":["k8s-*.yaml"]}}}\n' "$PWD" > yls-settings.json
printf '{"gitopsAi":{"validation":{"schemas":true}}}\n' > drift-off-settings.json

dotnet build -c Release "$repo/server/GitOpsAi.LanguageServer" -v quiet --nologo > /dev/null
dotnet build -c Release "$repo/tests/GitOpsAi.Benchmarks" -v quiet --nologo > /dev/null
ours="dotnet $repo/server/GitOpsAi.LanguageServer/bin/Release/net10.0/GitOpsAi.LanguageServer.dll --stdio"
peer="node node_modules/yaml-language-server/bin/yaml-language-server --stdio"
serve="dotnet $repo/tests/GitOpsAi.Benchmarks/bin/Release/net10.0/GitOpsAi.Benchmarks.dll drift-serve"
mkdir -p results
emulator=
trap '[ -n "$emulator" ] && kill "$emulator" 2>/dev/null || true' EXIT
for f in ${SIZES:-k8s-1k k8s-10k}; do
  rm -rf "emulator-$f"
  $serve "$f.yaml" "$PWD/emulator-$f" > "emulator-$f.out" 2> "emulator-$f.err" &
  emulator=$!
  for _ in $(seq 300); do [ -s "emulator-$f.out" ] && break; sleep 0.2; done # up to a minute on a loaded machine
  kubeconfig=$(head -1 "emulator-$f.out")
  [ -f "$kubeconfig" ] || { echo "the emulator did not start: $(cat "emulator-$f.err")"; exit 1; }
  printf '{"gitopsAi":{"validation":{"schemas":true},"cluster":{"enabled":true,"kubeconfig":"%s"}}}\n' "$kubeconfig" > drift-on-settings.json
  rm -f results/*-$f.json
  [ "${PEER:-1}" = 0 ] || node bench.mjs --quiet --file $f.yaml --edits "$edits" --warmup 5 --settings yls-settings.json --label "yaml-language-server $f" --json results/peer-$f.json -- $peer > /dev/null
  for run in ${RUNS:-off on}; do
    node bench.mjs --quiet --file $f.yaml --edits "$edits" --warmup 5 --settings drift-$run-settings.json --label "gitops-ai drift $run $f" --json results/$run-$f.json -- $ours > /dev/null
  done
  kill "$emulator"; wait "$emulator" 2>/dev/null || true; emulator=
  echo "$(cat "emulator-$f.err")"
done
SIZES=${SIZES:-k8s-1k k8s-10k} node -e '
const fs=require("fs");
for (const f of (process.env.SIZES||"k8s-1k k8s-10k").split(" ")) for (const k of ["peer","off","on"]) {
  if (!fs.existsSync("results/"+k+"-"+f+".json")) continue;
  const r=JSON.parse(fs.readFileSync("results/"+k+"-"+f+".json"));
  if (r.error) { console.log(r.label, "ERROR", r.error); continue; }
  const e=r.editLatencyMs;
  console.log(`${r.label.padEnd(32)} lines=${r.lines} open->diag=${r.openToDiagnosticsMs}ms (${r.openDiagnosticsCount} diags) edit median=${e.median} p95=${e.p95} p99=${e.p99} max=${e.max} last diags=${r.lastDiagnosticsCount} VmHWM=${(r.peakRssKb.serverVmHWM/1024).toFixed(1)}MiB`);
}'
