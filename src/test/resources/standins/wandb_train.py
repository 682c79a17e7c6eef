"""A training script written for W&B, as users write them: config defaults in wandb.init, argparse flags folded
into wandb.config, per-batch and per-epoch wandb.log calls. It trains nothing: the validation loss is a function of
the learning rate and the epoch. It records what it saw (seen.json) and what it logged (logged.jsonl)."""

import argparse
import json
import math
import os
import time

import wandb

defaults = {
    "learning_rate": 0.1,
    "batch_size": 32,
    "epochs": 10,
    "optimizer": "adamw",
    "model": {"hidden": 64, "dropout": 0.1},
}

parser = argparse.ArgumentParser()
parser.add_argument("--epochs", type=int, default=10)
parser.add_argument("--learning_rate", type=float, default=0.5)
args = parser.parse_args()

run = wandb.init(project="receipts", job_type="train", config=defaults)
wandb.config.update({"epochs": args.epochs}, allow_val_change=True)
wandb.config.update({"learning_rate": args.learning_rate})  # the sweep's value is locked: ignored, as under an agent
config = wandb.config
wandb.define_metric("val_loss", summary="min")

with open(os.path.join(run.dir, "seen.json"), "w") as f:
    json.dump({"config": config.as_dict(), "learning_rate": config.learning_rate,
               "hidden": config["model"]["hidden"], "batch_size": config.batch_size}, f)

distance = abs(math.log10(config.learning_rate) + 2.5)
step = 0
for epoch in range(config.epochs):
    for batch in range(3):
        step += 1
        wandb.log({"train/loss": 2.0 - 0.1 * step, "lr": config.learning_rate})
    val_loss = round(distance + 1.0 / (epoch + 1), 6)
    wandb.log({"val": {"accuracy": round(1.0 - val_loss / 4, 6)}, "samples": wandb.Table(columns=["x"])},
              commit=False)
    wandb.log({"val_loss": val_loss, "epoch": epoch})
    with open(os.path.join(run.dir, "logged.jsonl"), "a") as f:
        f.write(json.dumps({"val_loss": val_loss}) + "\n")
    time.sleep(0.25)

run.summary["final_val_loss"] = val_loss
wandb.finish()
