#!/usr/bin/env bash
# Search benchmark: sweep (random, sobol, tpe; each with and without hyperband) against Optuna 3.1 (Debian's
# python3-optuna: RandomSampler, TPESampler, each with and without HyperbandPruner) on the five benchmark problems,
# 20 seeds each, equal epoch budgets, the same learning curves (Optuna's side reads them from sweep's CurveServer);
# then the scale benchmark: `sweep best`, `sweep status` and a TPE proposal with 10,000 trials in a SQLite store.
# Writes results/bench/hpo.md (keeping its warm-start section, scripts/bench-warm.sh's).   usage: scripts/bench-hpo.sh [SEEDS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
seeds="${1:-20}"
epochs=27
trials=60
workers=4
# shellcheck source=scripts/bench/prelude.sh
. scripts/bench/prelude.sh
timed "$work/sweep.s" java -cp "$cp" sweep.bench.HpoBench "$work/sweep.jsonl" "$seeds" "$epochs" "$trials" "$workers" &
sweep_pid=$!
timed "$work/optuna.s" $py -W ignore scripts/bench/hpo_optuna.py "$cp" "$work/optuna.jsonl" "$seeds" "$epochs" "$trials" "$workers" &
optuna_pid=$!
wait "$sweep_pid"
wait "$optuna_pid"
sweep_s=$(cat "$work/sweep.s")
optuna_s=$(cat "$work/optuna.s")

# Scale: a real SQLite store with 10,000 finished trials (3 to 9 epochs each).
java -cp "$cp" sweep.bench.ScaleBench fill "$work/scale.db" 10000
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
ms() { local t0 t1; t0=$(date +%s%N); "$@" > /dev/null; t1=$(date +%s%N); echo $(( (t1 - t0) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
cli_best=$(for i in 1 2 3 4 5 6 7; do ms ./sweep best --db "$work/scale.db" --json; done | median)
cli_status=$(for i in 1 2 3 4 5 6 7; do ms ./sweep status --db "$work/scale.db"; done | median)
cli_version=$(for i in 1 2 3 4 5 6 7; do ms ./sweep --version; done | median)
java_only=$(for i in 1 2 3 4 5 6 7; do ms java -version 2>/dev/null; done | median)
java -cp "$cp" sweep.bench.ScaleBench measure "$work/scale.db" > "$work/scale.jsonl"
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"

{
  echo "# Search benchmark: sweep against Optuna $optuna_version"
  echo
  echo "Made by \`scripts/bench-hpo.sh $seeds\` on $(date -u +%Y-%m-%d) ($(nproc) cores, $(java -version 2>&1 | head -1),"
  echo "Python $($py -c 'import sys; print(sys.version.split()[0])'), Optuna $optuna_version). sweep's side took ${sweep_s} s, Optuna's ${optuna_s} s,"
  echo "run at the same time."
  echo
  echo "**Setup.** Five problems of the \`benchmark\` task (log-sensitive, noisy, multimodal, batch-lr with a"
  echo "categorical batch size, crossing), seeds 0..$((seeds - 1)), trials of $epochs epochs, $workers trials at once."
  echo "Neither tool launches processes here: both run the same simulated scheduler (\`sweep.bench.SimulatedSweep\`,"
  echo "transcribed step for step in \`scripts/bench/hpo_optuna.py\`): $workers workers in lockstep, one epoch per"
  echo "tick each; free workers get new trials first (each proposal sees the trials started before it as running),"
  echo "then every busy worker trains one epoch and is judged after it. sweep's side drives the very Sampler and"
  echo "Pruner classes the orchestrator uses; Optuna's side uses \`study.ask\`/\`trial.report\`/\`should_prune\`/\`study.tell\`."
  echo "Curves are identical: trial n of seed s reports the noise of trial seed \`Seeds.trial(s, n)\`, and the Python"
  echo "side gets its values from sweep's own code through \`sweep.bench.CurveServer\` (a child process)."
  echo "Budgets are equal in epochs: $((trials * epochs)) epochs per run ($trials trials' worth); a trial cut by the end"
  echo "of the budget keeps what it reported. The incumbent is the best-reported (noisy) epoch so far; regret is"
  echo "the optimum minus that epoch's noise-free score."
  echo
  echo "Settings: sweep hyperband = \`{type: hyperband, min_iter: 1, eta: 3}\` (not strict; 4 brackets for $epochs epochs);"
  echo "Optuna \`HyperbandPruner(min_resource=1, max_resource=$epochs, reduction_factor=3)\` (same 4 brackets; it judges the"
  echo "value at the rung, as sweep's \`strict\` does). sweep TPE: defaults (10 startup trials, 24 candidates, prior weight 1,"
  echo "constant liar; the good group is min(ceil(0.2 c + 0.1 p), 25) of c complete and p pruned trials; two or more"
  echo "parameters modelled jointly, as Optuna's \`multivariate=True\`). Optuna: \`TPESampler(seed=s, constant_liar=True)\`,"
  echo "other arguments default (the same values, but a good group of min(ceil(0.1 n), 25) of all n trials and one"
  echo "parameter at a time); \`RandomSampler(seed=s)\`. Optuna 3.1's Parzen estimator leaves the"
  echo "\`-log(sigma)\` term out of its Gaussians' log density (\`_truncnorm.logpdf\`); sweep's includes it, so the two TPEs"
  echo "rank candidates of continuous parameters differently."
  echo
  $py scripts/bench/hpo_report.py - "$work/sweep.jsonl" "$work/optuna.jsonl"
  echo
  echo "## Scale: 10,000 trials in the store"
  echo
  echo "A SQLite store filled with one sweep of 10,000 finished search trials (3 to 9 epochs of 3 metrics each, a"
  echo "checkpoint and 3 events each; \`sweep.bench.ScaleBench fill\`). End to end: wall time of the CLI through the"
  echo "\`./sweep\` launcher, JVM start included, median of 7. In process (\`sweep.bench.ScaleBench measure\`, one JVM,"
  echo "rows in order): the command's whole work through \`Main\`, output included: the first run, the median of the next"
  echo "12 (early), and the median of 12 more after 100 unrecorded runs (warm: the JIT has compiled the hot code, as in"
  echo "an orchestrator that has been proposing trials for a while). The first run of the first row also pays for"
  echo "loading classes and the SQLite driver; later rows find them loaded."
  echo "The TPE rows: a proposal with every trial as an observation, once as the orchestrator gets them"
  echo "(\`SearchHistory\`: its first read fetches all 10,000 trials, later ones only what changed) and once from memory."
  echo "Wall-clock times on a shared machine: load average (1, 5, 15 min) $load_before before these timings and"
  echo "$load_after after them, on $(nproc) cores; other work running at the same time slows them."
  echo
  echo "| what | end to end (ms) | in process, first (ms) | in process, early (ms) | in process, warm (ms) |"
  echo "|---|---:|---:|---:|---:|"
  echo "| \`java -version\` (JVM start alone) | $java_only | | | |"
  echo "| \`sweep --version\` (launcher, JVM, the CLI with every subcommand) | $cli_version | | | |"
  $py - "$work/scale.jsonl" "$cli_best" "$cli_status" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
cli = {"sweep best --json": sys.argv[2], "sweep status": sys.argv[3]}
for r in rows:
    print(f"| `{r['what']}` | {cli.get(r['what'], '')} | {r['first_ms']:.1f} | {r['median_ms']:.1f} | {r['warm_ms']:.1f} |")
print()
for r in rows:
    if r['what'].startswith('tpe propose'):
        worst = max(r['median_ms'], r['warm_ms'])
        print(f"`{r['what']}`: {worst:.1f} ms at most after the first proposal, "
              f"{'under' if worst < 50 else 'over'} the 50 ms target.")
PY
  echo
  verdict() { if [ "$2" -lt 200 ]; then echo "\`$1\` takes $2 ms end to end, under the 200 ms target"; else echo "\`$1\` takes $2 ms end to end, over the 200 ms target"; fi; }
  echo "$(verdict "sweep best --json" "$cli_best"); $(verdict "sweep status" "$cli_status")."
  echo "\`sweep --version\` builds the models of all eight subcommands (for help), so it starts slower than a read command,"
  echo "which builds only its own."
} > "$work/hpo.md"
mkdir -p results/bench
if [ -f results/bench/hpo.md ]; then # the warm-start section is scripts/bench-warm.sh's: keep it
  sed -n '/^## Warm start/,$p' results/bench/hpo.md | sed '1!{/^## /,$d}' > "$work/warm.md"
  if [ -s "$work/warm.md" ]; then { echo; cat "$work/warm.md"; } >> "$work/hpo.md"; fi
fi
mv "$work/hpo.md" results/bench/hpo.md
echo "wrote results/bench/hpo.md" >&2
