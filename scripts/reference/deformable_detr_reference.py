#!/usr/bin/python3
"""A line-by-line PyTorch transcription of Hugging Face's Deformable DETR (transformers'
modeling_deformable_detr.py), the reference sweep's DJL implementation is checked against. Needs Debian's
python3-torch (1.13); F.grid_sample does the bilinear sampling, as in transformers' pure-PyTorch path.

So far: multi-scale deformable attention's core (transformers' `multi_scale_deformable_attention`), the
attention module around it (`DeformableDetrMultiscaleDeformableAttention.forward`), the whole
`DeformableDetrForObjectDetection.forward` (timm ResNet backbone with frozen batch norm, input projections, sine
position embeddings, encoder, decoder, box refinement, heads; one-stage, and two-stage: the encoder's proposals
from `gen_encoder_output_proposals`, scored and regressed by the last heads, the top `two_stage_num_proposals` as
the decoder's queries through `get_proposal_pos_embed`, `pos_trans` and `pos_trans_norm`), and the Hungarian matcher
and the loss (transformers' loss/loss_deformable_detr.py and loss/loss_for_object_detection.py, with the two-stage
`enc_outputs` terms of the loss as modeling_deformable_detr.py had it), with scipy's linear_sum_assignment
(Debian's python3-scipy) solving the assignments; and DN-DETR's denoising queries (dn_components.py of its
dn_dab_deformable_detr model) on that decoder, with its masked self-attention.

usage: deformable_detr_reference.py msda OUT.json
         a seeded random case of the core (value, spatial shapes, sampling locations, attention weights, the gradient
         of the output to back-propagate) with the output and the gradients with respect to the value, the sampling
         locations and the attention weights
       deformable_detr_reference.py model OUT
         three tiny random models (shared heads, box refinement, two-stage with box refinement) on two images, one
         padded: OUT.json (their configurations) and OUT-<case>.safetensors (weights, inputs, every decoder layer's
         logits and boxes, and the gradients of a random projection of them with respect to the pixels and every
         trainable weight; the two-stage case also the encoder's proposals, targets, every loss term, and gradients
         that include the loss's)
       deformable_detr_reference.py denoising OUT
         a tiny random model with box refinement trained with DN-DETR's denoising queries (two groups, the random
         draws of the noise fixed in the file): OUT.json (configuration, denoising settings) and OUT.safetensors
         (weights with the denoising tensors, inputs, targets, draws, the noised queries, every layer's outputs of
         the matching and the denoising queries, every loss term and the total, and the gradients)
       deformable_detr_reference.py attention OUT.json
         a seeded random case of the module (its four linear layers' weights by Hugging Face name, hidden states,
         position embeddings, encoder hidden states with a padding mask, reference points as points (2) and as boxes
         (4)) with the outputs and the gradients with respect to the inputs and every weight
       deformable_detr_reference.py assignment OUT.json
         seeded cost matrices (square, wide, tall, with ties, integer, constant, single row and column, larger ones)
         with scipy's linear_sum_assignment (rows, columns) and the total cost
       deformable_detr_reference.py loss OUT.json
         seeded predictions (logits, boxes) of three decoder layers, the last and two auxiliary, for batches of two
         images with different numbers of boxes, one with none, and without any box; with each layer's cost matrices
         and matched indices, every loss term (loss_ce, loss_bbox, loss_giou, cardinality_error, and _0, _1 for the
         auxiliary layers), the weighted total (DeformableDetrConfig's default coefficients) and its gradients with
         respect to every layer's logits and boxes
"""
import json
import math
import sys

import numpy as np
import scipy
import torch
from scipy.optimize import linear_sum_assignment
from torch import nn
from torch.nn import functional as F


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

# ---------------------------------------------------------------------------------------------------------------------
# The Hungarian matcher and the loss: transformers' loss/loss_deformable_detr.py (DeformableDetrHungarianMatcher,
# DeformableDetrImageLoss, DeformableDetrForObjectDetectionLoss) and what it takes from loss_for_object_detection.py
# (sigmoid_focal_loss, ImageLoss, box_area, box_iou, generalized_box_iou) and image_transforms.py
# (center_to_corners_format), transcribed line by line; scipy's linear_sum_assignment solves each image's assignment.
# ---------------------------------------------------------------------------------------------------------------------

def center_to_corners_format(bboxes_center):
    """image_transforms._center_to_corners_format_torch: (cx, cy, w, h) -> (x0, y0, x1, y1)."""
    center_x, center_y, width, height = bboxes_center.unbind(-1)
    return torch.stack(
        [(center_x - 0.5 * width), (center_y - 0.5 * height), (center_x + 0.5 * width), (center_y + 0.5 * height)],
        dim=-1)


def box_area(boxes):
    return (boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])


def box_iou(boxes1, boxes2):
    """loss_for_object_detection.box_iou: the pairwise IoU [N, M] and the union."""
    area1 = box_area(boxes1)
    area2 = box_area(boxes2)
    left_top = torch.max(boxes1[:, None, :2], boxes2[:, :2])  # [N,M,2]
    right_bottom = torch.min(boxes1[:, None, 2:], boxes2[:, 2:])  # [N,M,2]
    width_height = (right_bottom - left_top).clamp(min=0)  # [N,M,2]
    inter = width_height[:, :, 0] * width_height[:, :, 1]  # [N,M]
    union = area1[:, None] + area2 - inter
    iou = inter / union
    return iou, union


def generalized_box_iou(boxes1, boxes2):
    """loss_for_object_detection.generalized_box_iou: the pairwise GIoU [N, M] of corner boxes."""
    if not (boxes1[:, 2:] >= boxes1[:, :2]).all():
        raise ValueError(f"boxes1 must be in [x0, y0, x1, y1] (corner) format, but got {boxes1}")
    if not (boxes2[:, 2:] >= boxes2[:, :2]).all():
        raise ValueError(f"boxes2 must be in [x0, y0, x1, y1] (corner) format, but got {boxes2}")
    iou, union = box_iou(boxes1, boxes2)
    top_left = torch.min(boxes1[:, None, :2], boxes2[:, :2])
    bottom_right = torch.max(boxes1[:, None, 2:], boxes2[:, 2:])
    width_height = (bottom_right - top_left).clamp(min=0)  # [N,M,2]
    area = width_height[:, :, 0] * width_height[:, :, 1]
    return iou - (area - union) / area


def sigmoid_focal_loss(inputs, targets, num_boxes, alpha=0.25, gamma=2):
    """loss_for_object_detection.sigmoid_focal_loss: note the mean over dimension 1 (the queries)."""
    prob = inputs.sigmoid()
    ce_loss = nn.functional.binary_cross_entropy_with_logits(inputs, targets, reduction="none")
    p_t = prob * targets + (1 - prob) * (1 - targets)
    loss = ce_loss * ((1 - p_t) ** gamma)
    if alpha >= 0:
        alpha_t = alpha * targets + (1 - alpha) * (1 - targets)
        loss = alpha_t * loss
    return loss.mean(1).sum() / num_boxes


def matcher_cost_matrices(outputs, targets, class_cost, bbox_cost, giou_cost):
    """DeformableDetrHungarianMatcher.forward up to the split: each image's cost matrix [queries, its boxes]. The
    focal alpha (0.25) and gamma (2) of the class cost are fixed there, not read from the config."""
    batch_size, num_queries = outputs["logits"].shape[:2]
    out_prob = outputs["logits"].flatten(0, 1).sigmoid()  # [batch_size * num_queries, num_classes]
    out_bbox = outputs["pred_boxes"].flatten(0, 1)  # [batch_size * num_queries, 4]
    target_ids = torch.cat([v["class_labels"] for v in targets])
    target_bbox = torch.cat([v["boxes"] for v in targets])
    alpha = 0.25
    gamma = 2.0
    neg_cost_class = (1 - alpha) * (out_prob ** gamma) * (-(1 - out_prob + 1e-8).log())
    pos_cost_class = alpha * ((1 - out_prob) ** gamma) * (-(out_prob + 1e-8).log())
    class_cost_matrix = pos_cost_class[:, target_ids] - neg_cost_class[:, target_ids]
    bbox_cost_matrix = torch.cdist(out_bbox, target_bbox, p=1)
    giou_cost_matrix = -generalized_box_iou(center_to_corners_format(out_bbox), center_to_corners_format(target_bbox))
    cost_matrix = bbox_cost * bbox_cost_matrix + class_cost * class_cost_matrix + giou_cost * giou_cost_matrix
    cost_matrix = cost_matrix.view(batch_size, num_queries, -1).cpu()
    sizes = [len(v["boxes"]) for v in targets]
    return [c[i] for i, c in enumerate(cost_matrix.split(sizes, -1))]


@torch.no_grad()
def hungarian_match(outputs, targets, class_cost, bbox_cost, giou_cost):
    """DeformableDetrHungarianMatcher.forward: per image, (prediction indices, target indices)."""
    indices = [linear_sum_assignment(c) for c in matcher_cost_matrices(outputs, targets, class_cost, bbox_cost,
                                                                       giou_cost)]
    return [(torch.as_tensor(i, dtype=torch.int64), torch.as_tensor(j, dtype=torch.int64)) for i, j in indices]


def source_permutation_idx(indices):
    """ImageLoss._get_source_permutation_idx."""
    batch_idx = torch.cat([torch.full_like(source, i) for i, (source, _) in enumerate(indices)])
    source_idx = torch.cat([source for (source, _) in indices])
    return batch_idx, source_idx


def loss_labels(outputs, targets, indices, num_boxes, num_classes, focal_alpha):
    """DeformableDetrImageLoss.loss_labels: the focal loss over every query and class, times the number of queries."""
    source_logits = outputs["logits"]
    idx = source_permutation_idx(indices)
    target_classes_o = torch.cat([t["class_labels"][J] for t, (_, J) in zip(targets, indices)])
    target_classes = torch.full(source_logits.shape[:2], num_classes, dtype=torch.int64)
    target_classes[idx] = target_classes_o
    target_classes_onehot = torch.zeros(
        [source_logits.shape[0], source_logits.shape[1], source_logits.shape[2] + 1], dtype=source_logits.dtype)
    target_classes_onehot.scatter_(2, target_classes.unsqueeze(-1), 1)
    target_classes_onehot = target_classes_onehot[:, :, :-1]
    loss_ce = (sigmoid_focal_loss(source_logits, target_classes_onehot, num_boxes, alpha=focal_alpha, gamma=2)
               * source_logits.shape[1])
    return {"loss_ce": loss_ce}


@torch.no_grad()
def loss_cardinality(outputs, targets):
    """ImageLoss.loss_cardinality (a number to log: the last class read as "no object", as in DETR)."""
    logits = outputs["logits"]
    target_lengths = torch.as_tensor([len(v["class_labels"]) for v in targets])
    card_pred = (logits.argmax(-1) != logits.shape[-1] - 1).sum(1)
    return {"cardinality_error": nn.functional.l1_loss(card_pred.float(), target_lengths.float())}


def loss_boxes(outputs, targets, indices, num_boxes):
    """ImageLoss.loss_boxes: L1 and 1 - GIoU of the matched pairs, each summed and divided by num_boxes."""
    idx = source_permutation_idx(indices)
    source_boxes = outputs["pred_boxes"][idx]
    target_boxes = torch.cat([t["boxes"][i] for t, (_, i) in zip(targets, indices)], dim=0)
    loss_bbox = nn.functional.l1_loss(source_boxes, target_boxes, reduction="none")
    losses = {"loss_bbox": loss_bbox.sum() / num_boxes}
    loss_giou = 1 - torch.diag(
        generalized_box_iou(center_to_corners_format(source_boxes), center_to_corners_format(target_boxes)))
    losses["loss_giou"] = loss_giou.sum() / num_boxes
    return losses


def deformable_detr_loss(outputs, targets, num_classes, coefficients, decoder_layers):
    """ImageLoss.forward with DeformableDetrImageLoss's losses ["labels", "boxes", "cardinality"], then
    DeformableDetrForObjectDetectionLoss's weighted sum. Returns (total, loss_dict, indices per layer: last first,
    then auxiliary layers, then the encoder's proposals where outputs has "enc_outputs").

    Two-stage: as DeformableDetrLoss.forward in modeling_deformable_detr.py (from transformers #25045 until the loss
    moved to loss/loss_deformable_detr.py, whose caller no longer passes enc_outputs at all), the encoder's proposals
    (outputs["enc_outputs"]: logits, pred_boxes = enc_outputs_coord_logits.sigmoid()) are matched to the targets with
    every class label set to 0 and their terms recorded as loss_ce_enc, loss_bbox_enc, loss_giou_enc and
    cardinality_error_enc; weight_dict has no _enc key, so they are not part of the total."""
    c = coefficients

    def all_losses(layer_outputs, indices, layer_targets=targets):
        losses = loss_labels(layer_outputs, layer_targets, indices, num_boxes, num_classes, c["focal_alpha"])
        losses.update(loss_boxes(layer_outputs, layer_targets, indices, num_boxes))
        losses.update(loss_cardinality(layer_outputs, layer_targets))
        return losses

    outputs_without_aux = {k: v for k, v in outputs.items() if k != "auxiliary_outputs" and k != "enc_outputs"}
    indices = hungarian_match(outputs_without_aux, targets, c["class_cost"], c["bbox_cost"], c["giou_cost"])
    all_indices = [indices]
    num_boxes = sum(len(t["class_labels"]) for t in targets)
    num_boxes = torch.as_tensor([num_boxes], dtype=torch.float)
    num_boxes = torch.clamp(num_boxes, min=1).item()  # one process: world_size 1
    loss_dict = all_losses(outputs, indices)
    for i, auxiliary_outputs in enumerate(outputs.get("auxiliary_outputs", [])):
        indices = hungarian_match(auxiliary_outputs, targets, c["class_cost"], c["bbox_cost"], c["giou_cost"])
        all_indices.append(indices)
        loss_dict.update({k + f"_{i}": v for k, v in all_losses(auxiliary_outputs, indices).items()})
    if "enc_outputs" in outputs:
        enc_outputs = outputs["enc_outputs"]
        bin_targets = [{"class_labels": torch.zeros_like(t["class_labels"]), "boxes": t["boxes"]} for t in targets]
        indices = hungarian_match(enc_outputs, bin_targets, c["class_cost"], c["bbox_cost"], c["giou_cost"])
        all_indices.append(indices)
        loss_dict.update({k + "_enc": v for k, v in all_losses(enc_outputs, indices, bin_targets).items()})
    weight_dict = {"loss_ce": 1, "loss_bbox": c["bbox_loss_coefficient"], "loss_giou": c["giou_loss_coefficient"]}
    if "auxiliary_outputs" in outputs:  # config.auxiliary_loss
        aux_weight_dict = {}
        for i in range(decoder_layers - 1):
            aux_weight_dict.update({k + f"_{i}": v for k, v in weight_dict.items()})
        weight_dict.update(aux_weight_dict)
    loss = sum(loss_dict[k] * weight_dict[k] for k in loss_dict if k in weight_dict)
    return loss, loss_dict, all_indices


# DeformableDetrConfig's defaults
LOSS_COEFFICIENTS = {"class_cost": 1, "bbox_cost": 5, "giou_cost": 2, "bbox_loss_coefficient": 5,
                     "giou_loss_coefficient": 2, "focal_alpha": 0.25}


def assignment_case(out_path):
    """Seeded cost matrices of every shape and kind, with scipy's assignment and its total cost."""
    rng = np.random.default_rng(20261208)
    matrices = {
        "square": rng.normal(size=(6, 6)),
        "wide": rng.uniform(size=(4, 9)),
        "tall": rng.uniform(-3, 3, size=(9, 4)),
        "ties": rng.integers(0, 3, size=(7, 7)).astype(float),
        "integer_wide": rng.integers(0, 100, size=(5, 8)).astype(float),
        "integer_tall": rng.integers(-20, 20, size=(8, 3)).astype(float),
        "constant": np.full((5, 7), 2.5),
        "one_by_one": np.array([[-4.0]]),
        "single_row": rng.uniform(size=(1, 6)),
        "single_column": rng.uniform(size=(6, 1)),
        "large": rng.uniform(size=(40, 60)) * 10,
        "large_ties": rng.integers(0, 12, size=(50, 30)).astype(float),
    }
    out = {"scipy_version": scipy.__version__, "cases": {}}
    for name, cost in matrices.items():
        rows, cols = linear_sum_assignment(cost)
        out["cases"][name] = {"cost": cost.tolist(), "rows": rows.tolist(), "columns": cols.tolist(),
                              "total": float(cost[rows, cols].sum())}
    with open(out_path, "w") as f:
        json.dump(out, f)


def loss_case(out_path):
    """Seeded predictions of three decoder layers (the last and two auxiliary) for batches whose images hold
    different numbers of boxes, one none, and a batch without any box, with each layer's cost matrices and matches,
    every loss term, the weighted total and its gradients with respect to every layer's logits and boxes."""
    torch.manual_seed(20261209)
    queries, num_classes, layers = 7, 4, 3

    def f32(t):
        # values float32 holds exactly, so that the float32 implementation sees the reference's very inputs
        return t.float().double()

    def random_boxes(n):
        centre = torch.rand(n, 2, dtype=torch.float64) * 0.8 + 0.1
        size = torch.rand(n, 2, dtype=torch.float64) * 0.45 + 0.05
        return f32(torch.cat([centre, size], -1))

    out = {"queries": queries, "num_classes": num_classes, "coefficients": LOSS_COEFFICIENTS, "decoder_layers": layers,
           "cases": {}}
    for name, counts in (("mixed", [4, 2]), ("empty_image", [3, 0]), ("no_boxes", [0, 0])):
        targets = [{"class_labels": torch.randint(0, num_classes, (n,)), "boxes": random_boxes(n)} for n in counts]
        logits = [f32(torch.randn(len(counts), queries, num_classes, dtype=torch.float64) * 2).requires_grad_(True)
                  for _ in range(layers)]
        boxes = [random_boxes(len(counts) * queries).view(len(counts), queries, 4).requires_grad_(True)
                 for _ in range(layers)]
        outputs = {"logits": logits[-1], "pred_boxes": boxes[-1],
                   "auxiliary_outputs": [{"logits": a, "pred_boxes": b} for a, b in zip(logits[:-1], boxes[:-1])]}
        total, loss_dict, indices = deformable_detr_loss(outputs, targets, num_classes, LOSS_COEFFICIENTS, layers)
        total.backward()
        layer_order = [layers - 1] + list(range(layers - 1))  # the matcher's order: the last layer first
        costs = [[c.tolist() for c in matcher_cost_matrices(
            {"logits": logits[k].detach(), "pred_boxes": boxes[k].detach()}, targets, LOSS_COEFFICIENTS["class_cost"],
            LOSS_COEFFICIENTS["bbox_cost"], LOSS_COEFFICIENTS["giou_cost"])] for k in layer_order]
        out["cases"][name] = {
            "targets": [{"class_labels": t["class_labels"].tolist(), "boxes": t["boxes"].tolist()} for t in targets],
            "logits": [t.detach().tolist() for t in logits], "pred_boxes": [t.detach().tolist() for t in boxes],
            "layers": "logits, pred_boxes, grad_*: auxiliary layers 0.., the last layer last; costs, indices: the "
                      "last layer first, then auxiliary layers 0..",
            "costs": costs,
            "indices": [[[i.tolist(), j.tolist()] for i, j in layer] for layer in indices],
            "losses": {k: float(v) for k, v in loss_dict.items()}, "total": float(total),
            "grad_logits": [t.grad.tolist() for t in logits], "grad_pred_boxes": [t.grad.tolist() for t in boxes]}
    out["torch_version"] = torch.__version__
    with open(out_path, "w") as f:
        json.dump(out, f)



# ---------------------------------------------------------------------------------------------------------------
# The whole model: DeformableDetrForObjectDetection.forward (one-stage, with and without box refinement), its timm
# ResNet backbone with frozen batch norm, input projections, sine position embeddings, encoder, decoder and heads.
# The weights are a dict by Hugging Face name; dropout is off (evaluation mode).
# ---------------------------------------------------------------------------------------------------------------

BACKBONE = "model.backbone.conv_encoder.model."
RESNETS = {"resnet18": ("basic", (2, 2, 2, 2)), "resnet34": ("basic", (3, 4, 6, 3)),
           "resnet50": ("bottleneck", (3, 4, 6, 3))}


def frozen_batch_norm(W, p, x):
    """DeformableDetrFrozenBatchNorm2d.forward."""
    weight = W[p + "weight"].reshape(1, -1, 1, 1)
    bias = W[p + "bias"].reshape(1, -1, 1, 1)
    running_var = W[p + "running_var"].reshape(1, -1, 1, 1)
    running_mean = W[p + "running_mean"].reshape(1, -1, 1, 1)
    epsilon = 1e-5
    scale = weight * (running_var + epsilon).rsqrt()
    bias = bias - running_mean * scale
    return x * scale + bias


def conv(W, p, x, stride=1, padding=0):
    return F.conv2d(x, W[p + "weight"], W.get(p + "bias"), stride=stride, padding=padding)


def resnet_block(W, p, x, kind, stride):
    """timm's BasicBlock / Bottleneck (frozen batch norm), the shortcut a 1x1 conv + norm where it has weights."""
    shortcut = x
    if p + "downsample.0.weight" in W:
        shortcut = frozen_batch_norm(W, p + "downsample.1.", conv(W, p + "downsample.0.", x, stride=stride))
    if kind == "basic":
        x = F.relu(frozen_batch_norm(W, p + "bn1.", conv(W, p + "conv1.", x, stride=stride, padding=1)))
        x = frozen_batch_norm(W, p + "bn2.", conv(W, p + "conv2.", x, padding=1))
    else:
        x = F.relu(frozen_batch_norm(W, p + "bn1.", conv(W, p + "conv1.", x)))
        x = F.relu(frozen_batch_norm(W, p + "bn2.", conv(W, p + "conv2.", x, stride=stride, padding=1)))
        x = frozen_batch_norm(W, p + "bn3.", conv(W, p + "conv3.", x))
    return F.relu(x + shortcut)


def out_indices_of(config):
    """DeformableDetrConvEncoder: backbone_kwargs' out_indices, else (2, 3, 4) for several levels, (4,) for one."""
    default = [2, 3, 4] if config["num_feature_levels"] > 1 else [4]
    return config.get("backbone_kwargs", {}).get("out_indices", default)


def resnet_features(W, config, pixel_values):
    """timm's ResNet with features_only: the maps at out_indices (0 the stem, 1..4 layer1..4)."""
    kind, depths = RESNETS[config["backbone"]]
    depths = config.get("backbone_kwargs", {}).get("layers", depths)
    out_indices = out_indices_of(config)
    x = F.relu(frozen_batch_norm(W, BACKBONE + "bn1.", conv(W, BACKBONE + "conv1.", pixel_values, 2, 3)))
    features = [x] if 0 in out_indices else []
    x = F.max_pool2d(x, 3, 2, 1)
    for stage in range(4):
        for block in range(depths[stage]):
            stride = 2 if stage > 0 and block == 0 else 1
            x = resnet_block(W, BACKBONE + "layer%d.%d." % (stage + 1, block), x, kind, stride)
        if stage + 1 in out_indices:
            features.append(x)
    return features


def nearest_mask(pixel_mask, size):
    return nn.functional.interpolate(pixel_mask[None].to(torch.float64), size=size).to(torch.bool)[0]


def sine_position_embedding(pixel_mask, embedding_dim, temperature=10000, scale=2 * math.pi):
    """DeformableDetrSinePositionEmbedding with normalize=True."""
    y_embed = pixel_mask.cumsum(1, dtype=torch.float64)
    x_embed = pixel_mask.cumsum(2, dtype=torch.float64)
    eps = 1e-6
    y_embed = (y_embed - 0.5) / (y_embed[:, -1:, :] + eps) * scale
    x_embed = (x_embed - 0.5) / (x_embed[:, :, -1:] + eps) * scale
    dim_t = torch.arange(embedding_dim, dtype=torch.float64)
    dim_t = temperature ** (2 * torch.div(dim_t, 2, rounding_mode="floor") / embedding_dim)
    pos_x = x_embed[:, :, :, None] / dim_t
    pos_y = y_embed[:, :, :, None] / dim_t
    pos_x = torch.stack((pos_x[:, :, :, 0::2].sin(), pos_x[:, :, :, 1::2].cos()), dim=4).flatten(3)
    pos_y = torch.stack((pos_y[:, :, :, 0::2].sin(), pos_y[:, :, :, 1::2].cos()), dim=4).flatten(3)
    return torch.cat((pos_y, pos_x), dim=3).permute(0, 3, 1, 2)


def group_norm(W, p, x, groups=32):
    return F.group_norm(x, groups, W[p + "weight"], W[p + "bias"], eps=1e-5)


def layer_norm(W, p, x):
    return F.layer_norm(x, x.shape[-1:], W[p + "weight"], W[p + "bias"], eps=1e-5)


def linear_layer(W, p, x):
    return x @ W[p + "weight"].t() + W[p + "bias"]


def valid_ratio(mask):
    _, height, width = mask.shape
    valid_height = torch.sum(mask[:, :, 0], 1)
    valid_width = torch.sum(mask[:, 0, :], 1)
    return torch.stack([valid_width.to(torch.float64) / width, valid_height.to(torch.float64) / height], -1)


def encoder_reference_points(spatial_shapes, valid_ratios):
    reference_points_list = []
    for level, (height, width) in enumerate(spatial_shapes):
        ref_y, ref_x = torch.meshgrid(torch.linspace(0.5, height - 0.5, height, dtype=torch.float64),
                                      torch.linspace(0.5, width - 0.5, width, dtype=torch.float64), indexing="ij")
        ref_y = ref_y.reshape(-1)[None] / (valid_ratios[:, None, level, 1] * height)
        ref_x = ref_x.reshape(-1)[None] / (valid_ratios[:, None, level, 0] * width)
        reference_points_list.append(torch.stack((ref_x, ref_y), -1))
    reference_points = torch.cat(reference_points_list, 1)
    return reference_points[:, :, None] * valid_ratios[:, None]


def inverse_sigmoid(x, eps=1e-5):
    x = x.clamp(min=0, max=1)
    x1 = x.clamp(min=eps)
    x2 = (1 - x).clamp(min=eps)
    return torch.log(x1 / x2)


def multihead_self_attention(W, p, hidden_states, position_embeddings, num_heads, attention_mask=None):
    """DeformableDetrMultiheadAttention.forward: queries and keys carry the position embeddings, values do not; an
    attention mask [target_len, target_len], when given, is added to the scores before the softmax (-inf where a
    query must not see a key), as there."""
    batch_size, target_len, embed_dim = hidden_states.shape
    head_dim = embed_dim // num_heads
    original = hidden_states
    hidden_states = hidden_states + position_embeddings
    q = linear_layer(W, p + "q_proj.", hidden_states) * head_dim ** -0.5
    k = linear_layer(W, p + "k_proj.", hidden_states)
    v = linear_layer(W, p + "v_proj.", original)

    def shape(t):
        return t.view(batch_size, -1, num_heads, head_dim).transpose(1, 2).reshape(batch_size * num_heads, -1, head_dim)
    scores = torch.bmm(shape(q), shape(k).transpose(1, 2))
    if attention_mask is not None:
        scores = (scores.view(batch_size, num_heads, target_len, target_len) + attention_mask).view(
            batch_size * num_heads, target_len, target_len)
    weights = torch.softmax(scores, -1)
    out = torch.bmm(weights, shape(v)).view(batch_size, num_heads, target_len, head_dim).transpose(1, 2)
    return linear_layer(W, p + "out_proj.", out.reshape(batch_size, target_len, embed_dim))


def mlp_head(W, p, x):
    x = F.relu(linear_layer(W, p + "layers.0.", x))
    x = F.relu(linear_layer(W, p + "layers.1.", x))
    return linear_layer(W, p + "layers.2.", x)


def head_name(config, kind, layer):
    return "%s.%d." % (kind, layer if config["with_box_refine"] else 0)


def get_proposal_pos_embed(config, proposals):
    """DeformableDetrModel.get_proposal_pos_embed: the sine embedding of sigmoid(proposals) * 2 pi, d_model / 2
    channels per coordinate (sin, cos interleaved): [batch, queries, 4] -> [batch, queries, 2 * d_model]."""
    num_pos_feats = config["d_model"] // 2
    temperature = 10000
    scale = 2 * math.pi
    dim_t = torch.arange(num_pos_feats, dtype=proposals.dtype)
    dim_t = temperature ** (2 * torch.div(dim_t, 2, rounding_mode="floor") / num_pos_feats)
    proposals = proposals.sigmoid() * scale
    pos = proposals[:, :, :, None] / dim_t
    return torch.stack((pos[:, :, :, 0::2].sin(), pos[:, :, :, 1::2].cos()), dim=4).flatten(2)


def gen_encoder_output_proposals(W, enc_output, padding_mask, spatial_shapes):
    """DeformableDetrModel.gen_encoder_output_proposals: one proposal per position (its centre over the valid width
    and height, width and height 0.05 * 2^level) as logits, inf where padded or not within (0.01, 0.99); the
    encoder's output zeroed there, through enc_output and enc_output_norm. padding_mask: true where padded."""
    batch_size = enc_output.shape[0]
    proposals = []
    _cur = 0
    for level, (height, width) in enumerate(spatial_shapes):
        mask_flatten_ = padding_mask[:, _cur:(_cur + height * width)].view(batch_size, height, width, 1)
        valid_height = torch.sum(~mask_flatten_[:, :, 0, 0], 1)
        valid_width = torch.sum(~mask_flatten_[:, 0, :, 0], 1)
        grid_y, grid_x = torch.meshgrid(torch.linspace(0, height - 1, height, dtype=enc_output.dtype),
                                        torch.linspace(0, width - 1, width, dtype=enc_output.dtype), indexing="ij")
        grid = torch.cat([grid_x.unsqueeze(-1), grid_y.unsqueeze(-1)], -1)
        scale = torch.cat([valid_width.unsqueeze(-1), valid_height.unsqueeze(-1)], 1).view(batch_size, 1, 1, 2)
        grid = (grid.unsqueeze(0).expand(batch_size, -1, -1, -1) + 0.5) / scale
        width_height = torch.ones_like(grid) * 0.05 * (2.0 ** level)
        proposals.append(torch.cat((grid, width_height), -1).view(batch_size, -1, 4))
        _cur += height * width
    output_proposals = torch.cat(proposals, 1)
    output_proposals_valid = ((output_proposals > 0.01) & (output_proposals < 0.99)).all(-1, keepdim=True)
    output_proposals = torch.log(output_proposals / (1 - output_proposals))  # inverse sigmoid
    output_proposals = output_proposals.masked_fill(padding_mask.unsqueeze(-1), float("inf"))
    output_proposals = output_proposals.masked_fill(~output_proposals_valid, float("inf"))
    object_query = enc_output
    object_query = object_query.masked_fill(padding_mask.unsqueeze(-1), float(0))
    object_query = object_query.masked_fill(~output_proposals_valid, float(0))
    object_query = layer_norm(W, "model.enc_output_norm.", linear_layer(W, "model.enc_output.", object_query))
    return object_query, output_proposals


def deformable_detr(W, config, pixel_values, pixel_mask, denoising=None):
    """DeformableDetrForObjectDetection.forward: per decoder layer, logits and boxes; with two_stage also the
    encoder's per-position proposals (enc_outputs_class, enc_outputs_coord_logits), else None.

    denoising: None, or denoising queries as prepare_for_dn makes them ({"labels", "boxes", "groups"}): they go before
    the matching queries (denoising_queries), the decoder's self-attention is masked (denoising_attention_mask), and
    every layer's logits and boxes are split: the function then returns (logits, boxes, enc_outputs, dn_logits,
    dn_boxes), the denoising queries' outputs last."""
    d = config["d_model"]
    levels = config["num_feature_levels"]
    features = resnet_features(W, config, pixel_values)
    sources, masks = [], []
    for level, feature in enumerate(features):
        p = "model.input_proj.%d." % level
        sources.append(group_norm(W, p + "1.", conv(W, p + "0.", feature)))
        masks.append(nearest_mask(pixel_mask, feature.shape[-2:]))
    for level in range(len(features), levels):
        p = "model.input_proj.%d." % level
        source = group_norm(W, p + "1.", conv(W, p + "0.", features[-1] if level == len(features) else sources[-1],
                                              stride=2, padding=1))
        sources.append(source)
        masks.append(nearest_mask(pixel_mask, source.shape[-2:]))
    position = [sine_position_embedding(m, d // 2) for m in masks]
    source_flatten, mask_flatten, pos_flatten, shapes = [], [], [], []
    for level, (source, mask, pos) in enumerate(zip(sources, masks, position)):
        batch, _, height, width = source.shape
        shapes.append((height, width))
        source_flatten.append(source.flatten(2).transpose(1, 2))
        mask_flatten.append(mask.flatten(1))
        pos_flatten.append(pos.flatten(2).transpose(1, 2) + W["model.level_embed"][level].view(1, 1, -1))
    hidden = torch.cat(source_flatten, 1)
    mask_flatten = torch.cat(mask_flatten, 1)
    pos_flatten = torch.cat(pos_flatten, 1)
    valid_ratios = torch.stack([valid_ratio(m) for m in masks], 1)

    reference = encoder_reference_points(shapes, valid_ratios)
    for i in range(config["encoder_layers"]):
        p = "model.encoder.layers.%d." % i
        residual = hidden
        hidden = deformable_attention(W, p + "self_attn.", hidden, pos_flatten, hidden, mask_flatten, reference, shapes,
                                      config["encoder_attention_heads"], levels, config["encoder_n_points"])
        hidden = layer_norm(W, p + "self_attn_layer_norm.", residual + hidden)
        residual = hidden
        hidden = linear_layer(W, p + "fc2.", F.relu(linear_layer(W, p + "fc1.", hidden)))
        hidden = layer_norm(W, p + "final_layer_norm.", residual + hidden)
    memory = hidden

    enc_outputs = None
    if config.get("two_stage", False):
        object_query_embedding, output_proposals = gen_encoder_output_proposals(W, memory, ~mask_flatten, shapes)
        # the last heads (index decoder_layers) score and regress every position
        last = config["decoder_layers"]
        enc_outputs_class = linear_layer(W, "class_embed.%d." % last, object_query_embedding)
        delta_bbox = mlp_head(W, "bbox_embed.%d." % last, object_query_embedding)
        enc_outputs_coord_logits = delta_bbox + output_proposals
        topk = config["two_stage_num_proposals"]
        topk_proposals = torch.topk(enc_outputs_class[..., 0], topk, dim=1)[1]
        topk_coords_logits = torch.gather(enc_outputs_coord_logits, 1, topk_proposals.unsqueeze(-1).repeat(1, 1, 4))
        topk_coords_logits = topk_coords_logits.detach()
        reference_points = topk_coords_logits.sigmoid()
        init_reference = reference_points
        pos_trans_out = layer_norm(W, "model.pos_trans_norm.", linear_layer(
            W, "model.pos_trans.", get_proposal_pos_embed(config, topk_coords_logits)))
        query_embed, hidden = torch.split(pos_trans_out, d, dim=2)
        enc_outputs = (enc_outputs_class, enc_outputs_coord_logits, topk_proposals)
    else:
        query_embed, target = torch.split(W["model.query_position_embeddings.weight"], d, dim=1)
        batch = pixel_values.shape[0]
        query_embed = query_embed.unsqueeze(0).expand(batch, -1, -1)
        hidden = target.unsqueeze(0).expand(batch, -1, -1)
        reference_points = linear_layer(W, "model.reference_points.", query_embed).sigmoid()
        init_reference = reference_points
    attention_mask = None
    pad_size = 0
    if denoising is not None:
        dn_target, dn_position, dn_reference = denoising_queries(W, config, denoising["labels"], denoising["boxes"])
        pad_size = dn_target.shape[1]
        batch = hidden.shape[0]
        hidden = torch.cat([dn_target, hidden.expand(batch, -1, -1)], 1)
        query_embed = torch.cat([dn_position, query_embed.expand(batch, -1, -1)], 1)
        reference_points = torch.cat([dn_reference[..., :reference_points.shape[-1]], reference_points], 1)
        init_reference = reference_points
        attention_mask = denoising_attention_mask(denoising["groups"], pad_size // denoising["groups"],
                                                  hidden.shape[1] - pad_size)
    intermediate, intermediate_reference = [], []
    for i in range(config["decoder_layers"]):
        p = "model.decoder.layers.%d." % i
        if reference_points.shape[-1] == 4:
            reference_input = reference_points[:, :, None] * torch.cat([valid_ratios, valid_ratios], -1)[:, None]
        else:
            reference_input = reference_points[:, :, None] * valid_ratios[:, None]
        residual = hidden
        hidden = multihead_self_attention(W, p + "self_attn.", hidden, query_embed, config["decoder_attention_heads"],
                                          attention_mask)
        hidden = layer_norm(W, p + "self_attn_layer_norm.", residual + hidden)
        residual = hidden
        hidden = deformable_attention(W, p + "encoder_attn.", hidden, query_embed, memory, mask_flatten,
                                      reference_input, shapes, config["decoder_attention_heads"], levels,
                                      config["decoder_n_points"])
        hidden = layer_norm(W, p + "encoder_attn_layer_norm.", residual + hidden)
        residual = hidden
        hidden = linear_layer(W, p + "fc2.", F.relu(linear_layer(W, p + "fc1.", hidden)))
        hidden = layer_norm(W, p + "final_layer_norm.", residual + hidden)
        if config["with_box_refine"]:
            tmp = mlp_head(W, "bbox_embed.%d." % i, hidden)
            if reference_points.shape[-1] == 4:
                new_reference_points = (tmp + inverse_sigmoid(reference_points)).sigmoid()
            else:
                new_reference_points = torch.cat([tmp[..., :2] + inverse_sigmoid(reference_points), tmp[..., 2:]],
                                                 -1).sigmoid()
            reference_points = new_reference_points.detach()
        intermediate.append(hidden)
        intermediate_reference.append(reference_points)

    logits, boxes = [], []
    for level in range(config["decoder_layers"]):
        reference = inverse_sigmoid(init_reference if level == 0 else intermediate_reference[level - 1])
        outputs_class = linear_layer(W, head_name(config, "class_embed", level), intermediate[level])
        delta_bbox = mlp_head(W, head_name(config, "bbox_embed", level), intermediate[level])
        if reference.shape[-1] == 4:
            coord_logits = delta_bbox + reference
        else:
            coord_logits = torch.cat([delta_bbox[..., :2] + reference, delta_bbox[..., 2:]], -1)
        logits.append(outputs_class)
        boxes.append(coord_logits.sigmoid())
    if denoising is not None:
        # dn_post_process: the denoising queries' outputs split off
        return ([t[:, pad_size:] for t in logits], [t[:, pad_size:] for t in boxes], enc_outputs,
                [t[:, :pad_size] for t in logits], [t[:, :pad_size] for t in boxes])
    return logits, boxes, enc_outputs


# Denoising queries (DN-DETR), transcribed from DN-DETR's models/dn_dab_deformable_detr/dn_components.py
# (prepare_for_dn, prepare_for_loss, tgt_loss_labels, tgt_loss_boxes, compute_dn_loss) onto Hugging Face's decoder.
# ---------------------------------------------------------------------------------------------------------------------

def prepare_for_dn(targets, scalar, label_noise_scale, box_noise_scale, num_classes, label_draws, new_labels,
                   box_draws):
    """prepare_for_dn's noise and layout with its random draws given, one per known query in its order (group by
    group, in each the batch's objects image by image): label_draws (torch.rand_like), new_labels (its randint,
    given for every query, used where the label flips) and box_draws [n, 4] (torch.rand_like). Returns the queries
    as dn_components places them, scalar groups of single_pad = the most objects of an image, an image's objects
    first in each group and the rest padding: {"labels" [batch, pad_size] (-1 for padding), "boxes" [batch, pad_size,
    4] (the noised boxes; (0.5, 0.5, 0.5, 0.5), whose inverse sigmoid is the padding's 0, for padding), "groups"}."""
    known_num = [len(t["class_labels"]) for t in targets]
    labels = torch.cat([t["class_labels"] for t in targets])
    boxes = torch.cat([t["boxes"] for t in targets])
    batch_idx = torch.cat([torch.full_like(t["class_labels"].long(), i) for i, t in enumerate(targets)])
    known_labels = labels.repeat(scalar, 1).view(-1)
    known_bid = batch_idx.repeat(scalar, 1).view(-1)
    known_bboxs = boxes.repeat(scalar, 1)
    known_labels_expaned = known_labels.clone()
    known_bbox_expand = known_bboxs.clone()
    if label_noise_scale > 0:
        p = label_draws
        chosen_indice = torch.nonzero(p < label_noise_scale).view(-1)
        new_label = new_labels[chosen_indice]
        known_labels_expaned.scatter_(0, chosen_indice, new_label)
    if box_noise_scale > 0:
        diff = torch.zeros_like(known_bbox_expand)
        diff[:, :2] = known_bbox_expand[:, 2:] / 2
        diff[:, 2:] = known_bbox_expand[:, 2:]
        known_bbox_expand += torch.mul((box_draws * 2 - 1.0), diff) * box_noise_scale
        known_bbox_expand = known_bbox_expand.clamp(min=0.0, max=1.0)
    single_pad = int(max(known_num))
    pad_size = int(single_pad * scalar)
    batch_size = len(targets)
    input_labels = torch.full((batch_size, pad_size), -1, dtype=torch.long)
    input_boxes = torch.full((batch_size, pad_size, 4), 0.5, dtype=known_bbox_expand.dtype)
    map_known_indice = torch.cat([torch.tensor(range(num)) for num in known_num])
    map_known_indice = torch.cat([map_known_indice + single_pad * i for i in range(scalar)]).long()
    input_labels[(known_bid.long(), map_known_indice)] = known_labels_expaned
    input_boxes[(known_bid.long(), map_known_indice)] = known_bbox_expand
    return {"labels": input_labels, "boxes": input_boxes, "groups": scalar}


def gen_sineembed(config, box_logits):
    """The denoising queries' sine embedding: get_proposal_pos_embed of their box logits (inverse_sigmoid of the noised
    boxes), d_model / 2 channels per coordinate."""
    return get_proposal_pos_embed(config, box_logits)


def denoising_queries(W, config, labels, boxes):
    """The denoising queries' content (label_enc of the noised label, zeros for padding: dn_components' padding_label),
    position (ref_point_head of the sine embedding of their box, as DAB-Deformable-DETR derives a query's position
    from its anchor) and reference boxes (sigmoid of inverse_sigmoid of the noised box: input_query_bbox.sigmoid())."""
    known = (labels >= 0).to(W["denoising.label_enc.weight"].dtype).unsqueeze(-1)
    content = W["denoising.label_enc.weight"][labels.clamp(min=0)] * known
    box_logits = inverse_sigmoid(boxes)
    position = linear_layer(W, "denoising.ref_point_head.layers.1.", F.relu(
        linear_layer(W, "denoising.ref_point_head.layers.0.", gen_sineembed(config, box_logits))))
    return content, position, box_logits.sigmoid()


def denoising_attention_mask(scalar, single_pad, num_queries):
    """prepare_for_dn's attn_mask as an additive mask: -inf where a query must not see a key (matching queries do not
    see denoising queries; a group sees no other group), 0 elsewhere."""
    pad_size = single_pad * scalar
    tgt_size = pad_size + num_queries
    attn_mask = torch.ones(tgt_size, tgt_size) < 0
    attn_mask[pad_size:, :pad_size] = True
    for i in range(scalar):
        if i == 0:
            attn_mask[single_pad * i:single_pad * (i + 1), single_pad * (i + 1):pad_size] = True
        if i == scalar - 1:
            attn_mask[single_pad * i:single_pad * (i + 1), :single_pad * i] = True
        else:
            attn_mask[single_pad * i:single_pad * (i + 1), single_pad * (i + 1):pad_size] = True
            attn_mask[single_pad * i:single_pad * (i + 1), :single_pad * i] = True
    return torch.zeros(tgt_size, tgt_size, dtype=torch.float64).masked_fill(attn_mask, float("-inf"))


def denoising_loss(dn_logits, dn_boxes, targets, scalar, focal_alpha):
    """compute_dn_loss: per layer (the last without a suffix, auxiliary layer i with _i), each denoising query's
    outputs against the object it was made from (its label before the noise, its box), the focal loss summed and
    divided by num_tgt (objects x groups), L1 and 1 - GIoU summed and divided by num_tgt. Names dn_loss_ce,
    dn_loss_bbox, dn_loss_giou (dn_components' tgt_loss_*)."""
    known_num = [len(t["class_labels"]) for t in targets]
    single_pad = max(known_num)
    labels = torch.cat([t["class_labels"] for t in targets]).repeat(scalar, 1).view(-1)
    boxes = torch.cat([t["boxes"] for t in targets]).repeat(scalar, 1)
    bid = torch.cat([torch.full((n,), i, dtype=torch.long) for i, n in enumerate(known_num)]).repeat(scalar)
    map_known_indice = torch.cat([torch.tensor(range(num)) for num in known_num])
    map_known_indice = torch.cat([map_known_indice + single_pad * i for i in range(scalar)]).long()
    num_tgt = labels.numel()
    losses = {}
    layers = len(dn_logits)
    for layer in range(layers):
        suffix = "" if layer == layers - 1 else "_%d" % layer
        src_logits = dn_logits[layer][(bid, map_known_indice)].unsqueeze(0)
        onehot = torch.zeros([1, src_logits.shape[1], src_logits.shape[2] + 1], dtype=src_logits.dtype)
        onehot.scatter_(2, labels.unsqueeze(0).unsqueeze(-1), 1)
        onehot = onehot[:, :, :-1]
        losses["dn_loss_ce" + suffix] = (sigmoid_focal_loss(src_logits, onehot, num_tgt, alpha=focal_alpha, gamma=2)
                                         * src_logits.shape[1])
        src_boxes = dn_boxes[layer][(bid, map_known_indice)]
        losses["dn_loss_bbox" + suffix] = F.l1_loss(src_boxes, boxes, reduction="none").sum() / num_tgt
        losses["dn_loss_giou" + suffix] = (1 - torch.diag(generalized_box_iou(
            center_to_corners_format(src_boxes), center_to_corners_format(boxes)))).sum() / num_tgt
    return losses


def tiny_weights(config, generator):
    """Random weights of every parameter the configuration has, by Hugging Face name (float32 values), and which of
    them train (Hugging Face freezes the stem and layer1 of a ResNet backbone, and every batch norm is a buffer)."""
    d = config["d_model"]
    kind, depths = RESNETS[config["backbone"]]
    kwargs = config.get("backbone_kwargs", {})
    depths = kwargs.get("layers", depths)
    channels = kwargs.get("channels", (64, 128, 256, 512))
    stem = kwargs.get("stem_width", 64)
    expansion = 4 if kind == "bottleneck" else 1
    W, frozen = {}, set()

    def tensor(name, *shape, scale=0.2, train=True):
        W[name] = (torch.randn(*shape, generator=generator) * scale).to(torch.float32).to(torch.float64)
        if not train:
            frozen.add(name)

    def norm(p, n):
        tensor(p + "weight", n, train=False)
        W[p + "weight"] = W[p + "weight"] + 1
        tensor(p + "bias", n, scale=0.1, train=False)
        tensor(p + "running_mean", n, scale=0.1, train=False)
        W[p + "running_var"] = (torch.rand(n, generator=generator) + 0.5).to(torch.float32).to(torch.float64)
        frozen.add(p + "running_var")

    tensor(BACKBONE + "conv1.weight", stem, 3, 7, 7, scale=0.1, train=False)
    norm(BACKBONE + "bn1.", stem)
    inplanes = stem
    out_channels = {0: stem}
    for stage in range(4):
        planes = channels[stage]
        for block in range(depths[stage]):
            p = BACKBONE + "layer%d.%d." % (stage + 1, block)
            train = stage > 0
            stride = 2 if stage > 0 and block == 0 else 1
            if stride != 1 or inplanes != planes * expansion:
                tensor(p + "downsample.0.weight", planes * expansion, inplanes, 1, 1, train=train)
                norm(p + "downsample.1.", planes * expansion)
            if kind == "basic":
                tensor(p + "conv1.weight", planes, inplanes, 3, 3, scale=0.15, train=train)
                norm(p + "bn1.", planes)
                tensor(p + "conv2.weight", planes, planes, 3, 3, scale=0.15, train=train)
                norm(p + "bn2.", planes)
            else:
                tensor(p + "conv1.weight", planes, inplanes, 1, 1, train=train)
                norm(p + "bn1.", planes)
                tensor(p + "conv2.weight", planes, planes, 3, 3, scale=0.15, train=train)
                norm(p + "bn2.", planes)
                tensor(p + "conv3.weight", planes * 4, planes, 1, 1, train=train)
                norm(p + "bn3.", planes * 4)
            inplanes = planes * expansion
        out_channels[stage + 1] = inplanes
    in_channels = [out_channels[i] for i in out_indices_of(config)]
    for level in range(config["num_feature_levels"]):
        p = "model.input_proj.%d." % level
        if level < len(in_channels):
            tensor(p + "0.weight", d, in_channels[level], 1, 1)
        else:
            tensor(p + "0.weight", d, in_channels[-1] if level == len(in_channels) else d, 3, 3, scale=0.1)
        tensor(p + "0.bias", d, scale=0.1)
        tensor(p + "1.weight", d)
        W[p + "1.weight"] = W[p + "1.weight"] + 1
        tensor(p + "1.bias", d, scale=0.1)
    tensor("model.level_embed", config["num_feature_levels"], d)
    two_stage = config.get("two_stage", False)
    if not two_stage:  # two-stage queries come from the encoder's proposals
        tensor("model.query_position_embeddings.weight", config["num_queries"], 2 * d, scale=1.0)
        tensor("model.reference_points.weight", 2, d)
        tensor("model.reference_points.bias", 2, scale=0.1)
    levels = config["num_feature_levels"]

    def linear_weights(p, out, inp):
        tensor(p + "weight", out, inp)
        tensor(p + "bias", out, scale=0.1)

    def deformable(p, heads, points):
        linear_weights(p + "sampling_offsets.", heads * levels * points * 2, d)
        linear_weights(p + "attention_weights.", heads * levels * points, d)
        linear_weights(p + "value_proj.", d, d)
        linear_weights(p + "output_proj.", d, d)

    def layer_norm_weights(p):
        tensor(p + "weight", d, scale=0.1)
        W[p + "weight"] = W[p + "weight"] + 1
        tensor(p + "bias", d, scale=0.1)

    for i in range(config["encoder_layers"]):
        p = "model.encoder.layers.%d." % i
        deformable(p + "self_attn.", config["encoder_attention_heads"], config["encoder_n_points"])
        layer_norm_weights(p + "self_attn_layer_norm.")
        linear_weights(p + "fc1.", config["encoder_ffn_dim"], d)
        linear_weights(p + "fc2.", d, config["encoder_ffn_dim"])
        layer_norm_weights(p + "final_layer_norm.")
    for i in range(config["decoder_layers"]):
        p = "model.decoder.layers.%d." % i
        for proj in ("q_proj", "k_proj", "v_proj", "out_proj"):
            linear_weights(p + "self_attn." + proj + ".", d, d)
        layer_norm_weights(p + "self_attn_layer_norm.")
        deformable(p + "encoder_attn.", config["decoder_attention_heads"], config["decoder_n_points"])
        layer_norm_weights(p + "encoder_attn_layer_norm.")
        linear_weights(p + "fc1.", config["decoder_ffn_dim"], d)
        linear_weights(p + "fc2.", d, config["decoder_ffn_dim"])
        layer_norm_weights(p + "final_layer_norm.")
    if two_stage:
        linear_weights("model.enc_output.", d, d)
        layer_norm_weights("model.enc_output_norm.")
        tensor("model.pos_trans.weight", 2 * d, 2 * d, scale=0.1)
        tensor("model.pos_trans.bias", 2 * d, scale=0.1)
        tensor("model.pos_trans_norm.weight", 2 * d, scale=0.1)
        W["model.pos_trans_norm.weight"] = W["model.pos_trans_norm.weight"] + 1
        tensor("model.pos_trans_norm.bias", 2 * d, scale=0.1)
    # two-stage: one more class and box head (index decoder_layers) for the encoder's proposals
    heads = (config["decoder_layers"] if config["with_box_refine"] else 1) + (1 if two_stage else 0)
    for i in range(heads):
        linear_weights("class_embed.%d." % i, config["num_labels"], d)
        linear_weights("bbox_embed.%d.layers.0." % i, d, d)
        linear_weights("bbox_embed.%d.layers.1." % i, d, d)
        linear_weights("bbox_embed.%d.layers.2." % i, 4, d)
    return W, frozen


def write_safetensors(path, tensors):
    """The safetensors format (F32, names sorted), so the golden case stays small and binary-exact."""
    import struct
    header, blobs, offset = {}, [], 0
    for name in sorted(tensors):
        data = tensors[name].detach().to(torch.float32).contiguous().numpy().tobytes()
        header[name] = {"dtype": "F32", "shape": list(tensors[name].shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    header["__metadata__"] = {"format": "pt"}
    raw = json.dumps(header, separators=(",", ":")).encode()
    raw += b" " * ((8 - len(raw) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(raw)))
        f.write(raw)
        for blob in blobs:
            f.write(blob)


TINY = {"backbone": "resnet18", "backbone_kwargs": {"channels": [8, 16, 16, 16], "stem_width": 8,
                                                    "layers": [1, 1, 1, 1], "out_indices": [2, 3, 4]},
        "d_model": 32, "num_feature_levels": 4, "encoder_layers": 1, "decoder_layers": 2,
        "encoder_attention_heads": 2, "decoder_attention_heads": 2, "encoder_n_points": 2, "decoder_n_points": 2,
        "encoder_ffn_dim": 32, "decoder_ffn_dim": 32, "num_queries": 5, "num_labels": 3}


TWO_STAGE_TARGETS = [
    {"class_labels": [2, 0, 1], "boxes": [[0.3, 0.35, 0.4, 0.5], [0.7, 0.6, 0.3, 0.2], [0.5, 0.5, 0.9, 0.8]]},
    {"class_labels": [1, 1], "boxes": [[0.25, 0.7, 0.3, 0.4], [0.6, 0.3, 0.5, 0.3]]},
]


def model_case(out_prefix):
    """Three tiny random models on two padded images: with shared heads ("plain"), with box refinement ("refine")
    and two-stage with box refinement and auxiliary loss ("two_stage"). OUT.json (configurations) and
    OUT-<case>.safetensors (weights, inputs, per-layer logits and boxes, gradients of a random projection of them
    with respect to the pixels and every trainable weight). The two-stage case also holds the encoder's proposals
    (output.enc_outputs_class, output.enc_outputs_coord_logits, inf where HF masks them; the chosen positions
    output.topk_proposals), targets (labels.<image>.class_labels, .boxes), every loss term (loss.<name>, the
    weighted total loss.total) and its gradients are those of the total plus the random projection, which also
    covers the encoder's logits and boxes (enc_outputs_coord_logits.sigmoid())."""
    cases = {}
    variants = (("plain", dict(TINY, with_box_refine=False)), ("refine", dict(TINY, with_box_refine=True)),
                ("two_stage", dict(TINY, with_box_refine=True, two_stage=True, two_stage_num_proposals=6,
                                   auxiliary_loss=True)))
    for index, (name, config) in enumerate(variants):
        generator = torch.Generator().manual_seed(20261208 + index)
        W, frozen = tiny_weights(config, generator)
        pixel_values = torch.randn(2, 3, 64, 48, generator=generator).to(torch.float32).to(torch.float64)
        pixel_mask = torch.ones(2, 64, 48, dtype=torch.long)
        pixel_mask[1, 41:, :] = 0
        pixel_mask[1, :, 29:] = 0
        for k, v in W.items():
            v.requires_grad_(k not in frozen)
        pixel_values.requires_grad_(True)
        logits, boxes, enc = deformable_detr(W, config, pixel_values, pixel_mask)
        grad_logits = [torch.randn(t.shape, generator=generator, dtype=torch.float64) for t in logits]
        grad_boxes = [torch.randn(t.shape, generator=generator, dtype=torch.float64) for t in boxes]
        total = sum((a * g).sum() for a, g in zip(logits + boxes, grad_logits + grad_boxes))
        out = {}
        if enc is not None:
            enc_class, enc_coord_logits, topk = enc
            scores = enc_class[..., 0].detach().sort(1, descending=True)[0][:, :topk.shape[1] + 1]
            # no ties among the chosen proposals and the next one, so that any top-k picks the same, in one order
            assert (scores[:, :-1] - scores[:, 1:] > 1e-3).all(), scores
            enc_boxes = enc_coord_logits.sigmoid()
            grad_enc_class = torch.randn(enc_class.shape, generator=generator, dtype=torch.float64)
            grad_enc_boxes = torch.randn(enc_boxes.shape, generator=generator, dtype=torch.float64)
            total = total + (enc_class * grad_enc_class).sum() + (enc_boxes * grad_enc_boxes).sum()
            targets = [{"class_labels": torch.tensor(t["class_labels"]),
                        "boxes": torch.tensor(t["boxes"], dtype=torch.float64)} for t in TWO_STAGE_TARGETS]
            outputs = {"logits": logits[-1], "pred_boxes": boxes[-1],
                       "auxiliary_outputs": [{"logits": a, "pred_boxes": b} for a, b in zip(logits[:-1], boxes[:-1])],
                       "enc_outputs": {"logits": enc_class, "pred_boxes": enc_boxes}}
            loss, loss_dict, _ = deformable_detr_loss(outputs, targets, config["num_labels"], LOSS_COEFFICIENTS,
                                                      config["decoder_layers"])
            total = total + loss
            for i, t in enumerate(targets):
                out["labels.%d.class_labels" % i] = t["class_labels"].to(torch.float64)
                out["labels.%d.boxes" % i] = t["boxes"]
            for k, v in loss_dict.items():
                out["loss." + k] = v.detach().reshape(1)
            out["loss.total"] = loss.detach().reshape(1)
            out["output.enc_outputs_class"] = enc_class
            out["output.enc_outputs_coord_logits"] = enc_coord_logits
            out["output.topk_proposals"] = topk.to(torch.float64)
            out["grad_output.enc_outputs_class"] = grad_enc_class
            out["grad_output.enc_boxes"] = grad_enc_boxes
        total.backward()
        out.update({"weights." + k: v for k, v in W.items()})
        out["input.pixel_values"] = pixel_values
        out["input.pixel_mask"] = pixel_mask.to(torch.float64)
        out["grad.pixel_values"] = pixel_values.grad
        for layer in range(len(logits)):
            out["output.logits.%d" % layer] = logits[layer]
            out["output.boxes.%d" % layer] = boxes[layer]
            out["grad_output.logits.%d" % layer] = grad_logits[layer]
            out["grad_output.boxes.%d" % layer] = grad_boxes[layer]
        for k, v in W.items():
            if k not in frozen:
                out["grad.weights." + k] = v.grad
        write_safetensors(out_prefix + "-" + name + ".safetensors", out)
        cases[name] = config
    with open(out_prefix + ".json", "w") as f:
        json.dump({"cases": cases, "torch_version": torch.__version__}, f, indent=1)


def denoising_case(out_prefix):
    """A tiny random model with box refinement and auxiliary loss trained with denoising queries: 2 groups of the
    TWO_STAGE_TARGETS' objects (3 and 2, so the second image's third place in each group is padding), label noise
    0.5, box noise 0.4, the random draws fixed in the file. OUT.json (configuration and denoising settings) and
    OUT.safetensors: weights (with denoising.label_enc.weight and denoising.ref_point_head.*), inputs, targets, the
    draws (noise.label_draws, noise.new_labels, noise.box_draws), the queries they make (dn.labels, dn.boxes), every
    decoder layer's outputs of the matching queries (output.logits.i, output.boxes.i) and of the denoising queries
    (output.dn_logits.i, output.dn_boxes.i), every loss term (Hugging Face's and dn_loss_*), the total
    (loss.total: Hugging Face's plus the denoising terms at the same weights) and the gradients of the total plus a
    random projection of every output with respect to the pixels and every trainable weight."""
    config = dict(TINY, with_box_refine=True, auxiliary_loss=True)
    groups, label_noise, box_noise = 2, 0.5, 0.4
    generator = torch.Generator().manual_seed(20261206)
    W, frozen = tiny_weights(config, generator)
    d = config["d_model"]
    W["denoising.label_enc.weight"] = torch.randn(config["num_labels"], d, generator=generator).to(
        torch.float32).to(torch.float64)
    for name, shape in (("layers.0.weight", (d, 2 * d)), ("layers.0.bias", (d,)), ("layers.1.weight", (d, d)),
                        ("layers.1.bias", (d,))):
        W["denoising.ref_point_head." + name] = (torch.randn(*shape, generator=generator) * 0.2).to(
            torch.float32).to(torch.float64)
    pixel_values = torch.randn(2, 3, 64, 48, generator=generator).to(torch.float32).to(torch.float64)
    pixel_mask = torch.ones(2, 64, 48, dtype=torch.long)
    pixel_mask[1, 41:, :] = 0
    pixel_mask[1, :, 29:] = 0
    targets = [{"class_labels": torch.tensor(t["class_labels"]),
                "boxes": torch.tensor(t["boxes"], dtype=torch.float64)} for t in TWO_STAGE_TARGETS]
    n = groups * sum(len(t["class_labels"]) for t in targets)
    label_draws = torch.rand(n, generator=generator, dtype=torch.float64)
    new_labels = torch.randint(0, config["num_labels"], (n,), generator=generator)
    box_draws = torch.rand(n, 4, generator=generator, dtype=torch.float64)
    dn = prepare_for_dn(targets, groups, label_noise, box_noise, config["num_labels"], label_draws, new_labels,
                        box_draws)
    flipped = (label_draws < label_noise) & (new_labels != torch.cat([t["class_labels"] for t in targets]).repeat(
        groups))
    assert flipped.any() and not flipped.all(), "some labels, not all, must change"
    for k, v in W.items():
        v.requires_grad_(k not in frozen)
    pixel_values.requires_grad_(True)
    logits, boxes, _, dn_logits, dn_boxes = deformable_detr(W, config, pixel_values, pixel_mask, dn)
    outputs = {"logits": logits[-1], "pred_boxes": boxes[-1],
               "auxiliary_outputs": [{"logits": a, "pred_boxes": b} for a, b in zip(logits[:-1], boxes[:-1])]}
    loss, loss_dict, _ = deformable_detr_loss(outputs, targets, config["num_labels"], LOSS_COEFFICIENTS,
                                              config["decoder_layers"])
    dn_dict = denoising_loss(dn_logits, dn_boxes, targets, groups, LOSS_COEFFICIENTS["focal_alpha"])
    weights = {"dn_loss_ce": 1, "dn_loss_bbox": LOSS_COEFFICIENTS["bbox_loss_coefficient"],
               "dn_loss_giou": LOSS_COEFFICIENTS["giou_loss_coefficient"]}
    total = loss + sum(v * weights[k.rsplit("_", 1)[0] if k[-1].isdigit() else k] for k, v in dn_dict.items())
    loss_dict.update(dn_dict)
    out = {}
    projection = total
    for kind, tensors in (("logits", logits), ("boxes", boxes), ("dn_logits", dn_logits), ("dn_boxes", dn_boxes)):
        for layer, t in enumerate(tensors):
            g = torch.randn(t.shape, generator=generator, dtype=torch.float64)
            out["output.%s.%d" % (kind, layer)] = t
            out["grad_output.%s.%d" % (kind, layer)] = g
            projection = projection + (t * g).sum()
    projection.backward()
    out.update({"weights." + k: v for k, v in W.items()})
    out["input.pixel_values"] = pixel_values
    out["input.pixel_mask"] = pixel_mask.to(torch.float64)
    out["grad.pixel_values"] = pixel_values.grad
    for i, t in enumerate(targets):
        out["labels.%d.class_labels" % i] = t["class_labels"].to(torch.float64)
        out["labels.%d.boxes" % i] = t["boxes"]
    out["noise.label_draws"] = label_draws
    out["noise.new_labels"] = new_labels.to(torch.float64)
    out["noise.box_draws"] = box_draws
    out["dn.labels"] = dn["labels"].to(torch.float64)
    out["dn.boxes"] = dn["boxes"]
    for k, v in loss_dict.items():
        out["loss." + k] = v.detach().reshape(1)
    out["loss.total"] = total.detach().reshape(1)
    for k, v in W.items():
        if k not in frozen:
            out["grad.weights." + k] = v.grad
    write_safetensors(out_prefix + ".safetensors", out)
    with open(out_prefix + ".json", "w") as f:
        json.dump({"config": config, "denoising_groups": groups, "label_noise_ratio": label_noise,
                   "box_noise_scale": box_noise, "torch_version": torch.__version__}, f, indent=1)


def main():
    cases = {"msda": msda_case, "attention": attention_case, "model": model_case, "assignment": assignment_case,
             "loss": loss_case, "denoising": denoising_case}
    if len(sys.argv) != 3 or sys.argv[1] not in cases:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    cases[sys.argv[1]](sys.argv[2])


if __name__ == "__main__":
    main()
