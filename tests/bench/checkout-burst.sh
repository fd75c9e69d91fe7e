#!/usr/bin/env bash
# A branch checkout of N files in a generated monorepo, seen by the language server (issue 13): see checkout-burst.mjs.
# Each run works on a fresh copy of the repository. Usage: tests/bench/checkout-burst.sh   (env: SIZE=50000,
# COUNTS="1 250 2011" (how many YAML files change; more than the repository holds means all), SERVER=<a built
# GitOpsAi.LanguageServer.dll> (default: this tree's Release build), OUT=/tmp/gitops-ai-checkout)
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
size=${SIZE:-50000}
OUT=${OUT:-/tmp/gitops-ai-checkout}
mkdir -p "$OUT"
if [ -z "${SERVER:-}" ]; then
  dotnet build -c Release "$repo/server/GitOpsAi.LanguageServer" -v quiet --nologo > /dev/null
  rm -rf "$OUT/server" && cp -r "$repo/server/GitOpsAi.LanguageServer/bin/Release/net10.0" "$OUT/server"
  SERVER=$OUT/server/GitOpsAi.LanguageServer.dll
fi
[ -d "$OUT/repo-$size" ] || node "$repo/tests/bench/gen-monorepo.mjs" --out "$OUT/repo-$size" --resources "$size" > /dev/null
(cd "$OUT/repo-$size" && find . -name '*.yaml' | sed 's|^\./||' | sort) > "$OUT/all-files"
open=$(grep -m1 '/base/' "$OUT/all-files")
for count in ${COUNTS:-1 250 2011}; do
  head -n "$count" "$OUT/all-files" > "$OUT/changed-files"
  rm -rf "$OUT/work" && cp -r "$OUT/repo-$size" "$OUT/work"
  # "kind: X" becomes "kind:  X": every document's text changes, none of its meaning.
  node "$repo/tests/bench/checkout-burst.mjs" "$OUT/work" "$open" "$OUT/changed-files" 'kind: ' 'kind:  ' -- dotnet "$SERVER" --stdio | tail -1
done
