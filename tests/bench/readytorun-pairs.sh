#!/usr/bin/env bash
# Cold `gitops-ai check` with and without the Release build's ReadyToRun images, alternating, same commit
# (docs/benchmarks.md, "ReadyToRun in the build (r2r5)").
# Usage: tests/bench/readytorun-pairs.sh [rounds] [folder...]   (default: examples/flux-repo and ../shared/corpus)
# The IL side is a copy of bin/Release/net10.0 with each image replaced by the IL file it was compiled from (the first
# line of its obj/Release/net10.0/R2R-build/*.rsp). One line per run: wall, user, sys, peak RSS, load, and whether the
# report is byte-identical to the other side's.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
rounds=${1:-3}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("$repo/examples/flux-repo" "$repo/../shared/corpus")
OUT=${OUT:-/tmp/gitops-ai-r2r-pairs}
project="$repo/server/GitOpsAi.Cli"
dotnet build -c Release "$project" -v quiet --nologo > /dev/null
grep -q "readytorun: on" "$project/bin/Release/net10.0/gitops-ai.readytorun.txt" || { cat "$project/bin/Release/net10.0/gitops-ai.readytorun.txt" >&2; exit 1; }
rm -rf "$OUT" && mkdir -p "$OUT"
cp -r "$project/bin/Release/net10.0" "$OUT/r2r"
cp -r "$project/bin/Release/net10.0" "$OUT/il"
for rsp in "$project"/obj/Release/net10.0/R2R-build/*.rsp; do
  source=$(head -1 "$rsp" | tr -d '"')
  case "$source" in /*) ;; *) source="$project/$source" ;; esac
  cp "$source" "$OUT/il/$(basename "$rsp" .rsp)"
done
for target in "${targets[@]}"; do
  echo "== $target"
  for i in $(seq "$rounds"); do
    for side in il r2r; do
      load=$(cut -d' ' -f1 /proc/loadavg)
      /usr/bin/time -o "$OUT/time" -f "%e s wall %U user %S sys %M KB" dotnet "$OUT/$side/gitops-ai.dll" check "$target" --format json > "$OUT/$side.json" 2> /dev/null || true
      same=""
      [ "$side" = r2r ] && { cmp -s "$OUT/il.json" "$OUT/r2r.json" && same="same report" || same="REPORTS DIFFER"; }
      echo "$side load=$load $(tail -1 "$OUT/time") $same"
    done
  done
done
