#!/usr/bin/env bash
# Scheduling overhead: 32 short trials on 2 slots, for a light task (benchmark curves) and for LayoutLM in DJL
# (JVM and engine start included). Reports, from the store's own timestamps, the gap from a trial's end to the
# next trial's launch and to its first reported epoch, and the sweep's wall time against the sum of its trials'
# times. Then the same two sweeps with each trial a job of a two-node Slurm started here (the tests' cluster,
# sweep.testing.LocalSlurm; needs slurm-wlm): submission to first epoch and end to next start beside the local
# backend. Writes results/bench/schedule.md.   usage: scripts/bench-schedule.sh
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
load_before="$(uptime)"
for s in light djl; do
  ./sweep run "$work/$s.yaml" --db "$work/$s.db" > "$work/$s.log" 2>&1
done
# The same sweeps on Slurm: each trial one sbatch job, run directories under the shared directory.
for s in light djl; do
  sed -e "s/^name: sched-$s/name: sched-$s-slurm/" -e "s|^runs_dir: .*|runs_dir: $work/shared/runs|" \
    "$work/$s.yaml" > "$work/$s-slurm.yaml"
  echo "backend: {type: slurm, shared_dir: $work/shared}" >> "$work/$s-slurm.yaml"
done
mkdir -p "$work/shared"
mvn -q -B -o test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$work/cp" >&2
coproc CLUSTER { exec java -cp "target/test-classes:target/classes:$(cat "$work/cp")" sweep.testing.LocalSlurm; }
cluster_pid=$CLUSTER_PID
read -r conf <&"${CLUSTER[0]}"
export "${conf?the test cluster did not start}"
for s in light djl; do
  ./sweep run "$work/$s-slurm.yaml" --db "$work/$s-slurm.db" > "$work/$s-slurm.log" 2>&1
done
eval "exec ${CLUSTER[1]}>&-"  # the cluster stops when its stdin ends
wait "$cluster_pid" || true
load_after="$(uptime)"
out=results/bench/schedule.md
mkdir -p results/bench
python3 - "$work" "$out" "$load_before" "$load_after" <<'PY'
import sqlite3, statistics, sys, os, datetime
work, out, load_before, load_after = sys.argv[1:5]
med = lambda xs: statistics.median(xs) / 1000

def measure(name):
    """Per sweep: its trials' submissions to first epochs, ends to the next launches and first epochs, wall, busy."""
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
    submitted = [t[3] - t[1] for t in trials]
    wall = max(t[2] for t in trials) - min(t[1] for t in trials)
    busy = sum(t[2] - t[1] for t in trials)
    return len(trials), submitted, launch, first, wall, busy

tasks = (("light", "benchmark curves (light JVM)"), ("djl", "LayoutLM in DJL (engine start)"))
rows = []
for name, label in tasks:
    n, _, launch, first, wall, busy = measure(name)
    rows.append(f"| {label} | {n} | {med(launch):.3f} | {max(launch) / 1000:.3f} | {med(first):.2f} | "
                f"{max(first) / 1000:.2f} | {wall / 1000:.1f} | {busy / 1000:.1f} | {busy / (2 * wall):.2f} |")
slurm = []
for name, label in tasks:
    for backend, db in (("local", name), ("slurm", name + "-slurm")):
        n, submitted, launch, first, wall, busy = measure(db)
        slurm.append(f"| {label} | {backend} | {n} | {med(submitted):.2f} | {max(submitted) / 1000:.2f} | "
                     f"{med(launch):.3f} | {med(first):.2f} | {max(first) / 1000:.2f} | {wall / 1000:.1f} | "
                     f"{busy / (2 * wall):.2f} |")
with open(out, "w") as f:
    f.write("# Scheduling overhead: 32 short trials on 2 slots\n\n")
    f.write(f"Made by `scripts/bench-schedule.sh` on {datetime.date.today()}, {os.cpu_count()} CPUs. Times come "
            "from the store: a trial's end, the next trial's launch (its process started), its first recorded epoch "
            "(JVM start, engine and data load, one epoch). Utilisation = sum of trial times / (2 slots x wall time).\n\n")
    f.write("| task | trials | end to next launch, median s | max s | end to next first epoch, median s | max s | "
            "wall s | sum of trial times s | slot utilisation |\n|---|---|---|---|---|---|---|---|---|\n")
    f.write("\n".join(rows) + "\n")
    f.write("\n## On Slurm, beside the local backend\n\n")
    f.write("The same two sweeps with `backend: {type: slurm}` on a two-node Slurm 22.05 started on this machine "
            "(the tests' cluster: slurmctld and two slurmd on loopback, `sched/builtin`, no accounting), each trial "
            "one `sbatch` job, the backend looking at its jobs once a second (its default). A Slurm trial's start "
            "is its submission (`sbatch` returned), so submission to first epoch holds the queue, the job's start "
            "on its node and the trial JVM's; a local trial's start is its process's launch. End to next start "
            "is from the end that freed the slot to the next trial's submission (or launch); a trial's end is "
            "when the orchestrator learns of it, for Slurm at the watcher's next look at the job's exit file, so "
            "that look (up to a second after the job ended) is in the trial's own time, not in this column.\n\n")
    f.write(f"Load while it ran: before `{load_before.strip()}`, after `{load_after.strip()}`"
            f"{' (the machine was shared with other work)' if float(load_before.split()[-3].rstrip(',')) > os.cpu_count() * 0.5 else ''}.\n\n")
    f.write("| task | backend | trials | submission to first epoch, median s | max s | end to next start, "
            "median s | end to next first epoch, median s | max s | wall s | slot utilisation |\n"
            "|---|---|---|---|---|---|---|---|---|---|\n")
    f.write("\n".join(slurm) + "\n")
print(open(out).read())
PY
