package sweep.train.detr;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import sweep.train.djl.OwnedMemory;

/**
 * The core of multi-scale deformable attention, transformers' {@code multi_scale_deformable_attention}: each level's
 * value map sampled bilinearly at the sampling locations, weighted by the attention weights and summed over levels and
 * points. DJL has no {@code grid_sample}; the sampling here is {@code F.grid_sample(mode='bilinear',
 * padding_mode='zeros', align_corners=False)} built from {@code gather}: a location (x, y) in [0, 1] is the pixel
 * position {@code (x * W - 0.5, y * H - 0.5)}, its four neighbouring pixels are gathered by flat index (a neighbour
 * outside the map counts as zero), and weighted by the bilinear fractions. Gradients flow to the values (through
 * {@code gather}), to the locations (through the fractions; the floor is constant) and to the weights.
 *
 * <p>Every scalar in the differentiated expression is an array PyTorch owns ({@link OwnedMemory}).
 */
public final class DeformableSampling {
  private DeformableSampling() {}

  /**
   * @param value {@code [batch, sum(h * w), heads, headDim]}, the levels' maps one after another, row-major
   * @param shapes each level's {@code {height, width}}
   * @param locations {@code [batch, queries, heads, levels, points, 2]}, (x, y) in [0, 1] of the level's map
   * @param weights {@code [batch, queries, heads, levels, points]}
   * @return {@code [batch, queries, heads * headDim]}
   */
  public static NDArray attend(NDArray value, List<int[]> shapes, NDArray locations, NDArray weights) {
    Shape vs = value.getShape();
    Shape ls = locations.getShape();
    long batch = vs.get(0);
    long heads = vs.get(2);
    long dim = vs.get(3);
    long queries = ls.get(1);
    long points = ls.get(4);
    NDManager m = value.getManager();
    NDArray total = null;
    long start = 0;
    for (int level = 0; level < shapes.size(); level++) {
      int h = shapes.get(level)[0];
      int w = shapes.get(level)[1];
      NDArray v = value.get(new NDIndex(":, {}:{}, :, :", start, start + (long) h * w))
          .transpose(0, 2, 1, 3).reshape(batch * heads, (long) h * w, dim);
      start += (long) h * w;
      NDArray loc = locations.get(new NDIndex(":, :, :, {}, :, :", level)).transpose(0, 2, 1, 3, 4)
          .reshape(batch * heads, queries * points, 2);
      NDArray sampled = sample(v, h, w, loc, m).reshape(batch * heads, queries, points, dim);
      NDArray wl = weights.get(new NDIndex(":, :, :, {}, :", level)).transpose(0, 2, 1, 3)
          .reshape(batch * heads, queries, points, 1);
      NDArray part = sampled.mul(wl).sum(new int[] {2});
      total = total == null ? part : total.add(part);
    }
    return total.reshape(batch, heads, queries, dim).transpose(0, 2, 1, 3).reshape(batch, queries, heads * dim);
  }

  /**
   * Bilinear sampling with zero padding, align_corners=False.
   *
   * @param v {@code [n, h * w, dim]}
   * @param loc {@code [n, k, 2]}, (x, y) in [0, 1]
   * @return {@code [n, k, dim]}
   */
  static NDArray sample(NDArray v, int h, int w, NDArray loc, NDManager m) {
    long dim = v.getShape().get(2);
    NDArray half = OwnedMemory.scalar(m, 0.5);
    NDArray one = OwnedMemory.scalar(m, 1);
    NDArray x = loc.get(new NDIndex("..., 0")).mul(OwnedMemory.scalar(m, w)).sub(half);
    NDArray y = loc.get(new NDIndex("..., 1")).mul(OwnedMemory.scalar(m, h)).sub(half);
    NDArray x0 = x.floor().stopGradient();
    NDArray y0 = y.floor().stopGradient();
    NDArray fx = x.sub(x0);
    NDArray fy = y.sub(y0);
    NDArray gx = one.sub(fx);
    NDArray gy = one.sub(fy);
    NDArray x1 = x0.add(one);
    NDArray y1 = y0.add(one);
    NDArray out = corner(v, h, w, dim, x0, y0, gx.mul(gy), m)
        .add(corner(v, h, w, dim, x1, y0, fx.mul(gy), m))
        .add(corner(v, h, w, dim, x0, y1, gx.mul(fy), m))
        .add(corner(v, h, w, dim, x1, y1, fx.mul(fy), m));
    return out;
  }

  /** The value at pixel (xi, yi) of each location (zero outside the map), times {@code weight}. */
  private static NDArray corner(NDArray v, int h, int w, long dim, NDArray xi, NDArray yi, NDArray weight,
      NDManager m) {
    NDArray inside = NDArrays.logicalAnd(NDArrays.logicalAnd(xi.gte(0), xi.lte(w - 1)),
        NDArrays.logicalAnd(yi.gte(0), yi.lte(h - 1))).toType(weight.getDataType(), false);
    NDArray index = yi.clip(0, h - 1).mul(OwnedMemory.scalar(m, w)).add(xi.clip(0, w - 1))
        .toType(DataType.INT64, false);
    NDArray expanded = index.expandDims(-1).repeat(-1, dim);
    NDArray gathered = v.gather(expanded, 1);
    return gathered.mul(weight.mul(inside).expandDims(-1));
  }
}
