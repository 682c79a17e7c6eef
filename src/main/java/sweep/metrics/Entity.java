package sweep.metrics;

/**
 * One chunk found in a tag sequence. Its coordinates follow the seqeval function that found it, so seqeval's own test
 * vectors can be compared as they are written: {@link ConllChunker} (seqeval's {@code get_entities}) gives
 * {@code sequence = 0} and inclusive {@code start}/{@code end} offsets into all sequences laid end to end with one
 * {@code "O"} after each; {@link Iob2Chunker} (seqeval's {@code Tokens.entities}) gives the sequence's index and an
 * exclusive {@code end}. Two entities match when all four fields are equal.
 */
record Entity(int sequence, String type, int start, int end) {}
