package sweep.train.detr;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import sweep.train.djl.OwnedMemory;

/**
 * Hugging Face's {@code DeformableDetrMultiscaleDeformableAttention.forward}, the attention of every encoder layer
 * and of the decoder's cross-attention: the queries (with their position embeddings added) predict, per head, level
 * and point, a sampling offset and an attention weight (softmax over levels and points); the values are the
 * projected encoder states with padding zeroed; the sampling locations are the reference points moved by the
 * offsets (normalised by each level's width and height for points, scaled by half the box for boxes); the sampled
 * values ({@link DeformableSampling}) go through the output projection. The weights are read by their Hugging Face
 * names under a prefix, {@code <prefix>sampling_offsets.weight} and so on.
 *
 * @param heads {@code encoder_attention_heads} or {@code decoder_attention_heads}
 * @param levels {@code num_feature_levels}
 * @param points {@code encoder_n_points} or {@code decoder_n_points}
 */
public record DeformableAttention(String prefix, int heads, int levels, int points) {
  /**
   * @param hidden the queries {@code [batch, queries, d_model]}
   * @param position their position embeddings, same shape, or null
   * @param encoder the encoder states the values come from {@code [batch, sum(h * w), d_model]}
   * @param mask true where {@code encoder} is a real pixel {@code [batch, sum(h * w)]}, or null for none padded
   * @param reference {@code [batch, queries, levels, 2]} points (x, y) or {@code [..., 4]} boxes (cx, cy, w, h), in
   *     [0, 1]
   * @return {@code [batch, queries, d_model]}
   */
  public NDArray forward(Weights weights, NDArray hidden, NDArray position, NDArray encoder,
      NDArray mask, NDArray reference, List<int[]> shapes) {
    NDManager m = hidden.getManager();
    NDArray queries = position == null ? hidden : hidden.add(position);
    long batch = queries.getShape().get(0);
    long count = queries.getShape().get(1);
    long dModel = queries.getShape().get(2);
    long sequence = encoder.getShape().get(1);
    NDArray value = linear(weights, "value_proj", encoder);
    if (mask != null) {
      value = value.mul(mask.toType(value.getDataType(), false).expandDims(-1));
    }
    value = value.reshape(batch, sequence, heads, dModel / heads);
    NDArray offsets = linear(weights, "sampling_offsets", queries).reshape(batch, count, heads, levels, points, 2);
    NDArray attention = linear(weights, "attention_weights", queries).reshape(batch, count, heads, levels * points)
        .softmax(-1).reshape(batch, count, heads, levels, points);
    NDArray locations;
    long last = reference.getShape().get(reference.getShape().dimension() - 1);
    NDArray ref = reference.reshape(batch, count, 1, levels, 1, last);
    if (last == 2) {
      float[] normalizer = new float[levels * 2];
      for (int l = 0; l < levels; l++) {
        normalizer[2 * l] = shapes.get(l)[1];
        normalizer[2 * l + 1] = shapes.get(l)[0];
      }
      NDArray norm = m.create(normalizer, new Shape(1, 1, 1, levels, 1, 2)).toType(offsets.getDataType(), false);
      locations = ref.add(offsets.div(norm));
    } else if (last == 4) {
      NDArray centre = ref.get(new NDIndex("..., :2"));
      NDArray size = ref.get(new NDIndex("..., 2:"));
      locations = centre.add(offsets.div(OwnedMemory.scalar(m, points)).mul(size).mul(OwnedMemory.scalar(m, 0.5)));
    } else {
      throw new IllegalArgumentException("reference points end in 2 (points) or 4 (boxes), not " + last);
    }
    NDArray sampled = DeformableSampling.attend(value, shapes, locations, attention);
    return linear(weights, "output_proj", sampled);
  }

  /** {@code x W^T + b}, as {@code nn.Linear} with weight {@code [out, in]}. */
  private NDArray linear(Weights weights, String name, NDArray x) {
    NDArray w = weights.get(prefix + name + ".weight");
    NDArray b = weights.get(prefix + name + ".bias");
    if (w == null || b == null) {
      throw new IllegalArgumentException("no weights " + prefix + name + ".weight/.bias");
    }
    return x.matMul(w.transpose()).add(b);
  }
}
