#!/usr/bin/env bash
# How the CLI check (and, with LSP=1, a keystroke in the language server) grows with size in kustomize shapes our
# monorepo generator does not make (issue 13): flat folders, deep overlay chains, one base under many overlays,
# patches and replacements that target thousands of objects, generators at scale, nested components, Flux
# Kustomizations in dependsOn chains (tests/bench/gen-kustomize-shapes.mjs describes each).
# For each shape and size: the check's CPU seconds, allocated MB and peak working set (GITOPSAI_TIMING=1), the CPU
# microseconds per rendered object, and the marginal cost per object between consecutive sizes (the figure that shows
# a superlinear step: it should stay flat as the size grows). With LSP=1, the largest size of each shape gets two
# lspbench runs (an edit in a leaf manifest and in the most-shared kustomization), and each edited file alone in a tiny
# folder gets one, as tests/bench/monorepo-latency.sh does.
# Usage: tests/bench/kustomize-shapes.sh   (env: SHAPES="flat-files ...", SIZES="1000 10000 50000", CLI=path/to/gitops-ai.dll,
#        LSP=1 (LSP_ONLY=1 skips the CLI), LSP_SIZE (the largest of SIZES), EDITS=100, OUT=/tmp/gitops-ai-kustomize-shapes; the CLI must be built:
#        dotnet build server/GitOpsAi.Cli -c Release)
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
shapes=${SHAPES:-flat-files flat-docs deep-chain wide-base patch-many generators components flux}
sizes=${SIZES:-1000 10000 50000}
cli=${CLI:-$repo/server/GitOpsAi.Cli/bin/Release/net10.0/gitops-ai.dll}
OUT=${OUT:-/tmp/gitops-ai-kustomize-shapes}
mkdir -p "$OUT"
table=$OUT/cli.tsv
printf 'shape\tsize\trendered\tcpu_s\tus_per_object\tmarginal_us_per_object\tallocated_mb\tpeak_mib\n' > "$table"

for shape in $shapes; do
  [ "${LSP_ONLY:-0}" = 1 ] && break
  previous_cpu='' previous_rendered=''
  for size in $sizes; do
    info=$(node "$repo/tests/bench/gen-kustomize-shapes.mjs" --shape "$shape" --resources "$size" --out "$OUT/$shape-$size")
    rendered=$(node -e 'console.log(JSON.parse(process.argv[1]).renderedObjects)' "$info")
    GITOPSAI_TIMING=1 dotnet "$cli" check "$OUT/$shape-$size" --format json > "$OUT/$shape-$size.json" 2> "$OUT/$shape-$size.timing" || true
    run=$(grep 'timing: run' "$OUT/$shape-$size.timing" || echo 'run ? s CPU, ? MB allocated peak working set ? MiB')
    cpu=$(sed -E 's/.* ([0-9.]+) s CPU.*/\1/' <<< "$run")
    allocated=$(sed -E 's/.* ([0-9]+) MB allocated.*/\1/' <<< "$run")
    peak=$(sed -E 's/.*peak working set ([0-9]+) MiB.*/\1/' <<< "$run")
    per=$(awk -v c="$cpu" -v n="$rendered" 'BEGIN { printf "%.0f", c * 1e6 / n }')
    marginal=-
    [ -n "$previous_cpu" ] && marginal=$(awk -v c="$cpu" -v p="$previous_cpu" -v n="$rendered" -v m="$previous_rendered" 'BEGIN { printf "%.0f", (c - p) * 1e6 / (n - m) }')
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$shape" "$size" "$rendered" "$cpu" "$per" "$marginal" "$allocated" "$peak" | tee -a "$table"
    previous_cpu=$cpu previous_rendered=$rendered
  done
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
[ "${LSP:-0}" = 1 ] || [ "${LSP_ONLY:-0}" = 1 ] || exit 0

results=$OUT/lsp
# shellcheck source=lsp-keystrokes.sh
. "$repo/tests/bench/lsp-keystrokes.sh"

largest=${LSP_SIZE:-${sizes##* }}
for shape in $shapes; do
  info=$(node "$repo/tests/bench/gen-kustomize-shapes.mjs" --shape "$shape" --resources "$largest" --out "$OUT/$shape-$largest")
  for role in leaf shared; do
    file=$(node -e 'console.log(JSON.parse(process.argv[1])[process.argv[2]])' "$info" "$role")
    keystrokes "$shape-$role" "$OUT/$shape-$largest" "$file"
    rm -rf "$OUT/tiny-$shape-$role" && mkdir -p "$OUT/tiny-$shape-$role"
    cp "$OUT/$shape-$largest/$file" "$OUT/tiny-$shape-$role/"
    keystrokes "tiny-$shape-$role" "$OUT/tiny-$shape-$role" "$(basename "$file")"
  done
done

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
node -e '
const fs = require("fs"), dir = process.argv[1];
for (const shape of process.argv[2].split(" ")) for (const role of ["leaf", "shared"]) for (const name of [`${shape}-${role}`, `tiny-${shape}-${role}`]) {
  const f = `${dir}/${name}.json`;
  if (!fs.existsSync(f)) continue;
  const r = JSON.parse(fs.readFileSync(f));
  if (r.error || !r.editLatencyMs) { console.log(`${name.padEnd(24)} ERROR ${String(r.error).slice(0, 200)}`); continue; }
  const e = r.editLatencyMs, m = fs.existsSync(`${dir}/${name}.memory.json`) ? JSON.parse(fs.readFileSync(`${dir}/${name}.memory.json`)) : {};
  const mib = (kb) => kb == null ? "-" : (kb / 1024).toFixed(0) + "MiB";
  console.log(`${name.padEnd(24)} edits=${e.n} timeouts=${r.editTimeouts} median=${e.median} p95=${e.p95} p99=${e.p99} max=${e.max} ms` +
    ` indexing=${m.indexingMs ?? "-"}ms rss-after-indexing=${mib(m.rssAfterIndexingKb)} rss-after-edits=${mib(m.rssAtShutdownKb)}`);
}' "$results" "$shapes"
