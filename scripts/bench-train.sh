#!/usr/bin/env bash
# Training-step throughput and peak memory of sweep's LayoutLM (DJL, PyTorch engine) against the same model,
# batch and sequence length in PyTorch eager (Debian's python3-torch), side by side in one run on this CPU.
# Writes results/bench/train.md.   usage: scripts/bench-train.sh [THREADS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
threads="${1:-$(nproc)}"
py=/usr/bin/python3
"$py" -c "import torch" 2>/dev/null || { echo "needs Debian's python3-torch: apt-get install python3-torch libopenblas0-pthread" >&2; exit 2; }
blas=$(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3 2>/dev/null || echo unknown)
case "$blas" in
  *openblas*) ;;
  *) echo "warning: Debian's torch uses $blas, the reference BLAS; install libopenblas0-pthread for a fair peer" >&2 ;;
esac
[ -e target/current/sweep.jar ] || ./sweep --version >/dev/null
jar="$(readlink -f target/current)/sweep.jar"
export DJL_OFFLINE=true OPT_OUT_TRACKING=true OMP_NUM_THREADS="$threads"
torch_version=$("$py" -c "import torch; print(torch.__version__)")
out=results/bench/train.md
mkdir -p results/bench
{
  echo "# LayoutLM training step: sweep (DJL $(unzip -p "$jar" sweep-build.properties | sed -n 's/^djl=//p'), PyTorch engine) vs PyTorch eager"
  echo
  echo "Made by \`scripts/bench-train.sh $threads\` on $(date -u +%Y-%m-%d), $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $threads threads each."
  echo "One step = forward, token cross-entropy, backward, global-norm clipping, AdamW; fixed random batches;"
  echo "dropout 0.1; after warm-up steps. Peer: Debian python3-torch $torch_version with BLAS $blas."
  echo "Ratio = sweep / PyTorch. The two sides run different libtorch builds: a 512 x 512 float matmul runs at"
  echo "$(java -cp "$jar" sweep.train.layoutlm.TrainBenchmark matmul 2>/dev/null | tail -1 | sed 's/[^0-9.]//g') GFLOP/s under DJL's libtorch and $("$py" scripts/bench/train_torch.py matmul "$threads" | sed 's/[^0-9.]//g') GFLOP/s under Debian's."
  echo
  echo "| model (hidden x layers, heads, ffn) | batch x seq | sweep steps/s | PyTorch steps/s | ratio | sweep peak RSS MiB | PyTorch peak RSS MiB | ratio |"
  echo "|---|---|---|---|---|---|---|---|"
} > "$out"
while read -r hidden layers heads inter batch seq warmup steps; do
  djl=$(SWEEP_CPU_THREADS="$threads" java -Dai.djl.pytorch.num_threads="$threads" -Dai.djl.pytorch.num_interop_threads=1 \
    -cp "$jar" sweep.train.layoutlm.TrainBenchmark "$hidden" "$layers" "$heads" "$inter" "$batch" "$seq" "$warmup" "$steps" 2>/dev/null | tail -1)
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
done <<'CONFIGS'
128 2 4 256 32 32 20 200
256 4 4 1024 16 64 10 60
768 12 12 3072 8 64 3 10
CONFIGS
cat "$out"
