#!/usr/bin/env bash
# What the drift cache holds: a process serves N objects as kube-apiserver returns kubectl-applied objects (status,
# managedFields with the controller manager's status entry, last-applied annotation); another process lists them into
# a ClusterCache and prints the managed heap the cache holds and its own RSS / peak RSS (VmHWM). RUNS times each.
# Usage: [RUNS=3] tests/bench/drift-memory.sh [objects]
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
objects=${1:-10000}
dotnet build -c Release "$repo/tests/GitOpsAi.Benchmarks" -v quiet --nologo > /dev/null
bench="dotnet $repo/tests/GitOpsAi.Benchmarks/bin/Release/net10.0/GitOpsAi.Benchmarks.dll"
folder=$(mktemp -d)
$bench drift-memory serve "$objects" "$folder" > "$folder/serve.out" &
server=$!
trap 'kill "$server" 2>/dev/null || true; rm -rf "$folder"' EXIT
for _ in $(seq 300); do [ -s "$folder/serve.out" ] && break; sleep 0.2; done
kubeconfig=$(head -1 "$folder/serve.out")
for _ in $(seq "${RUNS:-3}"); do
  echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  $bench drift-memory "$kubeconfig"
done
