package sweep.data;

/** What a source does with a bad row. */
public enum BadRowPolicy {
  /** Leave the row out, count it by reason and keep an example ({@link BadRows}). */
  SKIP,
  /** Throw {@link DataException} at the first bad row. */
  FAIL
}
