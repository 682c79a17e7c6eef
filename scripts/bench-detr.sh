#!/usr/bin/env bash
# Deformable DETR training step: throughput and peak memory of sweep's model (DJL, PyTorch engine) against the same
# model, batch and image size in PyTorch eager (the transcription in scripts/reference on Debian's python3-torch),
# side by side in one run on this CPU; the share of a step that the deformable sampling takes, on both sides; and,
# for this step and LayoutLM's (bench-train.sh's models), the achieved FLOP/s as a fraction of the matrix-product
# rate of DJL's own libtorch, the limit on this machine (the PyTorch comparison alone measures two different libtorch
# builds); and the page faults of a step, with both sides run again with glibc's malloc keeping freed memory.
# Writes results/bench/detr.md.   usage: scripts/bench-detr.sh [THREADS]   (about 5 minutes on 2 idle cores)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
threads="${1:-2}"
. scripts/bench/peer.sh
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
run_djl sweep.train.layoutlm.TrainBenchmark matmul > "$work/matmul-djl-1"
"$py" scripts/bench/timing.py matmul "$threads" > "$work/matmul-torch-1"

# name | batch | height | width | objects per page | warm-up steps | timed steps | config.json
# recipe: sweeps/detr.yaml's model at its batch (4) and image_size (320: pages 1.25-1.42 times as tall as wide are
# resized to 320 px wide, a batch padded to about 448 px tall), 40 fields a page as its synthetic pages hold on average
while IFS='|' read -r name batch height width objects warmup steps config; do
  args=("$config" "$batch" "$height" "$width" "$objects")
  run_djl sweep.train.detr.DetrTrainBenchmark "${args[@]}" "$warmup" "$steps" > "$work/$name.djl"
  "$py" scripts/bench/detr_torch.py step "${args[@]}" "$warmup" "$steps" "$threads" > "$work/$name.torch"
  # both again with glibc's malloc keeping what is freed: blocks up to 32 MiB from the heap, the heap never trimmed
  export MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=2147483648
  run_djl sweep.train.detr.DetrTrainBenchmark "${args[@]}" "$warmup" "$steps" > "$work/$name.djl-kept"
  "$py" scripts/bench/detr_torch.py step "${args[@]}" "$warmup" "$steps" "$threads" > "$work/$name.torch-kept"
  unset MALLOC_MMAP_THRESHOLD_ MALLOC_TRIM_THRESHOLD_
  "$py" scripts/bench/detr_torch.py flops "${args[@]}" "$threads" > "$work/$name.flops"
  echo "$name|$config|$batch x ${height}x${width}, $objects boxes a page" >> "$work/detr.list"
  echo "done: DETR $name" >&2
done <<'CONFIGS'
recipe|4|448|320|40|2|7|{"model_type": "deformable_detr", "backbone": "resnet18", "backbone_kwargs": {"layers": [1, 1, 1, 1], "channels": [16, 32, 64, 64], "stem_width": 16, "out_indices": [2, 3]}, "d_model": 64, "num_feature_levels": 2, "encoder_layers": 1, "decoder_layers": 2, "encoder_attention_heads": 2, "decoder_attention_heads": 2, "encoder_n_points": 2, "decoder_n_points": 2, "encoder_ffn_dim": 128, "decoder_ffn_dim": 128, "num_queries": 100, "with_box_refine": true, "dropout": 0.0, "auxiliary_loss": true, "id2label": {"0": "Text", "1": "CheckBox", "2": "Signature"}}
small|2|224|160|10|3|11|{"model_type": "deformable_detr", "backbone": "resnet18", "backbone_kwargs": {"layers": [1, 1, 1, 1], "channels": [8, 16, 32, 32], "stem_width": 8, "out_indices": [2, 3]}, "d_model": 32, "num_feature_levels": 2, "encoder_layers": 1, "decoder_layers": 2, "encoder_attention_heads": 2, "decoder_attention_heads": 2, "encoder_n_points": 2, "decoder_n_points": 2, "encoder_ffn_dim": 64, "decoder_ffn_dim": 64, "num_queries": 20, "with_box_refine": false, "dropout": 0.0, "auxiliary_loss": true, "id2label": {"0": "Text", "1": "CheckBox", "2": "Signature"}}
CONFIGS

# LayoutLM: bench-train.sh's models, sweep's side only, a quarter of its steps (at least 2 warm-up and 3 timed)
while read -r hidden layers heads inter batch seq warmup steps; do
  name="layoutlm-$hidden"
  warmup=$(( warmup / 4 > 2 ? warmup / 4 : 2 )) steps=$(( steps / 4 > 3 ? steps / 4 : 3 ))
  run_djl sweep.train.layoutlm.TrainBenchmark "$hidden" "$layers" "$heads" "$inter" "$batch" "$seq" "$warmup" "$steps" \
    > "$work/$name.djl"
  "$py" scripts/bench/train_torch.py flops "$hidden" "$layers" "$heads" "$inter" "$batch" "$seq" "$threads" \
    > "$work/$name.flops"
  echo "$name|LayoutLM $hidden x $layers, $heads heads, ffn $inter|$batch x $seq tokens" >> "$work/layoutlm.list"
  echo "done: LayoutLM $hidden" >&2
done < <(grep -v '^#' scripts/bench/layoutlm-models.txt)

run_djl sweep.train.layoutlm.TrainBenchmark matmul > "$work/matmul-djl-2"
"$py" scripts/bench/timing.py matmul "$threads" > "$work/matmul-torch-2"
cat > "$work/meta.json" <<EOF
{"threads": $threads, "date": "$(date -u +%Y-%m-%d)", "cpus": $(nproc),
 "cpu": "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)",
 "djl": "$djl_version",
 "libtorch": "$(ls "$(dirname "$jar")/lib" | sed -n 's/^pytorch-native-cpu-\([0-9.]*\)-.*/\1/p')",
 "java": "$(java -version 2>&1 | head -1 | sed 's/"//g')", "torch": "$torch_version", "blas": "$blas",
 "load_before": "$load_before", "load_after": "$(cut -d' ' -f1-3 /proc/loadavg)"}
EOF
mkdir -p results/bench
"$py" scripts/bench/detr_report.py "$work" > "$work/detr.md"
mv "$work/detr.md" results/bench/detr.md
cat results/bench/detr.md
