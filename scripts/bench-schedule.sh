#!/usr/bin/env bash
# Scheduling overhead: 32 short trials on 2 slots, for a light task (benchmark curves) and for LayoutLM in DJL
# (JVM and engine start included). Reports, from the store's own timestamps, the gap from a trial's end to the
# next trial's launch and to its first reported epoch, and the sweep's wall time against the sum of its trials'
# times. Writes results/bench/schedule.md.   usage: scripts/bench-schedule.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cat > "$work/light.yaml" <<YAML
name: sched-light
task: benchmark
benchmark: {problem: log-sensitive, epoch_seconds: 0.1}
method: random
metric: {name: val_score, goal: maximize}
run_cap: 32
max_parallel: 2
devices: cpu
parameters:
  learning_rate: {distribution: log_uniform_values, min: 1.0e-5, max: 1.0e-2}
trial: {epochs: 2}
runs_dir: $work/runs
YAML
cat > "$work/djl.yaml" <<YAML
name: sched-djl
task: token-classification
model:
  config: {hidden_size: 32, num_hidden_layers: 1, num_attention_heads: 2, intermediate_size: 64}
  max_seq_length: 24
data: {source: synthetic, receipts: 20, seed: 0}
method: random
metric: {name: val_f1, goal: maximize}
run_cap: 32
max_parallel: 2
devices: cpu
parameters:
  learning_rate: {distribution: log_uniform_values, min: 1.0e-3, max: 3.0e-3}
  per_device_train_batch_size: {value: 16}
trial: {epochs: 1}
runs_dir: $work/runs
YAML
for s in light djl; do
  ./sweep run "$work/$s.yaml" --db "$work/$s.db" > "$work/$s.log" 2>&1
done
out=results/bench/schedule.md
mkdir -p results/bench
python3 - "$work" "$out" <<'PY'
import sqlite3, statistics, sys, os, datetime
work, out = sys.argv[1], sys.argv[2]
rows = []
for name, label in (("light", "benchmark curves (light JVM)"), ("djl", "LayoutLM in DJL (engine start)")):
    db = sqlite3.connect(os.path.join(work, name + ".db"))
    trials = db.execute("""SELECT t.id, t.started_at, t.ended_at,
        (SELECT MIN(recorded_at) FROM metrics m WHERE m.trial_id = t.id) FROM trials t
        WHERE t.phase = 'SEARCH' ORDER BY t.started_at""").fetchall()
    ends = sorted(t[2] for t in trials)
    launch, first = [], []
    for _, start, end, first_epoch in trials:
        before = [e for e in ends if e <= start]
        if before:  # a trial that waited for a slot: measure from the end that freed it
            launch.append(start - before[-1])
            first.append(first_epoch - before[-1])
    wall = max(t[2] for t in trials) - min(t[1] for t in trials)
    busy = sum(t[2] - t[1] for t in trials)
    med = lambda xs: statistics.median(xs) / 1000
    rows.append(f"| {label} | {len(trials)} | {med(launch):.3f} | {max(launch) / 1000:.3f} | {med(first):.2f} | "
                f"{max(first) / 1000:.2f} | {wall / 1000:.1f} | {busy / 1000:.1f} | {busy / (2 * wall):.2f} |")
with open(out, "w") as f:
    f.write("# Scheduling overhead: 32 short trials on 2 slots\n\n")
    f.write(f"Made by `scripts/bench-schedule.sh` on {datetime.date.today()}, {os.cpu_count()} CPUs. Times come "
            "from the store: a trial's end, the next trial's launch (its process started), its first recorded epoch "
            "(JVM start, engine and data load, one epoch). Utilisation = sum of trial times / (2 slots x wall time).\n\n")
    f.write("| task | trials | end to next launch, median s | max s | end to next first epoch, median s | max s | "
            "wall s | sum of trial times s | slot utilisation |\n|---|---|---|---|---|---|---|---|---|\n")
    f.write("\n".join(rows) + "\n")
print(open(out).read())
PY
