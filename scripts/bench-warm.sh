#!/usr/bin/env bash
# Warm-start benchmark: night 2 warm-started from night 1 against a cold night 2, at equal epoch budgets, on the
# five benchmark problems drifted between nights (sweep.bench.Drift: the optimum moves 5% of each range, in log
# space for the learning rate, and the level by up to 0.01), sweep's TPE (with and without hyperband) beside
# Optuna 3.1's TPE with night 1's trials added to its study (add_trials). Replaces the "## Warm start" section of
# results/bench/hpo.md (scripts/bench-hpo.sh keeps it when it rewrites the rest).
#   usage: scripts/bench-warm.sh [SEEDS]      (default 40; about 6 minutes on 2 cores)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
seeds="${1:-40}"
epochs=27
trials=60
workers=4
weight=0.75
# shellcheck source=scripts/bench/prelude.sh
. scripts/bench/prelude.sh
timed "$work/sweep.s" java -cp "$cp" sweep.bench.WarmBench "$work/sweep.jsonl" "$seeds" "$epochs" "$trials" "$workers" \
  "$weight" &
sweep_pid=$!
timed "$work/optuna.s" $py -W ignore scripts/bench/warm_optuna.py "$cp" "$work/optuna.jsonl" "$seeds" "$epochs" \
  "$trials" "$workers" &
optuna_pid=$!
wait "$sweep_pid"
wait "$optuna_pid"

{
  echo "## Warm start: night 2 after night 1, on drifted problems"
  echo
  echo "Made by \`scripts/bench-warm.sh $seeds\` on $(date -u +%Y-%m-%d) ($(nproc) cores; sweep's side took"
  echo "$(cat "$work/sweep.s") s, Optuna $optuna_version's $(cat "$work/optuna.s") s, run at the same time)."
  echo
  echo "**Setup.** The simulated scheduler and curves of the search benchmark above ($workers workers, trials of"
  echo "$epochs epochs), seeds 0..$((seeds - 1)). Night 1: TPE of seed s on the problem, a budget of $((trials * epochs))"
  echo "epochs. Night 2: the problem drifted (\`sweep.bench.Drift\`, drawn from s: the optimum moves by 5% of each"
  echo "continuous range, in log space for a learning rate, up or down, clipped to the range; the level moves by a"
  echo "uniform draw in [-0.01, 0.01]); TPE of seed s + 100000, the same budget, run twice: cold, and warm-started"
  echo "from night 1's trials. sweep: \`warm_start\` weight $weight (each earlier trial weighs three quarters of one of"
  echo "tonight's in TPE's estimators; the pruner compares with their curves unweighted), night 1 and night 2"
  echo "with the same pruner. Optuna: \`TPESampler(seed, constant_liar=True)\`, night 1's trials added to night"
  echo "2's study with \`study.add_trials\` (so at full weight; trials the budget cut are added as pruned)."
  echo "Optimum: night 2's best noise-free score in $epochs epochs (the moved optimum plus the level; where the"
  echo "shift pushes it past the range, the best of a grid). Epochs to 1%: epochs spent until the incumbent"
  echo "(best-reported epoch) has a noise-free score of at least 0.99 times the optimum; a run that never gets"
  echo "there counts the whole budget ($((trials * epochs))), so the cold - warm difference is a lower bound where cold"
  echo "runs miss (the reached column says how many did). Regret: the optimum minus the final incumbent's noise-free"
  echo "score. Differences are paired by seed; the intervals are 95% percentile bootstraps (10,000 resamples of the"
  echo "seeds) of the mean paired difference."
  echo
  $py scripts/bench/warm_report.py "$((trials * epochs))" "$work/sweep.jsonl" "$work/optuna.jsonl"
} > "$work/warm.md"
mkdir -p results/bench
touch results/bench/hpo.md
$py - results/bench/hpo.md "$work/warm.md" <<'PY'
import sys
path, section = sys.argv[1], open(sys.argv[2]).read()
text = open(path).read()
start = text.find("## Warm start")
if start >= 0:
    end = text.find("\n## ", start + 1)
    text = text[:start] + (text[end + 1:] if end >= 0 else "")
open(path, "w").write(text.rstrip("\n") + "\n\n" + section)
PY
echo "wrote the warm-start section of results/bench/hpo.md" >&2
