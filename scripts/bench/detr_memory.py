"""Peak memory of one fp32 training step of a full-size Deformable DETR (Hugging Face's defaults: ResNet-50,
d_model 256, 6 + 6 layers, 4 feature levels, 300 queries), through the PyTorch transcription in
scripts/reference/deformable_detr_reference.py on the CPU: forward, loss with Hungarian matching, backward, with
Hugging Face's freezing for a pretrained backbone (stem and layer1 frozen, batch norms frozen).

usage: detr_memory.py IMAGE_SIZE BATCH THREADS [BOXES]
Prints one JSON line: the resident set size before the step (weights, AdamW's two moments and the batch are
allocated then) and its peak during the step, in MiB, and the difference (what the step adds: activations kept
for backward, gradients, temporaries)."""
import json
import math
import os
import resource
import sys

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "reference"))
import deformable_detr_reference as ref  # noqa: E402


class Float32Torch:
    """torch, except that the transcription's explicit float64 (its golden tensors are double) means float32 here."""

    def __getattr__(self, name):
        return torch.float32 if name == "float64" else getattr(torch, name)


ref.torch = Float32Torch()

FULL = {"backbone": "resnet50", "d_model": 256, "num_feature_levels": 4, "encoder_layers": 6, "decoder_layers": 6,
        "encoder_attention_heads": 8, "decoder_attention_heads": 8, "encoder_n_points": 4, "decoder_n_points": 4,
        "encoder_ffn_dim": 1024, "decoder_ffn_dim": 1024, "num_queries": 300, "num_labels": 3,
        "with_box_refine": False}


def rss_mib():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def main():
    size, batch, threads = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    boxes = int(sys.argv[4]) if len(sys.argv) > 4 else 40
    torch.set_num_threads(threads)
    generator = torch.Generator().manual_seed(0)
    W, frozen = ref.tiny_weights(FULL, generator)
    for k in list(W):
        w = W[k].to(torch.float32)
        if w.dim() >= 2:  # the transcription's random values are for tiny models: keep activations finite
            w = w * (1 / (0.2 * math.sqrt(w[0].numel())))
        W[k] = w.requires_grad_(k not in frozen)
    trainable = [v for k, v in W.items() if k not in frozen]
    optimizer = torch.optim.AdamW(trainable, lr=5e-5, weight_decay=1e-4)
    for p in trainable:  # AdamW's moments exist from the first step on: allocate them before measuring
        state = optimizer.state[p]
        state["step"] = torch.tensor(0.0)
        state["exp_avg"] = torch.zeros_like(p)
        state["exp_avg_sq"] = torch.zeros_like(p)
    # a portrait page (1.3 x as tall as wide) resized so its shorter side is IMAGE_SIZE
    height, width = int(round(size * 1.3)), size
    pixel_values = torch.randn(batch, 3, height, width, generator=generator)
    pixel_mask = torch.ones(batch, height, width, dtype=torch.long)
    targets = []
    for _ in range(batch):
        centre = torch.rand(boxes, 2, generator=generator) * 0.8 + 0.1
        extent = torch.rand(boxes, 2, generator=generator) * 0.1 + 0.01
        targets.append({"class_labels": torch.randint(0, 3, (boxes,), generator=generator),
                        "boxes": torch.cat([centre, extent], 1)})
    parameters = sum(v.numel() for v in W.values())
    before = rss_mib()
    logits, pred_boxes = ref.deformable_detr(W, FULL, pixel_values, pixel_mask)
    assert logits[-1].dtype == torch.float32, logits[-1].dtype
    outputs = {"logits": logits[-1], "pred_boxes": pred_boxes[-1],
               "auxiliary_outputs": [{"logits": a, "pred_boxes": b} for a, b in zip(logits[:-1], pred_boxes[:-1])]}
    loss = ref.deformable_detr_loss(outputs, targets, 3, ref.LOSS_COEFFICIENTS, FULL["decoder_layers"])[0]
    loss.backward()
    torch.nn.utils.clip_grad_norm_(trainable, 1.0)
    optimizer.step()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"image_size": size, "height": height, "width": width, "batch": batch, "parameters": parameters,
                      "trainable": sum(p.numel() for p in trainable), "rss_before_mib": round(before),
                      "peak_mib": round(peak), "step_mib": round(peak - before)}))


if __name__ == "__main__":
    main()
