#!/usr/bin/env bash
# Runs every test of the repository and prints one summary line: "N passed, N failed".
# Exits non-zero when a test fails, when the build fails, or when no test ran at all.
set -uo pipefail
cd "$(dirname "$0")"

results_dir=".test-results"
rm -rf "$results_dir"
mkdir -p "$results_dir"

status=0
dotnet build GitOpsAi.sln -c Release --nologo -v quiet || status=$?
if [ "$status" -eq 0 ]; then
  for project in tests/*/*.Tests.csproj; do
    name=$(basename "$project" .csproj)
    dotnet test "$project" -c Release --no-build --nologo \
      --logger "trx;LogFileName=$name.trx" \
      --logger "console;verbosity=minimal" \
      --results-directory "$results_dir" || status=$?
  done
fi

passed=0
failed=0
skipped=0
for trx in "$results_dir"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  value() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  passed=$((passed + $(value passed)))
  failed=$((failed + $(value failed) + $(value error) + $(value timeout) + $(value aborted)))
  skipped=$((skipped + $(value notExecuted)))
done

# Further suites (node tests of the VS Code extension, a real Neovim client) append their counts here.
for extra in "$results_dir"/*.counts; do
  [ -f "$extra" ] || continue
  read -r p f < "$extra"
  passed=$((passed + p))
  failed=$((failed + f))
done

echo "$passed passed, $failed failed ($skipped skipped)"
if [ "$failed" -gt 0 ] || [ "$status" -ne 0 ]; then
  exit 1
fi
if [ "$passed" -eq 0 ]; then
  echo "no test ran" >&2
  exit 1
fi
exit 0
