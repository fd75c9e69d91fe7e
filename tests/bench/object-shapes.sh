#!/usr/bin/env bash
# The CLI check's cost per object shape and size (issue 13: nothing may grow faster than linearly in a shape we have not
# tried). For each shape of tests/bench/gen-object-shapes.mjs and each size it generates the repository once (kept under
# OUT), runs the Release CLI with GITOPSAI_TIMING=1 and prints CPU s, CPU µs per resource, allocated MB and peak MiB: a
# per-resource cost that grows with size is the bug to look for. With LSP=1 it also times one keystroke run per shape
# with ../shared/lspbench's bench.mjs (as tests/bench/monorepo-latency.sh does) at the largest size, in the shape's
# typical file (and in a policy for the policies shape), against the same file alone in a tiny folder.
# Usage: tests/bench/object-shapes.sh   (env: SHAPES="helm argocd policies secrets crds bigfile clusters",
#        SIZES="1000 10000", CLI=path/to/gitops-ai.dll (default: this worktree's Release build), LSP=1, EDITS=100,
#        OUT=/tmp/gitops-ai-shapes; needs node, and for LSP=1 npm and ../shared/lspbench)
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
shapes=${SHAPES:-helm argocd policies secrets crds bigfile clusters}
sizes=${SIZES:-1000 10000}
OUT=${OUT:-/tmp/gitops-ai-shapes}
cli=${CLI:-$repo/server/GitOpsAi.Cli/bin/Release/net10.0/gitops-ai.dll}
mkdir -p "$OUT"
[ -n "${CLI:-}" ] || dotnet build -c Release "$repo/server/GitOpsAi.Cli" -v quiet --nologo > /dev/null

declare -A info
printf '%-9s %8s %8s %8s %10s %9s %8s %9s\n' shape size files "CPU s" "µs/object" "alloc MB" "peak MiB" findings
for shape in $shapes; do
  for size in $sizes; do
    dir=$OUT/$shape-$size
    if [ ! -f "$dir.json" ]; then node "$repo/tests/bench/gen-object-shapes.mjs" --shape "$shape" --resources "$size" --out "$dir" > "$dir.json"; fi
    info[$shape-$size]=$(cat "$dir.json")
    GITOPSAI_TIMING=1 dotnet "$cli" check "$dir" --format json > "$OUT/$shape-$size.out.json" 2> "$OUT/$shape-$size.timing" || true
    node -e '
const [infoText, timing, report] = process.argv.slice(1);
const info = JSON.parse(infoText), fs = require("fs");
const run = fs.readFileSync(timing, "utf8").split("\n").find((l) => l.includes("timing: run"));
if (!run) { console.log(`${info.shape.padEnd(9)} ${String(info.resources).padStart(8)} FAILED: ${fs.readFileSync(timing, "utf8").slice(0, 300)}`); process.exit(0); }
const cpu = +run.match(/([0-9.]+) s CPU/)[1], mb = +run.match(/([0-9]+) MB allocated/)[1], peak = +run.match(/peak working set ([0-9]+) MiB/)[1];
const findings = JSON.parse(fs.readFileSync(report, "utf8")).diagnostics.length;
console.log(`${info.shape.padEnd(9)} ${String(info.resources).padStart(8)} ${String(info.files).padStart(8)} ${cpu.toFixed(2).padStart(8)} ${(cpu * 1e6 / info.resources).toFixed(0).padStart(10)} ${String(mb).padStart(9)} ${String(peak).padStart(8)} ${String(findings).padStart(9)}`);
' "${info[$shape-$size]}" "$OUT/$shape-$size.timing" "$OUT/$shape-$size.out.json"
  done
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
[ "${LSP:-0}" = 1 ] || exit 0

# Keystrokes: the shape's typical file at the largest size, then the same file alone in a tiny folder.
results=$OUT/results
# shellcheck source=lsp-keystrokes.sh
. "$repo/tests/bench/lsp-keystrokes.sh"
largest=${sizes##* }
names=()
for shape in $shapes; do
  for role in edit policy; do
    file=$(node -e 'console.log(JSON.parse(process.argv[1])[process.argv[2]] ?? "")' "${info[$shape-$largest]}" "$role")
    [ -n "$file" ] || continue
    keystrokes "$shape-$role" "$OUT/$shape-$largest" "$file"
    rm -rf "$OUT/tiny-$shape-$role" && mkdir -p "$OUT/tiny-$shape-$role"
    cp "$OUT/$shape-$largest/$file" "$OUT/tiny-$shape-$role/"
    keystrokes "tiny-$shape-$role" "$OUT/tiny-$shape-$role" "$(basename "$file")"
    names+=("$shape-$role" "tiny-$shape-$role")
  done
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
node -e '
const fs = require("fs"), dir = process.argv[1];
const mib = (kb) => kb == null ? "-" : (kb / 1024).toFixed(0) + "MiB";
for (const n of process.argv.slice(2)) {
  const r = JSON.parse(fs.readFileSync(`${dir}/${n}.json`));
  if (r.error || !r.editLatencyMs) { console.log(`${n.padEnd(22)} ERROR ${String(r.error).slice(0, 200)}`); continue; }
  const e = r.editLatencyMs, m = fs.existsSync(`${dir}/${n}.memory.json`) ? JSON.parse(fs.readFileSync(`${dir}/${n}.memory.json`)) : {};
  console.log(`${n.padEnd(22)} edits=${e.n} timeouts=${r.editTimeouts} median=${e.median} p95=${e.p95} p99=${e.p99} max=${e.max} ms` +
    ` indexing=${m.indexingMs ?? "-"}ms rss-after-indexing=${mib(m.rssAfterIndexingKb)} rss-after-edits=${mib(m.rssAtShutdownKb)}`);
}' "$results" "${names[@]}"
