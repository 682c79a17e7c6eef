#!/usr/bin/env bash
# Training-step throughput and peak memory of sweep's LayoutLM (DJL, PyTorch engine) against the same model,
# batch and sequence length in PyTorch eager (Debian's python3-torch), side by side in one run on this CPU.
# Writes results/bench/train.md.   usage: scripts/bench-train.sh [THREADS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
threads="${1:-$(nproc)}"
. scripts/bench/peer.sh
out=results/bench/train.md
mkdir -p results/bench
{
  echo "# LayoutLM training step: sweep (DJL $djl_version, PyTorch engine) vs PyTorch eager"
  echo
  echo "Made by \`scripts/bench-train.sh $threads\` on $(date -u +%Y-%m-%d), $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $threads threads each."
  echo "One step = forward, token cross-entropy, backward, global-norm clipping, AdamW; fixed random batches;"
  echo "dropout 0.1; the median step after warm-up steps. Peer: Debian python3-torch $torch_version with BLAS $blas."
  echo "Ratio = sweep / PyTorch. The two sides run different libtorch builds: a 512 x 512 float matmul runs at"
  echo "$(run_djl sweep.train.layoutlm.TrainBenchmark matmul | sed 's/[^0-9.]//g') GFLOP/s under DJL's libtorch and $("$py" scripts/bench/train_torch.py matmul "$threads" | sed 's/[^0-9.]//g') GFLOP/s under Debian's."
  echo
  echo "| model (hidden x layers, heads, ffn) | batch x seq | sweep steps/s | PyTorch steps/s | ratio | sweep peak RSS MiB | PyTorch peak RSS MiB | ratio |"
  echo "|---|---|---|---|---|---|---|---|"
} > "$out"
while read -r hidden layers heads inter batch seq warmup steps; do
  djl=$(run_djl sweep.train.layoutlm.TrainBenchmark "$hidden" "$layers" "$heads" "$inter" "$batch" "$seq" "$warmup" "$steps")
  pt=$("$py" scripts/bench/train_torch.py "$hidden" "$layers" "$heads" "$inter" "$batch" "$seq" "$warmup" "$steps" "$threads" | tail -1)
  row=$("$py" - "$djl" "$pt" <<'PY'
import json, sys
d, p = json.loads(sys.argv[1]), json.loads(sys.argv[2])
print(f"{d['steps_per_second']:.1f} | {p['steps_per_second']:.1f} | {d['steps_per_second'] / p['steps_per_second']:.2f} | "
      f"{d['peak_rss_mb']:.0f} | {p['peak_rss_mb']:.0f} | {d['peak_rss_mb'] / p['peak_rss_mb']:.2f}")
PY
)
  echo "| ${hidden} x ${layers}, ${heads}, ${inter} | ${batch} x ${seq} | $row |" >> "$out"
  echo "done: $hidden x $layers, batch $batch x $seq" >&2
done < <(grep -v '^#' scripts/bench/layoutlm-models.txt)
cat "$out"
