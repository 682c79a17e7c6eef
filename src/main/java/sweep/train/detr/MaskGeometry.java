package sweep.train.detr;

/**
 * What Deformable DETR derives from the pixel mask alone, computed on the host (nothing here is learned or
 * differentiated): each feature level's mask (PyTorch's nearest interpolation, as {@code F.interpolate} does it with
 * a target size), the valid ratios ({@code get_valid_ratio}), the sine position embeddings
 * ({@code DeformableDetrSinePositionEmbedding}, normalised, scale 2 pi, temperature 10000) and the encoder's
 * reference points ({@code DeformableDetrEncoder.get_reference_points}).
 *
 * @param masks {@code [batch][height * width]} per level: true for a real pixel
 */
record MaskGeometry(int batch, int[][] shapes, boolean[][][] masks, double[][][] validRatios) {

  /**
   * @param pixelMask {@code [batch][height][width]}, true for a real pixel
   * @param shapes each level's (height, width)
   */
  static MaskGeometry of(boolean[][][] pixelMask, int[][] shapes) {
    int batch = pixelMask.length;
    boolean[][][] masks = new boolean[shapes.length][batch][];
    double[][][] ratios = new double[batch][shapes.length][2];
    for (int l = 0; l < shapes.length; l++) {
      int h = shapes[l][0];
      int w = shapes[l][1];
      for (int b = 0; b < batch; b++) {
        boolean[][] full = pixelMask[b];
        boolean[] m = new boolean[h * w];
        for (int i = 0; i < h; i++) {
          int si = nearest(i, full.length, h);
          for (int j = 0; j < w; j++) {
            m[i * w + j] = full[si][nearest(j, full[0].length, w)];
          }
        }
        masks[l][b] = m;
        int validHeight = 0;
        int validWidth = 0;
        for (int i = 0; i < h; i++) {
          validHeight += m[i * w] ? 1 : 0;
        }
        for (int j = 0; j < w; j++) {
          validWidth += m[j] ? 1 : 0;
        }
        ratios[b][l][0] = (double) validWidth / w;
        ratios[b][l][1] = (double) validHeight / h;
      }
    }
    return new MaskGeometry(batch, shapes, masks, ratios);
  }

  /** PyTorch's nearest source index for a target size: {@code min(floor(i * (float) in / out), in - 1)} in float. */
  static int nearest(int index, int in, int out) {
    if (in == out) {
      return index;
    }
    float scale = (float) in / out;
    return Math.min((int) Math.floor(index * scale), in - 1);
  }

  int levels() {
    return shapes.length;
  }

  /** The flattened sequence length: the sum of every level's height * width. */
  int sequence() {
    int s = 0;
    for (int[] shape : shapes) {
      s += shape[0] * shape[1];
    }
    return s;
  }

  /** The masks of every level flattened and concatenated: {@code [batch * sequence]}, batch-major. */
  boolean[] flatMask() {
    int seq = sequence();
    boolean[] out = new boolean[batch * seq];
    for (int b = 0; b < batch; b++) {
      int at = b * seq;
      for (boolean[][] level : masks) {
        System.arraycopy(level[b], 0, out, at, level[b].length);
        at += level[b].length;
      }
    }
    return out;
  }

  /** The valid ratios {@code [batch, levels, 2]} (width's, height's), flattened. */
  float[] validRatioArray() {
    float[] out = new float[batch * shapes.length * 2];
    for (int b = 0; b < batch; b++) {
      for (int l = 0; l < shapes.length; l++) {
        out[(b * shapes.length + l) * 2] = (float) validRatios[b][l][0];
        out[(b * shapes.length + l) * 2 + 1] = (float) validRatios[b][l][1];
      }
    }
    return out;
  }

  /**
   * The sine position embeddings of level {@code level}, flattened as {@code [batch, height * width, dim]} (the
   * layout the encoder reads): the first {@code dim / 2} channels from the row, the rest from the column.
   */
  float[] positionEmbedding(int level, int dim) {
    int h = shapes[level][0];
    int w = shapes[level][1];
    int half = dim / 2;
    double scale = 2 * Math.PI;
    double[] dimT = new double[half];
    for (int k = 0; k < half; k++) {
      dimT[k] = Math.pow(10000, 2.0 * (k / 2) / half);
    }
    float[] out = new float[batch * h * w * dim];
    for (int b = 0; b < batch; b++) {
      boolean[] m = masks[level][b];
      double[] y = new double[h * w];
      double[] x = new double[h * w];
      for (int i = 0; i < h; i++) {
        for (int j = 0; j < w; j++) {
          int p = i * w + j;
          double v = m[p] ? 1 : 0;
          y[p] = v + (i > 0 ? y[p - w] : 0);
          x[p] = v + (j > 0 ? x[p - 1] : 0);
        }
      }
      for (int i = 0; i < h; i++) {
        for (int j = 0; j < w; j++) {
          int p = i * w + j;
          double ye = (y[p] - 0.5) / (y[(h - 1) * w + j] + 1e-6) * scale;
          double xe = (x[p] - 0.5) / (x[i * w + w - 1] + 1e-6) * scale;
          int base = ((b * h * w) + p) * dim;
          for (int k = 0; k < half; k++) {
            out[base + k] = (float) (k % 2 == 0 ? Math.sin(ye / dimT[k]) : Math.cos(ye / dimT[k]));
            out[base + half + k] = (float) (k % 2 == 0 ? Math.sin(xe / dimT[k]) : Math.cos(xe / dimT[k]));
          }
        }
      }
    }
    return out;
  }

  /**
   * A two-stage model's proposal of every position, as {@code DeformableDetrModel.gen_encoder_output_proposals} makes
   * it: the centre {@code ((x + 0.5) / valid width, (y + 0.5) / valid height)} of the level's cell and width and
   * height {@code 0.05 * 2^level}, as an inverse sigmoid {@code log(p / (1 - p))}; {@code +infinity} in all four
   * where the position is padding or any of the four is not within (0.01, 0.99). Flattened as
   * {@code [batch, sequence, 4]}.
   */
  float[] proposalLogits() {
    int seq = sequence();
    float[] out = new float[batch * seq * 4];
    for (int b = 0; b < batch; b++) {
      int s = 0;
      for (int l = 0; l < shapes.length; l++) {
        int h = shapes[l][0];
        int w = shapes[l][1];
        boolean[] m = masks[l][b];
        double validHeight = Math.round(validRatios[b][l][1] * h);
        double validWidth = Math.round(validRatios[b][l][0] * w);
        double size = 0.05 * Math.pow(2, l);
        for (int i = 0; i < h; i++) {
          for (int j = 0; j < w; j++, s++) {
            double[] p = {(j + 0.5) / validWidth, (i + 0.5) / validHeight, size, size};
            boolean valid = m[i * w + j];
            for (double v : p) {
              valid &= v > 0.01 && v < 0.99;
            }
            for (int k = 0; k < 4; k++) {
              out[(b * seq + s) * 4 + k] = valid ? (float) Math.log(p[k] / (1 - p[k])) : Float.POSITIVE_INFINITY;
            }
          }
        }
      }
    }
    return out;
  }

  /** The encoder's reference points {@code [batch, sequence, levels, 2]} (x, y), flattened. */
  float[] encoderReferencePoints() {
    int levels = shapes.length;
    int seq = sequence();
    float[] out = new float[batch * seq * levels * 2];
    for (int b = 0; b < batch; b++) {
      int s = 0;
      for (int l = 0; l < levels; l++) {
        int h = shapes[l][0];
        int w = shapes[l][1];
        for (int i = 0; i < h; i++) {
          for (int j = 0; j < w; j++, s++) {
            double ry = (i + 0.5) / (validRatios[b][l][1] * h);
            double rx = (j + 0.5) / (validRatios[b][l][0] * w);
            for (int k = 0; k < levels; k++) {
              int at = ((b * seq + s) * levels + k) * 2;
              out[at] = (float) (rx * validRatios[b][k][0]);
              out[at + 1] = (float) (ry * validRatios[b][k][1]);
            }
          }
        }
      }
    }
    return out;
  }
}
