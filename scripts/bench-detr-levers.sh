#!/usr/bin/env bash
# The mAP levers of the from-scratch detection recipe (sweeps/detr.yaml): one trial per variant on the recipe's
# frozen data (120 synthetic pages, seed 0, the same page-disjoint validation split), each run by `sweep run` as a
# user runs it, and its val_map curve (every epoch) read back from the run's database.
# Writes results/bench/detr-levers.md.   usage: scripts/bench-detr-levers.sh [EPOCHS] [VARIANT[@EPOCHS]...]
#
# A variant changes one thing against the base (the recipe's model at learning rate 6e-4, backbone 2e-4):
#   base        100 queries, box refinement, 320 px
#   no-refine   without box refinement
#   queries-50  50 queries (pages hold 40 fields on average, up to 90)
#   size-256    images resized to a 256 px shortest edge
#   size-448    448 px
#   batch-2     2 pages per step (twice the optimizer steps)
#   dn          denoising queries in training (DN-DETR's defaults: 5 groups, label noise 0.2, box noise 0.4)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
epochs="${1:-40}"
shift || true
variants=("$@")
((${#variants[@]})) || variants=(base@$((epochs * 2)) no-refine queries-50 size-256 size-448 batch-2 dn)
export DJL_OFFLINE=true OPT_OUT_TRACKING=true
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
[ -e target/current/sweep.jar ] || ./sweep --version >/dev/null
out=results/bench/detr-levers.md
curves="$work/curves.tsv"

spec() {  # VARIANT EPOCHS -> a spec file
  local refine=true queries=100 size=320 batch=4 groups=0 n="$2"
  case "$1" in
    base) ;;
    no-refine) refine=false ;;
    queries-50) queries=50 ;;
    size-256) size=256 ;;
    size-448) size=448 ;;
    batch-2) batch=2 ;;
    dn) groups=5 ;;
    *) echo "unknown variant $1" >&2; exit 2 ;;
  esac
  cat > "$work/$1.yaml" <<YAML
name: lever-$1
task: detection
model:
  architecture: deformable-detr
  config:
    d_model: 64
    num_queries: $queries
    with_box_refine: $refine
    encoder_layers: 1
    decoder_layers: 2
    num_feature_levels: 2
    backbone_kwargs: {layers: [1, 1, 1, 1], channels: [16, 32, 64, 64], stem_width: 16, out_indices: [2, 3]}
data: {source: synthetic, pages: 120, seed: 0, val_fraction: 0.2}
method: random
metric: {name: val_map, goal: maximize}
run_cap: 1
seed: 0
max_parallel: 1
parameters:
  learning_rate: {value: 6.0e-4}
  lr_backbone: {value: 2.0e-4}
  weight_decay: {value: 1.0e-4}
  per_device_train_batch_size: {value: $batch}
  image_size: {value: $size}
  max_grad_norm: {value: 0.1}
  denoising_groups: {value: $groups}
trial: {epochs: $n, early_stopping_patience: $n, early_stopping_threshold: 0.0}
artifacts: $work/artifacts-$1
runs_dir: $work/runs-$1
YAML
  echo "$work/$1.yaml"
}

run_variant() {  # VARIANT[@EPOCHS]: one sweep, its curve appended to $curves
  local item="$1" v="${1%@*}" n="$epochs" file start seconds
  [[ "$item" == *@* ]] && n="${item#*@}"
  file=$(spec "$v" "$n")
  start=$(date +%s)
  ./sweep run "$file" --db "$work/$v.db" > "$work/$v.log" 2>&1 || { echo "variant $v failed:" >&2; tail -5 "$work/$v.log" >&2; return 1; }
  seconds=$(( $(date +%s) - start ))
  python3 - "$work/$v.db" "$item" "$seconds" >> "$curves" <<'PY'
import sqlite3, sys
db, variant, seconds = sys.argv[1], sys.argv[2], sys.argv[3]  # seconds: kept for the log, the machine may be shared
rows = sqlite3.connect(db).execute(
    "SELECT m.epoch, m.name, m.value FROM metrics m JOIN trials t ON t.id = m.trial_id "
    "WHERE t.phase = 'SEARCH' AND m.name IN ('val_map', 'val_map_50') ORDER BY m.epoch").fetchall()
by = {}
for epoch, name, value in rows:
    by.setdefault(epoch, {})[name] = value
print(variant, seconds, " ".join("%d:%.4f:%.4f" % (e, by[e].get("val_map", -1), by[e].get("val_map_50", -1))
                                 for e in sorted(by)), sep="\t")
PY
  echo "done: $v in ${seconds}s" >&2
}

# LEVER_JOBS variants at once (default 1); each trial then shares the cores with the others
jobs="${LEVER_JOBS:-1}"
failed=0
for item in "${variants[@]}"; do
  while (( $(jobs -rp | wc -l) >= jobs )); do wait -n || failed=1; done
  run_variant "$item" &
done
while (( $(jobs -rp | wc -l) > 0 )); do wait -n || failed=1; done
((failed == 0)) || exit 1

python3 - "$curves" "$epochs" "$epochs" "${variants[@]}" > "$out" <<'PY'
import subprocess, sys, datetime
curves, epochs = sys.argv[1], int(sys.argv[2])
cpu = next(l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name"))
print("# Detection from scratch: the mAP levers of sweeps/detr.yaml\n")
print("Made by `scripts/bench-detr-levers.sh %s` on %s, %s CPUs (%s). One trial per variant, %d epochs unless its"
      % (" ".join(sys.argv[3:]), datetime.date.today(), subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip(), cpu, epochs))
print("name says @N, no early")
print("stop, run with `sweep run` on the recipe's data (120 synthetic pages, seed 0, its validation fraction 0.2, split")
print("by page). Base: the recipe's model (d_model 64, 1 encoder and 2 decoder layers, strides 8 and 16, 100 queries,")
print("box refinement) at 320 px, batch 4, learning rate 6e-4 (backbone 2e-4), clipping 0.1. Each variant changes one")
print("thing. Values are COCO mAP@[.5:.95] on the validation pages (mAP@0.5 in brackets) after the epoch named.")
print("The learning rate falls linearly to 0 over each trial's epochs (Hugging Face's linear schedule), so a longer")
print("trial at a given epoch still trains at a higher rate than a shorter one that has ended there. With")
print("LEVER_JOBS=%s variants ran at once, sharing the cores; epochs, not seconds, are compared here.\n"
      % __import__("os").environ.get("LEVER_JOBS", "1"))
rows = [l.rstrip("\n").split("\t") for l in open(curves)]
curves = {}
for variant, seconds, points in rows:
    curves[variant] = {}
    for p in points.split():
        e, m, m50 = p.split(":")
        curves[variant][int(e)] = (float(m), float(m50))
last = max(max(c) for c in curves.values())
marks = sorted({e for e in (1, 2, 5, 10, 15, 20, 30, 40, 50, 60, 80, 100) if e <= last} | {last})
print("| variant | " + " | ".join("epoch %d" % e for e in marks) + " | best (epoch) |")
order = {v: i for i, v in enumerate(sys.argv[3:])}
curves = dict(sorted(curves.items(), key=lambda kv: order.get(kv[0], len(order))))
print("|---|" + "---|" * len(marks) + "---|")
for variant, curve in curves.items():
    cells = ["%.4f (%.3f)" % curve[e] if e in curve else "" for e in marks]
    best = max(curve, key=lambda e: curve[e][0])
    print("| %s | %s | %.4f (%d) |" % (variant, " | ".join(cells), curve[best][0], best))
PY
cat "$out"
