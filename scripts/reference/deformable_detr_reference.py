#!/usr/bin/python3
"""A line-by-line PyTorch transcription of Hugging Face's Deformable DETR (transformers'
modeling_deformable_detr.py), the reference sweep's DJL implementation is checked against. Needs Debian's
python3-torch (1.13); F.grid_sample does the bilinear sampling, as in transformers' pure-PyTorch path.

So far: multi-scale deformable attention's core (transformers' `multi_scale_deformable_attention`).

usage: deformable_detr_reference.py msda OUT.json
  writes a seeded random case (value, spatial shapes, sampling locations, attention weights, the gradient of the
  output to back-propagate) with the output and the gradients with respect to the value, the sampling locations
  and the attention weights.
"""
import json
import sys

import torch
from torch import nn


def multi_scale_deformable_attention(value, value_spatial_shapes, sampling_locations, attention_weights):
    """transformers' multi_scale_deformable_attention: for each level, the value map sampled bilinearly (zeros
    outside, align_corners=False) at the sampling locations in [0, 1] (x, y), weighted and summed over levels and
    points. value: [batch, sum(h*w), heads, head_dim]; sampling_locations: [batch, queries, heads, levels, points, 2];
    attention_weights: [batch, queries, heads, levels, points]. Returns [batch, queries, heads * head_dim]."""
    batch_size, _, num_heads, hidden_dim = value.shape
    _, num_queries, num_heads, num_levels, num_points, _ = sampling_locations.shape
    value_list = value.split([height * width for height, width in value_spatial_shapes], dim=1)
    sampling_grids = 2 * sampling_locations - 1
    sampling_value_list = []
    for level_id, (height, width) in enumerate(value_spatial_shapes):
        # batch_size, height*width, num_heads, hidden_dim -> batch_size*num_heads, hidden_dim, height, width
        value_l_ = (
            value_list[level_id].flatten(2).transpose(1, 2).reshape(batch_size * num_heads, hidden_dim, height, width)
        )
        # batch_size, num_queries, num_heads, num_points, 2 -> batch_size*num_heads, num_queries, num_points, 2
        sampling_grid_l_ = sampling_grids[:, :, :, level_id].transpose(1, 2).flatten(0, 1)
        # batch_size*num_heads, hidden_dim, num_queries, num_points
        sampling_value_l_ = nn.functional.grid_sample(
            value_l_, sampling_grid_l_, mode="bilinear", padding_mode="zeros", align_corners=False
        )
        sampling_value_list.append(sampling_value_l_)
    # (batch_size, num_queries, num_heads, num_levels, num_points) -> (batch_size*num_heads, 1, num_queries, L*P)
    attention_weights = attention_weights.transpose(1, 2).reshape(
        batch_size * num_heads, 1, num_queries, num_levels * num_points
    )
    output = (
        (torch.stack(sampling_value_list, dim=-2).flatten(-2) * attention_weights)
        .sum(-1)
        .view(batch_size, num_heads * hidden_dim, num_queries)
    )
    return output.transpose(1, 2).contiguous()


def msda_case(out_path):
    torch.manual_seed(20261206)
    shapes = [(6, 5), (3, 3)]
    batch, heads, head_dim, queries, points = 2, 2, 3, 4, 3
    levels = len(shapes)
    value = torch.randn(batch, sum(h * w for h, w in shapes), heads, head_dim, dtype=torch.float64)
    # locations spread a little beyond [0, 1] so that corners outside the map (zero padding) are exercised
    locations = torch.rand(batch, queries, heads, levels, points, 2, dtype=torch.float64) * 1.3 - 0.15
    weights = torch.softmax(torch.randn(batch, queries, heads, levels * points, dtype=torch.float64), -1)
    weights = weights.view(batch, queries, heads, levels, points)
    grad_out = torch.randn(batch, queries, heads * head_dim, dtype=torch.float64)
    value.requires_grad_(True)
    locations.requires_grad_(True)
    weights.requires_grad_(True)
    output = multi_scale_deformable_attention(value, shapes, locations, weights)
    output.backward(grad_out)
    case = {
        "spatial_shapes": shapes,
        "value": value.detach().tolist(),
        "sampling_locations": locations.detach().tolist(),
        "attention_weights": weights.detach().tolist(),
        "grad_output": grad_out.tolist(),
        "output": output.detach().tolist(),
        "grad_value": value.grad.tolist(),
        "grad_sampling_locations": locations.grad.tolist(),
        "grad_attention_weights": weights.grad.tolist(),
        "torch_version": torch.__version__,
    }
    with open(out_path, "w") as f:
        json.dump(case, f)


def main():
    if len(sys.argv) != 3 or sys.argv[1] != "msda":
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    msda_case(sys.argv[2])


if __name__ == "__main__":
    main()
