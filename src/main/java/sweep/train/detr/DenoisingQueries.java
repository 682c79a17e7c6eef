package sweep.train.detr;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One batch's denoising queries as DN-DETR's {@code prepare_for_dn} ({@code dn_components.py},
 * {@code models/dn_dab_deformable_detr}) lays them out: {@code groups} groups of {@code singlePad} places (the most
 * objects of an image in the batch); in each group an image's objects in their order, label and box noised, then
 * padding (label -1, box (0.5, 0.5, 0.5, 0.5), whose inverse sigmoid is the zero box DN-DETR pads with).
 *
 * <p>Noise, per copy: with probability {@code label_noise_ratio} the label becomes a class drawn uniformly; the box
 * {@code (cx, cy, w, h)} moves by {@code (2u - 1) * (w/2, h/2, w, h) * box_noise_scale} for four uniform draws u,
 * then is clamped to [0, 1]. The draws are taken copy by copy, group by group and in a group image by image
 * ({@code prepare_for_dn}'s order): label draw, new label, four box draws.
 *
 * @param groups the number of groups
 * @param singlePad places per group
 * @param labels per image, {@code groups * singlePad} noised labels, -1 for padding
 * @param boxes per image, {@code groups * singlePad * 4} noised boxes (cx, cy, w, h)
 */
public record DenoisingQueries(int groups, int singlePad, int[][] labels, float[][] boxes) {
  public DenoisingQueries {
    labels = Arrays.stream(labels).map(int[]::clone).toArray(int[][]::new);
    boxes = Arrays.stream(boxes).map(float[]::clone).toArray(float[][]::new);
  }

  /** Places per image: {@code groups * singlePad}. */
  public int padSize() {
    return groups * singlePad;
  }

  /**
   * The queries of a batch with noise drawn from {@code random}, or null when the batch has no object (DN-DETR then
   * has none either).
   */
  public static DenoisingQueries draw(List<DetectionTarget> targets, Denoising settings, int numLabels,
      SplittableRandom random) {
    int n = settings.groups() * targets.stream().mapToInt(DetectionTarget::size).sum();
    double[] labelDraws = new double[n];
    int[] newLabels = new int[n];
    double[] boxDraws = new double[4 * n];
    for (int i = 0; i < n; i++) {
      labelDraws[i] = random.nextDouble();
      newLabels[i] = random.nextInt(numLabels);
      for (int k = 0; k < 4; k++) {
        boxDraws[4 * i + k] = random.nextDouble();
      }
    }
    return of(targets, settings, labelDraws, newLabels, boxDraws);
  }

  /**
   * The queries of a batch with the noise's draws given, one per copy in {@code prepare_for_dn}'s order (see the
   * class): {@code labelDraws} and {@code newLabels} one each, {@code boxDraws} four each. Null when the batch has
   * no object.
   *
   * @throws IllegalArgumentException if the draws are not one (four) per copy
   */
  public static DenoisingQueries of(List<DetectionTarget> targets, Denoising settings, double[] labelDraws,
      int[] newLabels, double[] boxDraws) {
    int groups = settings.groups();
    int singlePad = targets.stream().mapToInt(DetectionTarget::size).max().orElse(0);
    int n = groups * targets.stream().mapToInt(DetectionTarget::size).sum();
    if (labelDraws.length != n || newLabels.length != n || boxDraws.length != 4 * n) {
      throw new IllegalArgumentException("denoising needs " + n + " label draws, new labels and " + 4 * n
          + " box draws; got " + labelDraws.length + ", " + newLabels.length + ", " + boxDraws.length);
    }
    if (singlePad == 0 || groups == 0) {
      return null;
    }
    int pad = groups * singlePad;
    int[][] labels = new int[targets.size()][pad];
    float[][] boxes = new float[targets.size()][4 * pad];
    for (int b = 0; b < targets.size(); b++) {
      Arrays.fill(labels[b], -1);
      Arrays.fill(boxes[b], 0.5f);
    }
    int copy = 0;
    for (int g = 0; g < groups; g++) {
      for (int b = 0; b < targets.size(); b++) {
        DetectionTarget t = targets.get(b);
        for (int j = 0; j < t.size(); j++, copy++) {
          int at = g * singlePad + j;
          labels[b][at] = labelDraws[copy] < settings.labelNoiseRatio() ? newLabels[copy] : t.classes()[j];
          float[] box = t.boxes();
          double w = box[4 * j + 2];
          double h = box[4 * j + 3];
          double[] diff = {w / 2, h / 2, w, h};
          for (int k = 0; k < 4; k++) {
            double moved = box[4 * j + k]
                + (boxDraws[4 * copy + k] * 2 - 1) * diff[k] * settings.boxNoiseScale();
            boxes[b][4 * at + k] = (float) Math.min(1, Math.max(0, moved));
          }
        }
      }
    }
    return new DenoisingQueries(groups, singlePad, labels, boxes);
  }

  /**
   * The queries as the model's extra inputs: labels {@code [batch, groups, singlePad]} (float, -1 for padding) and
   * boxes {@code [batch, groups, singlePad, 4]}.
   */
  public NDList arrays(NDManager manager) {
    int batch = labels.length;
    float[] flatLabels = new float[batch * padSize()];
    float[] flatBoxes = new float[batch * padSize() * 4];
    for (int b = 0; b < batch; b++) {
      for (int i = 0; i < padSize(); i++) {
        flatLabels[b * padSize() + i] = labels[b][i];
      }
      System.arraycopy(boxes[b], 0, flatBoxes, b * padSize() * 4, padSize() * 4);
    }
    NDArray l = manager.create(flatLabels, new Shape(batch, groups, singlePad));
    NDArray x = manager.create(flatBoxes, new Shape(batch, groups, singlePad, 4));
    return new NDList(l, x);
  }

  @Override
  public int[][] labels() {
    return Arrays.stream(labels).map(int[]::clone).toArray(int[][]::new);
  }

  @Override
  public float[][] boxes() {
    return Arrays.stream(boxes).map(float[]::clone).toArray(float[][]::new);
  }
}
