#!/usr/bin/env bash
# Cold `gitops-ai check` over a generated repository of N resources (default 50,000: 5,000 files of 10), timed over
# several runs (each a new process), with the load average beside each figure (the build machine is shared).
# Usage: tests/bench/cli-throughput.sh [resources] [runs]   (REPO=<another checkout> times that one instead)
set -euo pipefail
repo=${REPO:-$(cd "$(dirname "$0")/../.." && pwd)}
resources=${1:-50000}
runs=${2:-3}
folder=${FOLDER:-/tmp/gitops-ai-synthetic-$resources}
dotnet build -c Release "$repo/server/GitOpsAi.Cli" -v quiet --nologo > /dev/null
dotnet build -c Release "$repo/tests/GitOpsAi.Benchmarks" -v quiet --nologo > /dev/null
if [ ! -d "$folder" ]; then
  dotnet "$repo/tests/GitOpsAi.Benchmarks/bin/Release/net10.0/GitOpsAi.Benchmarks.dll" write "$folder" "$resources"
fi
cli="$repo/server/GitOpsAi.Cli/bin/Release/net10.0/gitops-ai.dll"
for i in $(seq "$runs"); do
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  /usr/bin/time -f "%e %U %M" dotnet "$cli" check "$folder" --format json > /tmp/gitops-ai-throughput.json 2> /tmp/gitops-ai-throughput.time || true
  read -r wall user rss < <(tail -1 /tmp/gitops-ai-throughput.time)
  echo "$resources resources: $wall s wall ($(awk "BEGIN { printf \"%d\", $resources / $wall }") resources/s), $user s user, $((rss / 1024)) MiB max RSS, load average $load"
done
