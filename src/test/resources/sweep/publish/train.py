#!/usr/bin/env python3
"""A training program for publication tests: each epoch writes a checkpoint in the Hugging Face layout (model files
plus optimizer, scheduler and RNG state) and reports its optimizer step. With RETRAIN_EPOCHS equal to the epochs it
is asked for (the retrain), every value is 40% worse than the same parameters score in the search."""
import json
import math
import os

trial_dir = os.environ["SWEEP_TRIAL_DIR"]
epochs = int(os.environ["SWEEP_EPOCHS"])
with open(os.environ["SWEEP_PARAMS_JSON"]) as f:
    params = json.load(f)
lr = params["learning_rate"]
steps_per_epoch = int(os.environ.get("STEPS_PER_EPOCH", "7"))
handicap = 0.6 if os.environ.get("RETRAIN_EPOCHS") == str(epochs) else 1.0

quality = math.exp(-((math.log10(lr) - math.log10(3e-4)) / 0.5) ** 2)
for epoch in range(1, epochs + 1):
    f1 = quality * (1 - 0.5 ** epoch) * handicap
    step = epoch * steps_per_epoch
    ckpt = os.path.join(trial_dir, f"checkpoint-{step}")
    os.makedirs(ckpt, exist_ok=True)
    with open(os.path.join(ckpt, "state.json"), "w") as f:
        json.dump({"epoch": epoch, "epochs": epochs}, f)
    for name in ["model.safetensors", "config.json"]:
        with open(os.path.join(ckpt, name), "w") as f:
            f.write(name)
    for name in ["optimizer.pt", "scheduler.pt", "rng_state.pth", "scaler.pt"]:
        with open(os.path.join(ckpt, name), "w") as f:
            f.write("state " * 100)
    print(json.dumps({"epoch": epoch, "step": step, "val_f1": f1, "val_loss": 1 - f1, "train_loss": 1.5 - f1,
                      "learning_rate": lr * (1 - epoch / (epochs + 1)), "checkpoint": ckpt}), flush=True)
