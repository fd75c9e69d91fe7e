# Sourced by the shape benches (kustomize-shapes.sh, object-shapes.sh): sets up ../shared/lspbench and a copy of the
# Release language server under OUT, and defines `keystrokes NAME ROOT FILE`, one lspbench run of EDITS edits in FILE
# (relative to ROOT) once the server has indexed ROOT, written to $results/NAME.json and NAME.memory.json (RSS, indexing).
# Needs: repo, OUT and results set by the caller; node, npm.
bench_src=${LSPBENCH:-$repo/../shared/lspbench}
edits=${EDITS:-100}
rm -rf "$OUT/lspbench" && cp -r "$bench_src" "$OUT/lspbench"
cd "$OUT/lspbench"
[ -d node_modules ] || npm ci --silent
printf '{"gitopsAi":{"validation":{"schemas":true}}}\n' > gitops-ai-settings.json
dotnet build -c Release "$repo/server/GitOpsAi.LanguageServer" -v quiet --nologo > /dev/null
# A copy of the build, so rebuilding the worktree while the bench runs does not change the server under it.
rm -rf "$OUT/server" && cp -r "$repo/server/GitOpsAi.LanguageServer/bin/Release/net10.0" "$OUT/server"
rm -rf "$results" && mkdir -p "$results"

keystrokes() {
  node bench.mjs --quiet --root "$2" --file "$2/$3" --edits "$edits" --warmup 5 --timeout-ms 60000 --settings gitops-ai-settings.json \
    --label "gitops-ai $1" --json "$results/$1.json" -- \
    node "$repo/tests/bench/monorepo-server.mjs" --report "$results/$1.memory.json" --wait-stderr 'Indexed [0-9]+ YAML files' -- \
    dotnet "$OUT/server/GitOpsAi.LanguageServer.dll" --stdio > /dev/null 2>&1 || true
}
