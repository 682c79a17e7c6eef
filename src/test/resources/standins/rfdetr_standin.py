#!/usr/bin/env python3
"""A stand-in for RF-DETR's trainer, for tests: no model, the same files.

It reads the environment variables of the users' RF-DETR launcher (NUM_GPUS, BATCH_SIZE, GRAD_ACCUM_STEPS,
MODEL_SIZE, EPOCHS, LEARNING_RATE, RESUME_CHECKPOINT, OUTPUT_DIR) and writes what roboflow/rf-detr 1.4.1
(35ac6ab) writes into its output directory:
  - checkpoint.pth every epoch, after training and before evaluation (rfdetr/main.py:383-404), holding model,
    optimizer, lr_scheduler, epoch, args and ema_model (JSON here, a torch.save pickle there);
  - one json.dumps(log_stats) line appended to log.txt per epoch, by rank 0 only (rfdetr/main.py:477-479), keys in
    its order: train_*, test_* (with test_results_json and the 12-number test_coco_eval_bbox), epoch (0-based),
    n_parameters, ema_test_*, the best-so-far keys, now_time, train_epoch_time, epoch_time (main.py:431-476);
  - checkpoint_best_regular.pth / checkpoint_best_ema.pth when that model's mAP beats the best of both so far,
    strictly (rfdetr/util/utils.py:74-122), and checkpoint_best_total.pth at the end (main.py:504-512);
  - resume from RESUME_CHECKPOINT: start_epoch = checkpoint epoch + 1 (main.py:323-335); the best-so-far is not
    restored, as in RF-DETR.
Like torch.distributed.launch it starts one process per GPU (ranks 1.. only wait), checks that it sees exactly
NUM_GPUS devices in CUDA_VISIBLE_DEVICES, prints a progress bar with carriage returns, and records what it saw in
OUTPUT_DIR/launches.jsonl. STANDIN_EPOCH_SECONDS sets an epoch's length (default 0.3).
"""
import datetime
import json
import math
import os
import subprocess
import sys
import time


def env(name, default=None):
    v = os.environ.get(name, "")
    return v if v != "" else default


def rank_main():
    # ranks 1..N-1 of the pretend DDP group: wait for rank 0 (their parent) to go
    parent = os.getppid()
    while os.getppid() == parent:
        time.sleep(0.1)


def curve(lr, batch_total, size, epoch):
    """The pretend mAP@[.5:.95] after `epoch` epochs (1-based): best near lr 1e-4, a larger model a little better."""
    quality = math.exp(-((math.log10(lr) + 4.0) ** 2) / 0.5) * {"small": 0.8, "medium": 0.9, "large": 1.0}[size]
    quality *= 1.0 - 0.002 * abs(batch_total - 64) / 8
    return round(0.6 * quality * (1.0 - math.exp(-epoch / 3.0)), 6)


def coco_stats(m):
    return [m, min(1.0, m * 1.5), m * 1.1, m * 0.5, m * 0.9, m * 1.05, m * 0.4, m * 0.9, m * 1.2, m * 0.6, m, m * 1.1]


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--rank":
        return rank_main()
    num_gpus = int(env("NUM_GPUS", "1"))
    visible = [d for d in env("CUDA_VISIBLE_DEVICES", "").split(",") if d != ""]
    if len(visible) != num_gpus:
        print("NUM_GPUS=%d but CUDA_VISIBLE_DEVICES=%r" % (num_gpus, env("CUDA_VISIBLE_DEVICES", "")),
              file=sys.stderr)
        return 3
    batch = int(env("BATCH_SIZE", "24"))
    accum = int(env("GRAD_ACCUM_STEPS", "1"))
    size = env("MODEL_SIZE", "medium")
    epochs = int(env("EPOCHS", "30"))
    lr = float(env("LEARNING_RATE", "1e-4"))
    out = env("OUTPUT_DIR", "output")
    resume = env("RESUME_CHECKPOINT", "")
    seconds = float(env("STANDIN_EPOCH_SECONDS", "0.3"))
    os.makedirs(out, exist_ok=True)
    ranks = [subprocess.Popen([sys.executable, __file__, "--rank", str(r)]) for r in range(1, num_gpus)]
    start_epoch = 0
    if resume:
        with open(resume) as f:
            checkpoint = json.load(f)
        start_epoch = checkpoint["epoch"] + 1
    with open(os.path.join(out, "launches.jsonl"), "a") as f:
        f.write(json.dumps({"pid": os.getpid(), "cuda_visible_devices": env("CUDA_VISIBLE_DEVICES", ""),
                            "num_gpus": num_gpus, "effective_batch": batch * accum * num_gpus,
                            "resume": resume, "start_epoch": start_epoch, "time": time.time()}) + "\n")
    best_all = 0.0
    n_parameters = {"small": 31_000_000, "medium": 33_000_000, "large": 128_000_000}[size]
    for epoch in range(start_epoch, epochs):
        begun = time.time()
        steps = 5
        for s in range(steps):
            time.sleep(seconds / steps)
            sys.stdout.write("\rEpoch: [%d]  [%d/%d]  eta: 0:00:0%d  lr: %.6f  loss: %.4f" % (
                epoch, s + 1, steps, steps - s - 1, lr, 2.0 / (epoch + 1)))
            sys.stdout.flush()
        sys.stdout.write("\n")
        regular = curve(lr, batch * accum * num_gpus, size, epoch + 1)
        ema = round(regular * 1.02, 6)
        state = {"model": {"map": regular}, "optimizer": {"lr": lr}, "lr_scheduler": {"last_epoch": epoch},
                 "epoch": epoch, "args": {"batch_size": batch, "grad_accum_steps": accum, "lr": lr},
                 "ema_model": {"map": ema}}
        with open(os.path.join(out, "checkpoint.pth"), "w") as f:
            json.dump(state, f)
        line = {"train_lr": lr, "train_class_error": 10.0 / (epoch + 1), "train_loss": 2.0 / (epoch + 1),
                "train_loss_ce": 0.5 / (epoch + 1), "test_class_error": 12.0 / (epoch + 1),
                "test_loss": 2.2 / (epoch + 1),
                "test_results_json": {"class_map": [{"class": "all", "map@50:95": regular}], "map": regular * 1.5},
                "test_coco_eval_bbox": coco_stats(regular), "epoch": epoch, "n_parameters": n_parameters,
                "ema_test_class_error": 11.0 / (epoch + 1), "ema_test_loss": 2.1 / (epoch + 1),
                "ema_test_results_json": {"class_map": [{"class": "all", "map@50:95": ema}], "map": ema * 1.5},
                "ema_test_coco_eval_bbox": coco_stats(ema)}
        if regular > best_all:
            best_all = regular
            with open(os.path.join(out, "checkpoint_best_regular.pth"), "w") as f:
                json.dump({k: v for k, v in state.items() if k != "ema_model"}, f)
        if ema > best_all:
            best_all = ema
            with open(os.path.join(out, "checkpoint_best_ema.pth"), "w") as f:
                json.dump(dict({k: v for k, v in state.items() if k != "ema_model"}, model=state["ema_model"]), f)
        line.update({"all_best_res": best_all, "all_best_ep": epoch, "regular_best_res": regular,
                     "regular_best_ep": epoch, "ema_best_res": ema, "ema_best_ep": epoch,
                     "now_time": str(datetime.datetime.now()), "train_epoch_time": "0:00:00",
                     "epoch_time": str(datetime.timedelta(seconds=int(time.time() - begun)))})
        with open(os.path.join(out, "log.txt"), "a") as f:
            f.write(json.dumps(line) + "\n")
    with open(os.path.join(out, "checkpoint_best_total.pth"), "w") as f:
        json.dump({"model": {"map": best_all}, "args": {}}, f)
    for r in ranks:
        r.terminate()
    return 0


if __name__ == "__main__":
    sys.exit(main())
