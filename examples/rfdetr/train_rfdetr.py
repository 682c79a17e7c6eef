#!/usr/bin/env python3
"""RF-DETR fine-tuning as the users' multi-GPU guide runs it, driven by environment variables so that sweep (or a
person) can set every knob: NUM_GPUS, BATCH_SIZE (per GPU), GRAD_ACCUM_STEPS, MODEL_SIZE (small | medium | large),
EPOCHS, LEARNING_RATE, RESUME_CHECKPOINT (a checkpoint.pth path, "auto" for OUTPUT_DIR/checkpoint.pth, or empty),
OUTPUT_DIR, DATASET_DIR (Roboflow COCO layout: train/, valid/, test/ each with _annotations.coco.json).

Needs `pip install rfdetr` (roboflow/rf-detr). Launched once per GPU by train_rfdetr.sh when NUM_GPUS > 1.
RF-DETR writes into OUTPUT_DIR: log.txt (one JSON object per epoch, COCO stats at maxDets 500 as
test_coco_eval_bbox / ema_test_coco_eval_bbox), checkpoint.pth every epoch (model, optimizer, lr_scheduler, epoch,
args, ema_model) and checkpoint_best_ema.pth / checkpoint_best_regular.pth / checkpoint_best_total.pth.
"""
import os

from rfdetr import RFDETRLarge, RFDETRMedium, RFDETRSmall

MODELS = {"small": RFDETRSmall, "medium": RFDETRMedium, "large": RFDETRLarge}


def main():
    size = os.environ.get("MODEL_SIZE", "medium")
    output_dir = os.environ.get("OUTPUT_DIR", "output")
    resume = os.environ.get("RESUME_CHECKPOINT", "")
    if resume == "auto":
        latest = os.path.join(output_dir, "checkpoint.pth")
        resume = latest if os.path.exists(latest) else ""
    model = MODELS[size]()
    model.train(
        dataset_dir=os.environ.get("DATASET_DIR", "data/commonforms-coco"),
        output_dir=output_dir,
        epochs=int(os.environ.get("EPOCHS", "30")),
        batch_size=int(os.environ.get("BATCH_SIZE", "24")),
        grad_accum_steps=int(os.environ.get("GRAD_ACCUM_STEPS", "1")),
        lr=float(os.environ.get("LEARNING_RATE", "1e-4")),
        num_workers=int(os.environ.get("NUM_WORKERS", "2")),
        resume=resume or None,
        early_stopping=False,  # sweep prunes and stops trials itself
    )


if __name__ == "__main__":
    main()
