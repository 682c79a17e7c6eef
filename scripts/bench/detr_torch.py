#!/usr/bin/env python3
"""The same Deformable DETR training step as sweep's DetrTrainBenchmark, in PyTorch eager: forward and loss (the
transcription of Hugging Face's model and loss in scripts/reference), backward, clip_grad_norm_ at 0.1, AdamW in the
trial's three groups (the backbone at 0.4 times the rate, biases and LayerNorm weights without decay). The model
trains from scratch as a sweep trial does: every convolution, the stem's and layer1's too; batch norms stay frozen.

usage: detr_torch.py step CONFIG_JSON BATCH HEIGHT WIDTH OBJECTS WARMUP_STEPS STEPS THREADS
         one JSON line: steps per second (of the median step), peak resident memory, minor page faults per timed
         step (memory the allocator took fresh from the kernel), the feature levels' sizes, and
         the milliseconds (of the median run) and share of a step that the deformable sampling of one step takes
         (multi_scale_deformable_attention, forward and backward, on random inputs of the step's very shapes, timed
         alone, in turn with the steps so that other processes slow both alike)
       detr_torch.py flops CONFIG_JSON BATCH HEIGHT WIDTH OBJECTS THREADS
         one JSON line: the FLOPs of one forward pass and its loss that torch.profiler counts (convolutions and matrix
         products) and three times that for a training step (timing.print_flops)
"""
import json
import os
import random
import sys

import torch

import timing

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "reference"))
import deformable_detr_reference as ref  # noqa: E402

SAMPLING_CALLS = []  # (value, spatial shapes, locations, weights) of each call in the first forward pass
SAMPLING = ref.multi_scale_deformable_attention


def float32_reference(calls_per_step):
    """The transcription computes its position embeddings, valid ratios, encoder reference points and offset
    normalizer in float64 (the golden cases are float64); sweep trains in float32. These wrappers give their float32
    results so that the whole step runs in float32, as Hugging Face's does on float32 pixels, and record the shapes of
    each deformable sampling call."""
    for name in ("sine_position_embedding", "valid_ratio", "encoder_reference_points"):
        original = getattr(ref, name)
        setattr(ref, name, lambda *args, _f=original: _f(*args).to(torch.float32))

    def msda(value, shapes, locations, weights):
        if len(SAMPLING_CALLS) < calls_per_step:
            SAMPLING_CALLS.append((tuple(value.shape), list(shapes), tuple(locations.shape), tuple(weights.shape)))
        return SAMPLING(value, shapes, locations.to(value.dtype), weights)
    ref.multi_scale_deformable_attention = msda


def setup(argv):
    config = json.loads(argv[0])
    config["num_labels"] = len(config["id2label"])
    batch, height, width, objects = map(int, argv[1:5])
    generator = torch.Generator().manual_seed(0)
    W, frozen = ref.tiny_weights(config, generator)
    # from scratch: every convolution trains (the stem's and layer1's too), batch norms stay frozen
    trainable = [n for n in W if n not in frozen or (n.startswith(ref.BACKBONE) and "conv" in n.split(".")[-2])
                 or n.endswith("downsample.0.weight")]
    for n in W:
        W[n] = W[n].to(torch.float32).requires_grad_(n in trainable)
    pixel_values = torch.randn(batch, 3, height, width, generator=generator)
    pixel_mask = torch.ones(batch, height, width, dtype=torch.long)
    rnd = random.Random(7)
    targets = []
    for _ in range(batch):
        boxes = []
        for _ in range(objects):
            w, h = rnd.uniform(0.02, 0.2), rnd.uniform(0.02, 0.2)
            boxes.append([rnd.uniform(w / 2, 1 - w / 2), rnd.uniform(h / 2, 1 - h / 2), w, h])
        targets.append({"class_labels": torch.tensor([rnd.randrange(config["num_labels"]) for _ in range(objects)]),
                        "boxes": torch.tensor(boxes, dtype=torch.float32)})
    return config, W, trainable, pixel_values, pixel_mask, targets


def loss_of(config, W, pixel_values, pixel_mask, targets):
    logits, boxes = ref.deformable_detr(W, config, pixel_values, pixel_mask)
    outputs = {"logits": logits[-1], "pred_boxes": boxes[-1]}
    if config["auxiliary_loss"]:
        outputs["auxiliary_outputs"] = [{"logits": a, "pred_boxes": b} for a, b in zip(logits[:-1], boxes[:-1])]
    return ref.deformable_detr_loss(outputs, targets, config["num_labels"], ref.LOSS_COEFFICIENTS,
                                    config["decoder_layers"])[0]


def sampling_run():
    """One step's sampling calls, forward and backward, on random inputs of the recorded shapes (drawn once)."""
    calls = []
    for value, shapes, locations, weights in SAMPLING_CALLS:
        w = torch.softmax(torch.rand(weights[:3] + (weights[3] * weights[4],)), -1).view(weights)
        calls.append([torch.randn(value), shapes, torch.rand(locations), w])

    def run():
        for value, shapes, locations, weights in calls:
            inputs = [t.detach().requires_grad_(True) for t in (value, locations, weights)]
            SAMPLING(inputs[0], shapes, inputs[1], inputs[2]).sum().backward()
    return run


def step(argv):
    warmup, steps, threads = map(int, argv[5:8])
    torch.set_num_threads(threads)
    config, W, trainable, pixel_values, pixel_mask, targets = setup(argv)
    backbone = [W[n] for n in trainable if n.startswith(ref.BACKBONE)]
    plain = [W[n] for n in trainable if not n.startswith(ref.BACKBONE) and (n.endswith(".bias") or "layer_norm" in n)]
    decayed = [W[n] for n in trainable if not n.startswith(ref.BACKBONE) and not (n.endswith(".bias")
                                                                                   or "layer_norm" in n)]
    lr = 5e-4
    opt = torch.optim.AdamW([{"params": backbone, "lr": lr * 0.4, "weight_decay": 1e-4},
                             {"params": plain, "weight_decay": 0.0}, {"params": decayed, "weight_decay": 1e-4}], lr=lr)
    params = [W[n] for n in trainable]

    def train_step():
        loss = loss_of(config, W, pixel_values, pixel_mask, targets)
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 0.1)
        opt.step()
    train_step()  # the first warm-up step records the sampling's shapes
    sampling = sampling_run()
    sampling()
    for _ in range(warmup - 1):
        train_step()
        sampling()
    faults = timing.minor_faults()
    seconds, sampling_seconds = timing.median_seconds(0, steps, train_step, sampling)
    faults_per_step = (timing.minor_faults() - faults) / steps
    levels = ",".join("%dx%d" % s for s in SAMPLING_CALLS[0][1])
    print(json.dumps({"steps_per_second": round(1 / seconds, 4), "peak_rss_mb": round(timing.peak_rss_mb(), 1),
                      "levels": levels, "sampling_ms": round(sampling_seconds * 1e3, 2),
                      "step_ms": round(seconds * 1e3, 2), "sampling_share": round(sampling_seconds / seconds, 4),
                      "minor_faults_per_step": round(faults_per_step)}))


def flops(argv):
    torch.set_num_threads(int(argv[5]))
    config, W, _, pixel_values, pixel_mask, targets = setup(argv)
    timing.print_flops(lambda: loss_of(config, W, pixel_values, pixel_mask, targets))


def main():
    config = json.loads(sys.argv[2])
    float32_reference(config["encoder_layers"] + config["decoder_layers"])
    {"step": step, "flops": flops}[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    main()
