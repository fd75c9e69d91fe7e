#!/usr/bin/env bash
# Cold `gitops-ai check` over the whole shared corpus (3,529 files), timed over several runs (each a new process).
# Usage: tests/bench/corpus-check.sh [runs]   (REPO=<another checkout> times that one instead, for before/after pairs)
set -euo pipefail
repo=${REPO:-$(cd "$(dirname "$0")/../.." && pwd)}
corpus=${CORPUS:-$(cd "$(dirname "$0")/../.." && pwd)/../shared/corpus}
runs=${1:-5}
dotnet build -c Release "$repo/server/GitOpsAi.Cli" -v quiet --nologo > /dev/null
cli="$repo/server/GitOpsAi.Cli/bin/Release/net10.0/gitops-ai.dll"
for i in $(seq "$runs"); do
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  /usr/bin/time -f "%e s wall, %U s user, %M KB max RSS" dotnet "$cli" check "$corpus" --format json > /tmp/gitops-ai-corpus.json 2> /tmp/gitops-ai-corpus.time || true
  echo "$(tail -1 /tmp/gitops-ai-corpus.time), load average $load"
done
node -e 'const d=require("/tmp/gitops-ai-corpus.json").diagnostics; const by={}; for (const x of d) by[x.severity]=(by[x.severity]||0)+1; console.log(d.length+" diagnostics", JSON.stringify(by));'
