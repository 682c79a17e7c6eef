#!/usr/bin/python3
"""A line-by-line PyTorch transcription of Hugging Face's Deformable DETR (transformers'
modeling_deformable_detr.py), the reference sweep's DJL implementation is checked against. Needs Debian's
python3-torch (1.13); F.grid_sample does the bilinear sampling, as in transformers' pure-PyTorch path.

So far: multi-scale deformable attention's core (transformers' `multi_scale_deformable_attention`) and the
attention module around it (`DeformableDetrMultiscaleDeformableAttention.forward`).

usage: deformable_detr_reference.py msda OUT.json
         a seeded random case of the core (value, spatial shapes, sampling locations, attention weights, the gradient
         of the output to back-propagate) with the output and the gradients with respect to the value, the sampling
         locations and the attention weights
       deformable_detr_reference.py attention OUT.json
         a seeded random case of the module (its four linear layers' weights by Hugging Face name, hidden states,
         position embeddings, encoder hidden states with a padding mask, reference points as points (2) and as boxes
         (4)) with the outputs and the gradients with respect to the inputs and every weight
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


def deformable_attention(W, prefix, hidden_states, position_embeddings, encoder_hidden_states, attention_mask,
                         reference_points, spatial_shapes, n_heads, n_levels, n_points):
    """DeformableDetrMultiscaleDeformableAttention.forward (transformers), the weights by name under prefix."""
    def linear(name, x):
        return x @ W[prefix + name + ".weight"].t() + W[prefix + name + ".bias"]

    # with_pos_embed: the queries carry their position embeddings
    hidden_states = hidden_states + position_embeddings
    batch_size, num_queries, d_model = hidden_states.shape
    _, sequence_length, _ = encoder_hidden_states.shape
    value = linear("value_proj", encoder_hidden_states)
    if attention_mask is not None:
        # we invert the attention_mask: padding positions are zeroed
        value = value.masked_fill(~attention_mask[..., None], float(0))
    value = value.view(batch_size, sequence_length, n_heads, d_model // n_heads)
    sampling_offsets = linear("sampling_offsets", hidden_states).view(
        batch_size, num_queries, n_heads, n_levels, n_points, 2)
    attention_weights = linear("attention_weights", hidden_states).view(
        batch_size, num_queries, n_heads, n_levels * n_points)
    attention_weights = torch.softmax(attention_weights, -1).view(batch_size, num_queries, n_heads, n_levels, n_points)
    shapes = torch.tensor(spatial_shapes, dtype=torch.float64)
    if reference_points.shape[-1] == 2:
        offset_normalizer = torch.stack([shapes[..., 1], shapes[..., 0]], -1)
        sampling_locations = (reference_points[:, :, None, :, None, :]
                              + sampling_offsets / offset_normalizer[None, None, None, :, None, :])
    else:
        sampling_locations = (reference_points[:, :, None, :, None, :2]
                              + sampling_offsets / n_points * reference_points[:, :, None, :, None, 2:] * 0.5)
    output = multi_scale_deformable_attention(value, spatial_shapes, sampling_locations, attention_weights)
    return linear("output_proj", output)


def attention_case(out_path):
    torch.manual_seed(20261207)
    d_model, n_heads, n_levels, n_points = 8, 2, 2, 3
    shapes = [(5, 4), (3, 2)]
    batch, queries = 2, 5
    seq = sum(h * w for h, w in shapes)
    prefix = "model.encoder.layers.0.self_attn."
    sizes = {"sampling_offsets": n_heads * n_levels * n_points * 2, "attention_weights": n_heads * n_levels * n_points,
             "value_proj": d_model, "output_proj": d_model}
    W = {}
    for name, out in sizes.items():
        W[prefix + name + ".weight"] = (torch.randn(out, d_model, dtype=torch.float64) * 0.3).requires_grad_(True)
        W[prefix + name + ".bias"] = (torch.randn(out, dtype=torch.float64) * 0.1).requires_grad_(True)
    hidden = torch.randn(batch, queries, d_model, dtype=torch.float64, requires_grad=True)
    pos = torch.randn(batch, queries, d_model, dtype=torch.float64, requires_grad=True)
    encoder = torch.randn(batch, seq, d_model, dtype=torch.float64, requires_grad=True)
    mask = torch.ones(batch, seq, dtype=torch.bool)
    mask[1, 3:7] = False
    case = {"d_model": d_model, "n_heads": n_heads, "n_levels": n_levels, "n_points": n_points,
            "spatial_shapes": shapes, "prefix": prefix, "hidden_states": hidden.tolist(),
            "position_embeddings": pos.tolist(), "encoder_hidden_states": encoder.tolist(),
            "attention_mask": mask.tolist(), "weights": {k: v.tolist() for k, v in W.items()}, "cases": {}}
    for kind, last in (("points", 2), ("boxes", 4)):
        ref = torch.rand(batch, queries, n_levels, last, dtype=torch.float64)
        if last == 4:
            ref[..., 2:] = ref[..., 2:] * 0.5 + 0.1
        ref.requires_grad_(True)
        for t in [hidden, pos, encoder, *W.values()]:
            t.grad = None
        out = deformable_attention(W, prefix, hidden, pos, encoder, mask, ref, shapes, n_heads, n_levels, n_points)
        grad_out = torch.randn(out.shape, dtype=torch.float64)
        out.backward(grad_out)
        case["cases"][kind] = {
            "reference_points": ref.detach().tolist(), "grad_output": grad_out.tolist(), "output": out.detach().tolist(),
            "grad_hidden_states": hidden.grad.tolist(), "grad_position_embeddings": pos.grad.tolist(),
            "grad_encoder_hidden_states": encoder.grad.tolist(), "grad_reference_points": ref.grad.tolist(),
            "grad_weights": {k: v.grad.tolist() for k, v in W.items()}}
    case["torch_version"] = torch.__version__
    with open(out_path, "w") as f:
        json.dump(case, f)


def main():
    cases = {"msda": msda_case, "attention": attention_case}
    if len(sys.argv) != 3 or sys.argv[1] not in cases:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    cases[sys.argv[1]](sys.argv[2])


if __name__ == "__main__":
    main()
