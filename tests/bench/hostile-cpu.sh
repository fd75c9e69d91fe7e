#!/usr/bin/env bash
# The CPU cases of issue 10, timed with a cold `gitops-ai check` (each a new process):
#  wildcard: a 520 KB repository (one Kyverno policy whose pattern value is "*" + 120,000 "a" + "b", two ConfigMaps
#            with a 200 KB annotation of "a"s: quadratic for a backtracking matcher)
#  regex:    30 containers against a rules.yaml allowList pattern with catastrophic backtracking, "^(a+)+$"
# Usage: tests/bench/hostile-cpu.sh [runs]   (set CLI=path/to/gitops-ai.dll to time another build)
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
runs=${1:-3}
if [ -z "${CLI:-}" ]; then
  dotnet build -c Release "$repo/server/GitOpsAi.Cli" -v quiet --nologo > /dev/null
  CLI="$repo/server/GitOpsAi.Cli/bin/Release/net10.0/gitops-ai.dll"
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$work" <<'PY'
import os, sys
root = sys.argv[1]
w = os.path.join(root, "wildcard"); os.makedirs(w)
star = "*" + "a" * 120000 + "b"
open(os.path.join(w, "policy.yaml"), "w").write(f"""apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata:
  name: note-pattern
spec:
  validationFailureAction: Audit
  rules:
    - name: note
      match:
        any:
          - resources:
              kinds: [ConfigMap]
      validate:
        message: note
        pattern:
          metadata:
            annotations:
              note: "{star}"
""")
for i in range(2):
    open(os.path.join(w, f"cm{i}.yaml"), "w").write(
        f"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm{i}\n  annotations:\n    note: \"{'a' * 200000}\"\ndata:\n  k: v\n")
r = os.path.join(root, "regex"); os.makedirs(os.path.join(r, ".gitops-ai"))
open(os.path.join(r, ".gitops-ai", "rules.yaml"), "w").write(
    "rules:\n  latest-tag:\n    severity: warning\n    parameters:\n      allowList: [\"^(a+)+$\"]\n")
containers = "".join(f"        - name: c{i}\n          image: {'a' * 28}!\n" for i in range(30))
open(os.path.join(r, "deploy.yaml"), "w").write(f"""apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {{app: web}}
  template:
    metadata:
      labels: {{app: web}}
    spec:
      containers:
{containers}""")
PY
echo "wildcard repository: $(du -sk "$work/wildcard" | cut -f1) KB"
for case in ${CASES:-wildcard regex}; do
  for i in $(seq "$runs"); do
    /usr/bin/time -f "$case: %e s wall, %U s user" dotnet "$CLI" check "$work/$case" --format json > "$work/$case.json" 2> "$work/$case.time" || true
    tail -1 "$work/$case.time"
  done
done
