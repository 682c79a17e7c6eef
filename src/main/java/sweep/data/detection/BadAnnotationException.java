package sweep.data.detection;

/** A bad image or box under {@code bad_rows: fail}; the message is {@link BadAnnotation#message()}, one line. */
public final class BadAnnotationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient BadAnnotation bad;

  public BadAnnotationException(BadAnnotation bad) {
    super(bad.message(), null, false, false);
    this.bad = bad;
  }

  /** The rejected item. */
  public BadAnnotation badAnnotation() {
    return bad;
  }
}
