#!/usr/bin/env bash
# Clones the committed tree into a temporary directory and runs the README's two commands there, as a new user
# would: the main job on embedded defaults, then the tests. Usage: scripts/check-fresh-clone.sh [--skip-tests]
set -euo pipefail
src="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
git clone -q "$src" "$work/sweep"
cd "$work/sweep"
echo "== ./sweep run sweeps/layoutlm.yaml (fresh clone in $work/sweep)"
time ./sweep run sweeps/layoutlm.yaml
./sweep best --json
if [ "${1:-}" != "--skip-tests" ]; then
  echo "== mvn -B test"
  time mvn -B -ntp -q test
fi
echo "fresh clone: ok"
