#!/usr/bin/env bash
# The nightly job, for cron or a systemd timer: tonight's sweep (named SPEC-NAME-YYYY-MM-DD, carried on with
# --resume if it already exists), then `sweep best --promote`, then `sweep report`. One log per night under
# results/logs/ and, beside it, the night's report (<name>.html, written whether the sweep succeeded or not, as long
# as the sweep exists); logs and reports older than SWEEP_LOG_DAYS (30) pruned. Exit code: the sweep's (0 ok,
# 1 failed, 2 bad input, 3 another run holds the database), or the promotion's if the sweep succeeded; the report's
# own failure is in the log and changes nothing.
#
#   usage: scripts/nightly.sh [SPEC] [ENV_FILE]      (defaults: sweeps/layoutlm.yaml, ./nightly.env if present)
#
# The env file sets what differs in production, e.g. SWEEP_DATA, SWEEP_ARTIFACTS, AWS_PROFILE, SWEEP_DB.
# What run directories stay on disk is the spec's `retention` (README, "What is recorded"): `sweep run` applies it
# (the last keep_sweeps nights of this spec, best and latest checkpoint per trial), so this script deletes none.
# SWEEP_NIGHT (YYYY-MM-DD, default today in UTC) names the night. Every night is warm-started from the previous one
# (`--warm-start previous`: the latest earlier sweep of this spec's name with a complete trial; none, and the night
# starts cold); the spec's warm_start.weight, if any, still applies (README, "Warm starts").
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
spec="${1:-sweeps/layoutlm.yaml}"
env_file="${2:-$root/nightly.env}"
if [ -f "$env_file" ]; then
  set -a
  # shellcheck disable=SC1090
  . "$env_file"
  set +a
fi
sweep_bin="${SWEEP_BIN:-$root/sweep}"
db="${SWEEP_DB:-results/sweep.db}"
logs="${SWEEP_LOG_DIR:-results/logs}"
name="$(basename "$spec" .yaml)-${SWEEP_NIGHT:-$(date -u +%Y-%m-%d)}"
mkdir -p "$logs"
find "$logs" -maxdepth 1 \( -name '*.log' -o -name '*.html' \) -type f -mtime +"${SWEEP_LOG_DAYS:-30}" -delete
log="$logs/$name.log"
report="$logs/$name.html"
{
  echo "== $(date -u +%FT%TZ) sweep run $spec --name $name --db $db --resume --warm-start previous"
  "$sweep_bin" run "$spec" --name "$name" --db "$db" --resume --warm-start previous
  rc=$?
  echo "== $(date -u +%FT%TZ) sweep run exited $rc"
  if [ "$rc" -eq 0 ]; then
    echo "== $(date -u +%FT%TZ) sweep best $name --promote"
    "$sweep_bin" best "$name" --db "$db" --promote
    rc=$?
    echo "== $(date -u +%FT%TZ) sweep best --promote exited $rc"
  fi
  echo "== $(date -u +%FT%TZ) sweep report $name --out $report"
  "$sweep_bin" report "$name" --db "$db" --out "$report"
  echo "== $(date -u +%FT%TZ) sweep report exited $?"
  exit "$rc"
} >> "$log" 2>&1
