package sweep.data;

/**
 * A bad row under {@link BadRowPolicy#FAIL}. The message is one line, {@code FILE:LINE: field: what is wrong}
 * (see {@link BadRow#message()}).
 */
public final class DataException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient BadRow badRow;

  public DataException(BadRow badRow) {
    super(badRow.message());
    this.badRow = badRow;
  }

  /** The rejected row. */
  public BadRow badRow() {
    return badRow;
  }

  /** The reason the row was rejected. */
  public BadRowReason reason() {
    return badRow.reason();
  }
}
