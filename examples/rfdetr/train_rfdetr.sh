#!/usr/bin/env bash
# The users' RF-DETR launcher: one process on one GPU, or one per GPU under torch.distributed (DDP) when
# NUM_GPUS > 1. sweep sets NUM_GPUS to the GPUs the trial holds and CUDA_VISIBLE_DEVICES to them.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
NUM_GPUS="${NUM_GPUS:-1}"
if [ "$NUM_GPUS" -gt 1 ]; then
  exec python3 -m torch.distributed.run --nproc_per_node="$NUM_GPUS" "$here/train_rfdetr.py"
else
  exec python3 "$here/train_rfdetr.py"
fi
