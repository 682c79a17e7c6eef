package sweep.train.detr;

import ai.djl.ndarray.NDArray;

/**
 * What one decoder layer predicts, as {@code DeformableDetrForObjectDetection} returns it for the last layer
 * ({@code logits}, {@code pred_boxes}) and for the others ({@code auxiliary_outputs}).
 *
 * @param logits class logits {@code [batch, queries, num_labels]}, read through a sigmoid (no "no object" class)
 * @param boxes boxes {@code [batch, queries, 4]} as (cx, cy, w, h) in [0, 1], after the sigmoid
 */
public record Predictions(NDArray logits, NDArray boxes) {}
