#!/usr/bin/env python3
"""A stand-in for a training script swept with `task: command`.

It reads its parameters from the command line (and SWEEP_PARAMS_JSON), "trains" for --epochs epochs on a made-up
curve, prints one JSON line per epoch, and writes a checkpoint directory per epoch under SWEEP_TRIAL_DIR. Set
SWEEP_RESUME_CHECKPOINT to resume. TRAIN_FAIL_AT=N makes it crash at epoch N; TRAIN_NAN_AT=N reports NaN there.
"""
import argparse
import json
import math
import os
import sys
import time

parser = argparse.ArgumentParser()
parser.add_argument("--lr", type=float, required=True)
parser.add_argument("--weight-decay", type=float, default=0.0)
parser.add_argument("--epochs", type=int, required=True)
parser.add_argument("--sleep", type=float, default=0.0)
args = parser.parse_args()

trial_dir = os.environ.get("SWEEP_TRIAL_DIR", ".")
with open(os.environ["SWEEP_PARAMS_JSON"]) as f:
    params = json.load(f)
print(f"training with {params}", flush=True)  # a log line, not an event

start = 0
resume = os.environ.get("SWEEP_RESUME_CHECKPOINT")
if resume:
    with open(os.path.join(resume, "state.json")) as f:
        start = json.load(f)["epoch"]

quality = math.exp(-((math.log10(args.lr) - math.log10(3e-4)) / 0.5) ** 2) * (1 - args.weight_decay)
for epoch in range(start + 1, args.epochs + 1):
    time.sleep(args.sleep)
    if os.environ.get("TRAIN_FAIL_AT") == str(epoch):
        print("CUDA error: an illegal memory access was encountered", file=sys.stderr, flush=True)
        sys.exit(3)
    f1 = quality * (1 - math.exp(-epoch / 2.0))
    if os.environ.get("TRAIN_NAN_AT") == str(epoch):
        f1 = float("nan")
    ckpt = os.path.join(trial_dir, f"checkpoint-{epoch}")
    os.makedirs(ckpt, exist_ok=True)
    with open(os.path.join(ckpt, "state.json"), "w") as f:
        json.dump({"epoch": epoch}, f)
    print(json.dumps({"epoch": epoch, "val_f1": f1, "train_loss": 1 - f1, "checkpoint": ckpt}), flush=True)
