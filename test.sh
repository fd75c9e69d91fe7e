#!/usr/bin/env bash
# Runs every test of the repository and prints one summary line: "N passed, N failed".
# Exits non-zero when a test fails, when the build fails, or when no test ran at all.
set -uo pipefail
cd "$(dirname "$0")"

results_dir=".test-results"
rm -rf "$results_dir"
mkdir -p "$results_dir"

status=0
build_status=0
dotnet build GitOpsAi.sln -c Release --nologo -v quiet || build_status=$?
status=$build_status
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
  skipped=$((skipped + $(value total) - $(value executed)))  # NUnit skips (Ignore, Assume) are not executed
done

# The VS Code extension's own tests (node's test runner, TAP output) when its dependencies are installed.
if [ "$build_status" -eq 0 ] && command -v npm > /dev/null 2>&1; then
  if [ ! -d node_modules ]; then
    npm ci --no-audit --no-fund > "$results_dir/npm-ci.log" 2>&1 || { echo "npm ci failed; see $results_dir/npm-ci.log" >&2; status=1; }
  fi
  if [ -d node_modules ]; then
    (cd vscode-extension && npm test) > "$results_dir/vscode.tap" 2>&1 || true
    tap_pass=$(grep -E '^# pass [0-9]+' "$results_dir/vscode.tap" | tail -1 | grep -o '[0-9]*' || echo 0)
    tap_fail=$(grep -E '^# fail [0-9]+' "$results_dir/vscode.tap" | tail -1 | grep -o '[0-9]*' || echo 0)
    if [ -z "$tap_pass" ] || { [ "$tap_pass" -eq 0 ] && [ "$tap_fail" -eq 0 ]; }; then
      echo "the VS Code extension tests did not run; see $results_dir/vscode.tap" >&2
      tap_fail=1
    fi
    echo "vscode-extension: $tap_pass passed, $tap_fail failed"
    echo "$tap_pass $tap_fail" > "$results_dir/vscode.counts"
  fi
fi

# Further suites append "passed failed" counts to *.counts files.
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
