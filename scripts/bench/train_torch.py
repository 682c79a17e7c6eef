#!/usr/bin/env python3
"""The same LayoutLM training step as sweep's TrainBenchmark, in PyTorch eager: forward (the transcription of
modeling_layoutlm.py in scripts/reference), cross-entropy, backward, clip_grad_norm_, AdamW with no decay on
biases and LayerNorm weights. Prints one JSON line: steps per second (of the median step) and peak resident memory.

usage: train_torch.py HIDDEN LAYERS HEADS INTERMEDIATE BATCH SEQ WARMUP_STEPS STEPS THREADS
       train_torch.py matmul THREADS
         the GFLOP/s of a 512 x 512 float matrix product (timing.matmul_gflops)
       train_torch.py flops HIDDEN LAYERS HEADS INTERMEDIATE BATCH SEQ THREADS
         the FLOPs of one forward pass's convolutions and matrix products as torch.profiler counts them, and three
         times that for a training step (timing.print_flops)
"""
import json
import os
import random
import sys

import torch

import timing

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "reference"))
from layoutlm_reference import forward  # noqa: E402


def setup(hidden, layers, heads, inter, batch, seq):
    """The weights by Hugging Face name, the model's configuration, and a fixed random batch."""
    torch.manual_seed(0)
    vocab, labels = 2000, 9
    cfg = {"hidden_size": hidden, "num_attention_heads": heads, "num_hidden_layers": layers,
           "layer_norm_eps": 1e-12}
    W = {}

    def p(name, *shape, init="normal"):
        t = torch.empty(*shape)
        if init == "normal":
            torch.nn.init.normal_(t, 0, 0.02)
        elif init == "ones":
            torch.nn.init.ones_(t)
        else:
            torch.nn.init.zeros_(t)
        W[name] = t.requires_grad_(True)

    e = "layoutlm.embeddings."
    p(e + "word_embeddings.weight", vocab, hidden)
    p(e + "position_embeddings.weight", max(seq, 128), hidden)
    for axis in "xyhw":
        p(e + axis + "_position_embeddings.weight", 1024, hidden)
    p(e + "token_type_embeddings.weight", 2, hidden)
    p(e + "LayerNorm.weight", hidden, init="ones")
    p(e + "LayerNorm.bias", hidden, init="zeros")
    for i in range(layers):
        l = f"layoutlm.encoder.layer.{i}."
        for n, o, k in [("attention.self.query", hidden, hidden), ("attention.self.key", hidden, hidden),
                        ("attention.self.value", hidden, hidden), ("attention.output.dense", hidden, hidden),
                        ("intermediate.dense", inter, hidden), ("output.dense", hidden, inter)]:
            p(l + n + ".weight", o, k)
            p(l + n + ".bias", o, init="zeros")
        for n in ("attention.output.LayerNorm", "output.LayerNorm"):
            p(l + n + ".weight", hidden, init="ones")
            p(l + n + ".bias", hidden, init="zeros")
    p("classifier.weight", labels, hidden)
    p("classifier.bias", labels, init="zeros")
    rnd = random.Random(7)
    ids = torch.tensor([[rnd.randrange(vocab) for _ in range(seq)] for _ in range(batch)])
    boxes = []
    for _ in range(batch):
        row = []
        for _ in range(seq):
            x0, y0 = rnd.randrange(900), rnd.randrange(900)
            row.append([x0, y0, x0 + rnd.randrange(100), y0 + rnd.randrange(100)])
        boxes.append(row)
    bbox = torch.tensor(boxes)
    mask = torch.ones(batch, seq, dtype=torch.long)
    y = torch.tensor([[rnd.randrange(labels) for _ in range(seq)] for _ in range(batch)])
    return W, cfg, (ids, bbox, mask), y


def main():
    if sys.argv[1] == "matmul":
        print(json.dumps({"gflops": round(timing.matmul_gflops(int(sys.argv[2])), 1)}))
        return
    if sys.argv[1] == "flops":
        torch.set_num_threads(int(sys.argv[8]))
        W, cfg, inputs, _ = setup(*map(int, sys.argv[2:8]))
        timing.print_flops(lambda: forward(cfg, W, *inputs, train=True, dropout=0.1))
        return
    hidden, layers, heads, inter, batch, seq, warmup, steps, threads = map(int, sys.argv[1:10])
    torch.set_num_threads(threads)
    W, cfg, (ids, bbox, mask), y = setup(hidden, layers, heads, inter, batch, seq)
    labels = W["classifier.bias"].shape[0]
    decay = [t for n, t in W.items() if not (n.endswith(".bias") or "LayerNorm" in n)]
    no_decay = [t for n, t in W.items() if n.endswith(".bias") or "LayerNorm" in n]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.01}, {"params": no_decay, "weight_decay": 0.0}],
                            lr=1e-4)
    loss_fn = torch.nn.CrossEntropyLoss(ignore_index=-100)

    def step():
        logits = forward(cfg, W, ids, bbox, mask, train=True, dropout=0.1)
        loss = loss_fn(logits.reshape(-1, labels), y.reshape(-1))
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(list(W.values()), 1.0)
        opt.step()
    seconds, = timing.median_seconds(warmup, steps, step)
    print(json.dumps({"steps_per_second": round(1 / seconds, 3), "peak_rss_mb": round(timing.peak_rss_mb(), 1)}))


if __name__ == "__main__":
    main()
