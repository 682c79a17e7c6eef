package sweep.data.detection;

import java.util.Locale;

/** Why an image or a box of a COCO file was left out. An item is counted under the first reason found. */
public enum BadAnnotationReason {
  /** An image or annotation entry lacks a field or has one of the wrong type (id, file_name, bbox...). */
  INVALID_ENTRY,
  /** An image's id is an earlier image's: the later one is bad. */
  DUPLICATE_IMAGE_ID,
  /** An image's file is not there (neither beside the annotations nor under {@code images/}). */
  MISSING_IMAGE,
  /** An image's file is there but no PNG or JPEG reader can read its size. */
  UNDECODABLE_IMAGE,
  /** An image's width or height in the annotations differs from the file's. */
  SIZE_MISMATCH,
  /** An annotation's id is an earlier annotation's: the later one is bad. */
  DUPLICATE_ANNOTATION_ID,
  /** An annotation names an image id no image has. */
  UNKNOWN_IMAGE,
  /** An annotation's category is not in the category list (the file's, or the spec's fixed one). */
  UNKNOWN_CATEGORY,
  /** A box has zero or negative width or height. */
  NON_POSITIVE_SIZE,
  /** A box reaches outside its image by more than {@link CocoReader#TOLERANCE} pixels. */
  BOX_OUTSIDE_IMAGE;

  /** The reason as reports print it: {@code missing_image}, {@code box_outside_image}, ... */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return code();
  }
}
