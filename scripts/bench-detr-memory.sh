#!/usr/bin/env bash
# Memory of one fp32 training step of a full-size Deformable DETR (ResNet-50, Hugging Face's default sizes: the
# shape of Aryn/deformable-detr-DocLayNet) at the image sizes sweeps/deformable-detr-finetune.yaml searches, through
# the PyTorch transcription on this CPU, and from it the per-device batch that fits a 24 GB A10G.
# Writes results/bench/detr-memory.md.   usage: scripts/bench-detr-memory.sh [THREADS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
threads="${1:-$(nproc)}"
py=/usr/bin/python3
"$py" -c "import torch, scipy" 2>/dev/null || { echo "needs Debian's python3-torch and python3-scipy" >&2; exit 2; }
total_mib=$(awk '/MemTotal/ {print int($2 / 1024)}' /proc/meminfo)
rows=$(mktemp)
trap 'rm -f "$rows"' EXIT
for run in "800 1" "800 2" "1000 1" "1200 1"; do
  set -- $run
  # a batch of 2 at 1200 px would need about 15 GB here; measure what this machine holds
  "$py" scripts/bench/detr_memory.py "$1" "$2" "$threads" | tail -1 >> "$rows"
  echo "done: $1 px, batch $2" >&2
done
"$py" - "$rows" "$threads" "$total_mib" "$("$py" -c 'import torch; print(torch.__version__)')" \
  > results/bench/detr-memory.md <<'PY'
import datetime, json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
threads, total, torch_version = sys.argv[2], int(sys.argv[3]), sys.argv[4]
by = {(r["image_size"], r["batch"]): r for r in rows}
cpu = next(l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name"))
r = rows[0]
print("# Deformable DETR fine-tuning: memory of a training step, and the batch that fits an A10G\n")
print("Made by `scripts/bench-detr-memory.sh %s` on %s, %s (%d MiB), Debian python3-torch %s."
      % (threads, datetime.date.today(), cpu, total, torch_version))
print("One fp32 training step (forward, loss with Hungarian matching over 40 boxes per image, backward, clipping,")
print("AdamW) of `scripts/reference/deformable_detr_reference.py` with Hugging Face's default sizes (ResNet-50,")
print("d_model 256, 6 encoder and 6 decoder layers, 4 levels, 300 queries, the sampling by `grid_sample` as in")
print("Hugging Face's PyTorch path): %d parameters, %d trainable (stem and layer1 frozen). Portrait pages, the"
      % (r["parameters"], r["trainable"]))
print("shorter side at the image size. Peak is the process's peak resident set; 'step adds' is that minus the")
print("resident set just before the step (weights, AdamW's moments, the batch).\n")
print("| image size | pixels | batch | before the step MiB | peak MiB | step adds MiB |")
print("|---|---|---|---|---|---|")
for r in rows:
    print("| %d | %d x %d | %d | %d | %d | %d |" % (r["image_size"], r["height"], r["width"], r["batch"],
                                                r["rss_before_mib"], r["peak_mib"], r["step_mib"]))
per_image_800 = by[(800, 2)]["step_mib"] - by[(800, 1)]["step_mib"]
pixels_800 = by[(800, 1)]["height"] * by[(800, 1)]["width"]
print("\n## Estimate for a 24 GB A10G\n")
print("A second image at 800 px adds %d MiB; taking that per-image share as proportional to the pixels, and the rest"
      % per_image_800)
print("of a batch-1 step as measured at each size, a step at batch b needs about `before + step(batch 1) + (b - 1) x")
print("per-image`. A GPU adds its CUDA context (about 500 MiB) and the caching allocator's fragmentation; DJL has no")
print("mixed precision, so this is fp32. 22,500 MiB of the A10G's 23,028 are taken as usable.\n")
print("| image size | per-image MiB | batch 1 | batch 2 | batch 4 | batch 8 |")
print("|---|---|---|---|---|---|")
fitting = {1, 2, 4, 8}
for size in sorted({k[0] for k in by}):
    r = by[(size, 1)]
    per = per_image_800 * r["height"] * r["width"] / pixels_800
    cells = []
    for b in (1, 2, 4, 8):
        need = r["rss_before_mib"] + r["step_mib"] + (b - 1) * per + 500
        cells.append("%d %s" % (need, "fits" if need <= 22500 else "**no**"))
        if need > 22500:
            fitting.discard(b)
    print("| %d | %d | %s |" % (size, per, " | ".join(cells)))
batch = max(fitting) if fitting else 1
print("\nThe largest batch that fits at every size is %d: sweeps/deformable-detr-finetune.yaml takes a per-device" % batch)
print("batch of %d with %d accumulation steps (an effective batch of 16) at every size it searches." % (batch, 16 // batch))
print("If a trial still runs out of memory, sweep halves the")
print("per-device batch and doubles the accumulation (the same effective batch) and retries it. Not measured on a GPU:")
print("DJL's sampling is built from `gather` and keeps more for backward than `grid_sample` (see results/bench/detr.md")
print("for DJL's peak memory against this transcription on a small model).")
PY
cat results/bench/detr-memory.md
