package sweep.util;

/** The user asked for something that cannot be done as asked (exit code 2); the message says what and how to fix it. */
public final class BadInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public BadInputException(String message) {
    super(message, null, false, false);
  }
}
