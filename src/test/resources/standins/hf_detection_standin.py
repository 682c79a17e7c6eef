#!/usr/bin/env python3
"""A stand-in for a Hugging Face Trainer object-detection script, for tests: no model, the Trainer's files.

It takes the flags of the users' run_deformable_detr_commonforms.py (unknown ones are ignored) and writes what
transformers' Trainer (4.57) writes under --output_dir with eval_strategy/save_strategy "epoch":
  - after each epoch's evaluation, checkpoint-<global_step>/ with model.safetensors, optimizer.pt, scheduler.pt,
    rng_state.pth, training_args.bin and, last, trainer_state.json (Trainer._save_checkpoint);
  - trainer_state.json as TrainerState.save_to_json writes it: json.dumps(asdict(state), indent=2, sort_keys=True)
    + "\\n", log_history with training entries {loss, grad_norm, learning_rate, epoch, step} and eval entries
    {eval_loss, eval_map, eval_map_50, ..., eval_map_<class>, eval_mar_100_<class>, eval_runtime,
    eval_samples_per_second, eval_steps_per_second, epoch (1.0, 2.0, ...), step}, metrics rounded to 4 places as
    run_object_detection.py's compute_metrics rounds them;
  - save_total_limit: after each save the oldest checkpoints beyond the limit are deleted, best_model_checkpoint
    (by metric_for_best_model, default eval_loss) kept (Trainer._rotate_checkpoints); with limit 1 at the end only
    the best is left;
  - trainer.save_state() at the end: output_dir/trainer_state.json;
  - --resume_from_checkpoint DIR: the state is read from DIR/trainer_state.json and training goes on after it.
A tqdm-like progress bar goes to stderr. CUDA_VISIBLE_DEVICES and the flags seen are appended to
output_dir/launches.jsonl. STANDIN_EPOCH_SECONDS sets an epoch's length (default 0.3).
"""
import argparse
import json
import math
import os
import shutil
import sys
import time

CLASSES = ["Text", "CheckBox", "Signature"]


def parse():
    p = argparse.ArgumentParser()
    p.add_argument("--output_dir", required=True)
    p.add_argument("--num_train_epochs", type=float, default=3)
    p.add_argument("--per_device_train_batch_size", type=int, default=8)
    p.add_argument("--gradient_accumulation_steps", type=int, default=1)
    p.add_argument("--learning_rate", type=float, default=5e-5)
    p.add_argument("--weight_decay", type=float, default=0.0)
    p.add_argument("--warmup_ratio", type=float, default=0.0)
    p.add_argument("--image_size", type=int, default=1000)
    p.add_argument("--save_total_limit", type=int, default=None)
    p.add_argument("--metric_for_best_model", default="eval_loss")
    p.add_argument("--resume_from_checkpoint", default=None)
    p.add_argument("--seed", type=int, default=42)
    args, unknown = p.parse_known_args()
    return args, unknown


def save_state(state, path):
    with open(path, "w", encoding="utf-8") as f:
        f.write(json.dumps(state, indent=2, sort_keys=True) + "\n")


def quality(args):
    q = math.exp(-((math.log10(args.learning_rate) + 4.3) ** 2) / 0.6)
    return q * (1.0 - abs(args.image_size - 1000) / 4000.0)


def main():
    args, unknown = parse()
    out = args.output_dir
    os.makedirs(out, exist_ok=True)
    seconds = float(os.environ.get("STANDIN_EPOCH_SECONDS", "0.3"))
    steps_per_epoch = 4
    state = {"best_global_step": None, "best_metric": None, "best_model_checkpoint": None, "epoch": 0,
             "eval_steps": 500, "global_step": 0, "is_hyper_param_search": False, "is_local_process_zero": True,
             "is_world_process_zero": True, "log_history": [], "logging_steps": 500,
             "max_steps": int(args.num_train_epochs) * steps_per_epoch, "num_input_tokens_seen": 0,
             "num_train_epochs": int(args.num_train_epochs), "save_steps": 500, "stateful_callbacks": {},
             "total_flos": 0.0, "train_batch_size": args.per_device_train_batch_size, "trial_name": None,
             "trial_params": None}
    if args.resume_from_checkpoint:
        with open(os.path.join(args.resume_from_checkpoint, "trainer_state.json")) as f:
            state = json.load(f)
    with open(os.path.join(out, "launches.jsonl"), "a") as f:
        f.write(json.dumps({"pid": os.getpid(), "cuda_visible_devices": os.environ.get("CUDA_VISIBLE_DEVICES"),
                            "resume": args.resume_from_checkpoint or "", "start_epoch": int(state["epoch"]),
                            "unknown_flags": unknown}) + "\n")
    greater = not args.metric_for_best_model.endswith("loss")
    q = quality(args)
    for epoch in range(int(state["epoch"]), int(args.num_train_epochs)):
        for s in range(steps_per_epoch):
            time.sleep(seconds / steps_per_epoch)
            state["global_step"] += 1
            sys.stderr.write("\r %d%%|####      | %d/%d [00:01<00:02, 3.2it/s]" % (
                100 * state["global_step"] // state["max_steps"], state["global_step"], state["max_steps"]))
            sys.stderr.flush()
        sys.stderr.write("\n")
        state["epoch"] = float(epoch + 1)
        step = state["global_step"]
        state["log_history"].append({"epoch": state["epoch"], "grad_norm": 30.0 / (epoch + 1),
                                     "learning_rate": args.learning_rate, "loss": round(4.0 / (epoch + 1), 4),
                                     "step": step})
        # mAP rises, then falls from the fourth epoch on (overfitting) while eval_loss keeps falling
        m = round(0.8 * q * (1 - math.exp(-(epoch + 1) / 2.5)) * (1 - 0.15 * max(0, epoch - 1)), 4)
        entry = {"eval_loss": round(3.0 / (epoch + 1) + (1 - q), 4), "eval_map": m,
                 "eval_map_50": round(min(1.0, m * 1.4), 4), "eval_map_75": round(m * 1.05, 4),
                 "eval_map_small": round(m * 0.6, 4), "eval_map_medium": round(m * 0.95, 4),
                 "eval_map_large": round(m * 1.1, 4), "eval_mar_1": round(m * 0.3, 4),
                 "eval_mar_10": round(m * 0.9, 4), "eval_mar_100": round(m * 1.2, 4),
                 "eval_mar_small": -1.0, "eval_mar_medium": round(m, 4), "eval_mar_large": round(m * 1.1, 4),
                 "eval_runtime": 1.2345, "eval_samples_per_second": 16.2, "eval_steps_per_second": 2.025,
                 "epoch": state["epoch"], "step": step}
        for i, c in enumerate(CLASSES):
            entry["eval_map_" + c] = round(m * (1.0 - 0.1 * i), 4)
            entry["eval_mar_100_" + c] = round(m * (1.1 - 0.1 * i), 4)
        state["log_history"].append(entry)
        value = entry[args.metric_for_best_model]
        ckpt = os.path.join(out, "checkpoint-%d" % step)
        if state["best_metric"] is None or (value > state["best_metric"] if greater else value < state["best_metric"]):
            state["best_metric"] = value
            state["best_global_step"] = step
            state["best_model_checkpoint"] = ckpt
        os.makedirs(ckpt, exist_ok=True)
        for name in ["model.safetensors", "optimizer.pt", "scheduler.pt", "rng_state.pth", "training_args.bin"]:
            with open(os.path.join(ckpt, name), "w") as f:
                json.dump({"file": name, "epoch": state["epoch"], "eval_map": m}, f)
        with open(os.path.join(ckpt, "config.json"), "w") as f:
            json.dump({"model_type": "deformable_detr", "id2label": dict(enumerate(CLASSES))}, f)
        save_state(state, os.path.join(ckpt, "trainer_state.json"))
        rotate(out, state, args.save_total_limit)
    state["log_history"].append({"epoch": state["epoch"], "step": state["global_step"], "total_flos": 0.0,
                                 "train_loss": 1.0, "train_runtime": 1.0, "train_samples_per_second": 1.0,
                                 "train_steps_per_second": 1.0})
    if args.save_total_limit == 1:
        for d in checkpoints(out):
            if d != state["best_model_checkpoint"]:
                shutil.rmtree(d)
    save_state(state, os.path.join(out, "trainer_state.json"))
    return 0


def checkpoints(out):
    dirs = [os.path.join(out, d) for d in os.listdir(out) if d.startswith("checkpoint-")]
    return sorted(dirs, key=lambda d: int(d.rsplit("-", 1)[1]))


def rotate(out, state, limit):
    if not limit or limit <= 0:
        return
    ordered = checkpoints(out)
    best = state["best_model_checkpoint"]
    if best in ordered:
        i = ordered.index(best)
        for j in range(i, len(ordered) - 2):
            ordered[j], ordered[j + 1] = ordered[j + 1], ordered[j]
    keep = limit
    if limit == 1 and ordered and ordered[-1] != best:
        keep = 2
    for d in ordered[:max(0, len(ordered) - keep)]:
        shutil.rmtree(d)


if __name__ == "__main__":
    sys.exit(main())
