#!/usr/bin/env bash
# Runs of the same `gitops-ai check ../shared/corpus` must write the same report, however loaded the machine is.
# Starts N checks at once (they load the machine for each other), then compares every report with one run alone.
# Usage: tests/bench/corpus-determinism.sh [concurrent runs]   (REPO=<another checkout> checks that one instead)
set -euo pipefail
repo=${REPO:-$(cd "$(dirname "$0")/../.." && pwd)}
corpus=${CORPUS:-$(cd "$(dirname "$0")/../.." && pwd)/../shared/corpus}
runs=${1:-3}
out=${OUT:-/tmp/gitops-ai-determinism}
mkdir -p "$out"
dotnet build -c Release "$repo/server/GitOpsAi.Cli" -v quiet --nologo > /dev/null
cli="$repo/server/GitOpsAi.Cli/bin/Release/net10.0/gitops-ai.dll"
dotnet "$cli" check "$corpus" --format json > "$out/alone.json" 2> /dev/null || true
echo "alone: $(md5sum < "$out/alone.json" | cut -c1-8), load average $(cut -d' ' -f1-3 /proc/loadavg)"
pids=()
for i in $(seq "$runs"); do
  dotnet "$cli" check "$corpus" --format json > "$out/concurrent-$i.json" 2> /dev/null &
  pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid" || true; done
differ=0
for i in $(seq "$runs"); do
  if cmp -s "$out/alone.json" "$out/concurrent-$i.json"; then same=identical; else same=DIFFERENT; differ=$((differ + 1)); fi
  echo "concurrent run $i: $(md5sum < "$out/concurrent-$i.json" | cut -c1-8) $same"
done
echo "$differ of $runs concurrent runs differ from the run alone"
[ "$differ" -eq 0 ]
