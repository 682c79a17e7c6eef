#!/usr/bin/python3
"""A line-by-line PyTorch transcription of Hugging Face's Deformable DETR (transformers'
modeling_deformable_detr.py), the reference sweep's DJL implementation is checked against. Needs Debian's
python3-torch (1.13); F.grid_sample does the bilinear sampling, as in transformers' pure-PyTorch path.

So far: multi-scale deformable attention's core (transformers' `multi_scale_deformable_attention`), the
attention module around it (`DeformableDetrMultiscaleDeformableAttention.forward`), and the Hungarian matcher and the
loss (transformers' loss/loss_deformable_detr.py and loss/loss_for_object_detection.py), with scipy's
linear_sum_assignment (Debian's python3-scipy) solving the assignments.

usage: deformable_detr_reference.py msda OUT.json
         a seeded random case of the core (value, spatial shapes, sampling locations, attention weights, the gradient
         of the output to back-propagate) with the output and the gradients with respect to the value, the sampling
         locations and the attention weights
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
import sys

import numpy as np
import scipy
import torch
from scipy.optimize import linear_sum_assignment
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
    DeformableDetrForObjectDetectionLoss's weighted sum. Returns (total, loss_dict, indices per layer: last first)."""
    c = coefficients

    def all_losses(layer_outputs, indices):
        losses = loss_labels(layer_outputs, targets, indices, num_boxes, num_classes, c["focal_alpha"])
        losses.update(loss_boxes(layer_outputs, targets, indices, num_boxes))
        losses.update(loss_cardinality(layer_outputs, targets))
        return losses

    outputs_without_aux = {k: v for k, v in outputs.items() if k != "auxiliary_outputs"}
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


def main():
    cases = {"msda": msda_case, "attention": attention_case, "assignment": assignment_case,
             "loss": loss_case}
    if len(sys.argv) != 3 or sys.argv[1] not in cases:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    cases[sys.argv[1]](sys.argv[2])


if __name__ == "__main__":
    main()
