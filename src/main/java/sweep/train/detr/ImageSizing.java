package sweep.train.detr;

/**
 * The image processor's {@code size = {"shortest_edge": s, "longest_edge": l}}: an image is scaled, keeping its aspect
 * ratio, so that its shorter side is {@code s} unless that would make its longer side exceed {@code l}, in which case
 * the longer side is about {@code l} ({@link #resize}).
 *
 * @param shortestEdge the shorter side after resizing, Hugging Face's default 800
 * @param longestEdge the most the longer side may have, Hugging Face's default 1333
 */
public record ImageSizing(int shortestEdge, int longestEdge) {
  /** Hugging Face's default for Deformable DETR: 800 and 1333. */
  public static final ImageSizing DEFAULT = new ImageSizing(800, 1333);

  public ImageSizing {
    if (shortestEdge <= 0 || longestEdge <= 0) {
      throw new IllegalArgumentException("shortest and longest edge must be positive, got " + shortestEdge + " and "
          + longestEdge);
    }
  }

  /**
   * The sizing for the sweep parameter {@code image_size}: the shortest edge is {@code image_size} and the longest
   * edge keeps the default's proportion, {@code round(image_size * 1333 / 800)} rounded half to even as Python's
   * {@code round} does (800 gives 1333, 512 gives 853, 400 gives 666).
   *
   * @param imageSize the shortest edge, positive
   */
  public static ImageSizing forImageSize(int imageSize) {
    if (imageSize <= 0) {
      throw new IllegalArgumentException("image_size must be positive, got " + imageSize);
    }
    double longest = Math.rint(imageSize * (double) DEFAULT.longestEdge / DEFAULT.shortestEdge);
    return new ImageSizing(imageSize, (int) longest);
  }

  /**
   * The size an image of {@code original} size is resized to: transformers' {@code get_size_with_aspect_ratio(
   * (height, width), shortest_edge, longest_edge)}, with its double arithmetic and truncations. If the longer side
   * would exceed {@code longestEdge}, the shorter side becomes {@code raw = longestEdge * short / long} rounded half
   * to even and the longer side {@code int(raw * long / short)} (which can be one below {@code longestEdge}); an image
   * whose shorter side already equals the target keeps its size.
   */
  public PixelSize resize(PixelSize original) {
    int height = original.height();
    int width = original.width();
    int size = shortestEdge;
    double rawSize = Double.NaN;
    double minOriginal = Math.min(height, width);
    double maxOriginal = Math.max(height, width);
    if (maxOriginal / minOriginal * size > longestEdge) {
      rawSize = longestEdge * minOriginal / maxOriginal;
      size = (int) Math.rint(rawSize);
    }
    boolean raw = !Double.isNaN(rawSize);
    if ((height <= width && height == size) || (width <= height && width == size)) {
      return original;
    } else if (width < height) {
      return new PixelSize((int) ((raw ? rawSize : size) * height / width), size);
    } else {
      return new PixelSize(size, (int) ((raw ? rawSize : size) * width / height));
    }
  }

  /**
   * Hugging Face's {@code preprocessor_config.json} for this sizing: {@code DeformableDetrImageProcessor} with PIL's
   * bilinear resampling, 1/255 rescaling, ImageNet normalisation, padding and COCO detection annotations, as
   * {@link ImageProcessor} prepares pages.
   */
  public com.fasterxml.jackson.databind.node.ObjectNode preprocessorConfig() {
    com.fasterxml.jackson.databind.node.ObjectNode o = sweep.util.Json.mapper().createObjectNode();
    o.put("image_processor_type", "DeformableDetrImageProcessor");
    o.put("format", "coco_detection");
    o.put("do_resize", true);
    o.putObject("size").put("shortest_edge", shortestEdge).put("longest_edge", longestEdge);
    o.put("resample", 2);
    o.put("do_rescale", true);
    o.put("rescale_factor", 1 / 255.0);
    o.put("do_normalize", true);
    o.putArray("image_mean").add(0.485).add(0.456).add(0.406);
    o.putArray("image_std").add(0.229).add(0.224).add(0.225);
    o.put("do_pad", true);
    o.put("do_convert_annotations", true);
    return o;
  }
}
