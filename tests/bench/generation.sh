#!/usr/bin/env bash
# Generation figures for docs/benchmarks.md:
#  1. offline generation + gate per request (target <= 50 ms), in generated repositories of 1,000 and 10,000 resources;
#  2. keystroke diagnostics with and without the generation feature: the 10k-line lspbench file with request comments
#     in it, edited 200 times, against this build and against BASE_SERVER (a GitOpsAi.LanguageServer.dll built from a
#     commit before generation), alternating runs so both see the same machine load.
# Usage: tests/bench/generation.sh [BASE_SERVER]   (the second part needs node and tests/bench/lsp-latency.sh run once)
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
dotnet build -c Release "$repo/tests/GitOpsAi.Benchmarks" -v quiet --nologo > /dev/null
for resources in 1000 10000; do
  dotnet "$repo/tests/GitOpsAi.Benchmarks/bin/Release/net10.0/GitOpsAi.Benchmarks.dll" generate "$resources"
done

base=${1:-}
bench=${OUT:-/tmp/gitops-ai-lspbench}/lspbench
[ -n "$base" ] && [ -f "$bench/k8s-10k.yaml" ] || { echo "skipping the keystroke comparison (no BASE_SERVER or no lspbench; run tests/bench/lsp-latency.sh first)"; exit 0; }
dotnet build -c Release "$repo/server/GitOpsAi.LanguageServer" -v quiet --nologo > /dev/null
cd "$bench"
# A request comment every 500 lines: the code action and lens scan sees them, the diagnostics path never generates.
awk 'NR % 500 == 1 { print "# gitops: service for deployment app-4" } { print }' k8s-10k.yaml > k8s-10k-requests.yaml
for round in 1 2; do
  for server in "$base" "$repo/server/GitOpsAi.LanguageServer/bin/Release/net10.0/GitOpsAi.LanguageServer.dll"; do
    label=$([ "$server" = "$base" ] && echo "before generation" || echo "with generation")
    node bench.mjs --quiet --file k8s-10k-requests.yaml --edits 200 --warmup 5 --settings gitops-ai-settings.json --label "$label" --json "results/gen-$round-${label// /-}.json" -- dotnet "$server" --stdio > /dev/null
    node -e 'const r=JSON.parse(require("fs").readFileSync(process.argv[1])); const e=r.editLatencyMs; console.log(`${r.label.padEnd(18)} round '"$round"': open->diag=${r.openToDiagnosticsMs}ms edit median=${e.median} p95=${e.p95} p99=${e.p99}`)' "results/gen-$round-${label// /-}.json"
  done
done
