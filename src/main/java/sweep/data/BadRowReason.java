package sweep.data;

import java.util.Locale;

/**
 * Why a row was rejected. A row is rejected for the first reason found; the constants are in the order sources check
 * them (see {@link LineValidator} and {@link JsonlLines}).
 */
public enum BadRowReason {
  /** The row's bytes are not UTF-8 (a file's rows are read as UTF-8, one by one). */
  INVALID_UTF8,
  /** The row is not a JSON object. */
  INVALID_JSON,
  /** A field is absent, null, or (for the ids) empty. */
  MISSING_FIELD,
  /** A field has the wrong JSON type (e.g. words not an array of strings). */
  WRONG_TYPE,
  /** The row has no words. */
  EMPTY_LINE,
  /** words, boxes and labels differ in length. */
  LENGTH_MISMATCH,
  /** A box is not 4 whole numbers, is outside 0..1000, or has x0 &gt; x1 or y0 &gt; y1. */
  BOX_OUT_OF_RANGE,
  /** A word is empty or only whitespace and control characters (it would give no token). */
  EMPTY_WORD,
  /** A label is not O / B-X / I-X, or not in the fixed label set when one is given. */
  UNKNOWN_TAG,
  /** The row's (document, line) key is an earlier row's: the later one is the bad row. */
  DUPLICATE_KEY;

  /** The reason as reports print it: {@code invalid_json}, {@code missing_field}, ... */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return code();
  }
}
