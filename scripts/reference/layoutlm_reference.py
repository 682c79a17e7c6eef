#!/usr/bin/env python3
"""LayoutLMForTokenClassification's forward pass in plain PyTorch, transcribed from Hugging Face's
modeling_layoutlm.py (embeddings, BERT self-attention with the additive mask, post-LayerNorm, exact GELU,
classifier), reading a checkpoint directory written by sweep (config.json + model.safetensors).

Used to check that sweep's DJL model computes the same logits, and to make the golden file its tests compare
against. Needs only torch (Debian's python3-torch), not transformers.

usage: layoutlm_reference.py CHECKPOINT_DIR INPUTS.json OUT.json
  INPUTS.json: {"input_ids": [[...]], "bbox": [[[x0,y0,x1,y1], ...]], "attention_mask": [[...]]}
"""
import json
import math
import struct
import sys

import torch


def read_safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        assert info["dtype"] == "F32", info
        a, b = info["data_offsets"]
        t = torch.frombuffer(bytearray(data[a:b]), dtype=torch.float32).reshape(info["shape"])
        out[name] = t.clone()
    return out


def layer_norm(x, w, b, eps):
    return torch.nn.functional.layer_norm(x, (x.shape[-1],), w, b, eps)


def forward(cfg, W, input_ids, bbox, attention_mask, train=False, dropout=0.0):
    """Logits [B, T, labels]. With train=True, dropout as the model applies it in training."""
    drop = (lambda t: torch.nn.functional.dropout(t, dropout, True)) if train and dropout > 0 else (lambda t: t)
    eps = cfg["layer_norm_eps"]
    H = cfg["hidden_size"]
    heads = cfg["num_attention_heads"]
    d = H // heads
    B, T = input_ids.shape
    e = "layoutlm.embeddings."
    emb = torch.nn.functional.embedding
    position_ids = torch.arange(T).unsqueeze(0)
    token_type_ids = torch.zeros_like(input_ids)
    x = (emb(input_ids, W[e + "word_embeddings.weight"])
         + emb(position_ids, W[e + "position_embeddings.weight"])
         + emb(bbox[:, :, 0], W[e + "x_position_embeddings.weight"])
         + emb(bbox[:, :, 1], W[e + "y_position_embeddings.weight"])
         + emb(bbox[:, :, 2], W[e + "x_position_embeddings.weight"])
         + emb(bbox[:, :, 3], W[e + "y_position_embeddings.weight"])
         + emb(bbox[:, :, 3] - bbox[:, :, 1], W[e + "h_position_embeddings.weight"])
         + emb(bbox[:, :, 2] - bbox[:, :, 0], W[e + "w_position_embeddings.weight"])
         + emb(token_type_ids, W[e + "token_type_embeddings.weight"]))
    x = drop(layer_norm(x, W[e + "LayerNorm.weight"], W[e + "LayerNorm.bias"], eps))
    ext = (1.0 - attention_mask[:, None, None, :].float()) * torch.finfo(torch.float32).min
    lin = torch.nn.functional.linear
    for i in range(cfg["num_hidden_layers"]):
        p = f"layoutlm.encoder.layer.{i}."

        def split(t):
            return t.view(B, T, heads, d).permute(0, 2, 1, 3)

        q = split(lin(x, W[p + "attention.self.query.weight"], W[p + "attention.self.query.bias"]))
        k = split(lin(x, W[p + "attention.self.key.weight"], W[p + "attention.self.key.bias"]))
        v = split(lin(x, W[p + "attention.self.value.weight"], W[p + "attention.self.value.bias"]))
        scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(d) + ext
        probs = drop(torch.softmax(scores, dim=-1))
        ctx = torch.matmul(probs, v).permute(0, 2, 1, 3).reshape(B, T, H)
        a = drop(lin(ctx, W[p + "attention.output.dense.weight"], W[p + "attention.output.dense.bias"]))
        a = layer_norm(a + x, W[p + "attention.output.LayerNorm.weight"], W[p + "attention.output.LayerNorm.bias"], eps)
        inter = torch.nn.functional.gelu(lin(a, W[p + "intermediate.dense.weight"], W[p + "intermediate.dense.bias"]))
        o = drop(lin(inter, W[p + "output.dense.weight"], W[p + "output.dense.bias"]))
        x = layer_norm(o + a, W[p + "output.LayerNorm.weight"], W[p + "output.LayerNorm.bias"], eps)
    return lin(drop(x), W["classifier.weight"], W["classifier.bias"])


def main():
    ckpt, inputs_path, out_path = sys.argv[1:4]
    cfg = json.load(open(f"{ckpt}/config.json"))
    W = read_safetensors(f"{ckpt}/model.safetensors")
    inp = json.load(open(inputs_path))
    with torch.no_grad():
        logits = forward(cfg, W, torch.tensor(inp["input_ids"]), torch.tensor(inp["bbox"]),
                         torch.tensor(inp["attention_mask"]))
    json.dump({"logits": logits.tolist()}, open(out_path, "w"))


if __name__ == "__main__":
    main()
