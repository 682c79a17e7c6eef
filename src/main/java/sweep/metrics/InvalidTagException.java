package sweep.metrics;

/**
 * A tag that cannot be scored: {@code null}, empty, or, in {@link Seqeval.Mode#STRICT}, not an IOB2 tag (seqeval's
 * strict mode raises on such a tag rather than skipping it). Says where the tag is, so a caller that read the tags
 * from a file can name the line.
 */
public final class InvalidTagException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String side;
  private final int sequence;
  private final int token;
  private final String tag;
  private final String reason;

  /**
   * @param side "gold" or "pred"
   * @param sequence index of the sequence (0-based)
   * @param token index of the tag within its sequence (0-based)
   * @param tag the tag as given (may be null)
   * @param reason what is wrong with it
   */
  public InvalidTagException(String side, int sequence, int token, String tag, String reason) {
    super(side + " sequence index " + sequence + ", token index " + token + ": tag "
        + (tag == null ? "null" : "'" + tag + "'") + " " + reason);
    this.side = side;
    this.sequence = sequence;
    this.token = token;
    this.tag = tag;
    this.reason = "tag " + (tag == null ? "null" : "'" + tag + "'") + " " + reason;
  }

  /** "gold" or "pred". */
  public String side() {
    return side;
  }

  /** Index of the sequence, 0-based. */
  public int sequence() {
    return sequence;
  }

  /** Index of the tag within its sequence, 0-based. */
  public int token() {
    return token;
  }

  public String tag() {
    return tag;
  }

  /** The message without the position, for callers that name the position themselves. */
  public String reason() {
    return reason;
  }
}
