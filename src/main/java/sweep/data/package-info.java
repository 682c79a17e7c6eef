/**
 * Training data for token classification of receipt lines: one sample is one {@link sweep.data.LabeledLine} (words,
 * boxes in 0..1000 page coordinates, BIO tags).
 *
 * <ul>
 *   <li>Sources: {@link sweep.data.JsonlLines} (JSONL files) and {@link sweep.data.SyntheticReceipts} (generated,
 *       deterministic); a later source reuses {@link sweep.data.LineValidator} and {@link sweep.data.BadRowCollector}
 *       so every source rejects the same rows for the same reasons.
 *   <li>Bad rows are never dropped silently: under {@link sweep.data.BadRowPolicy#SKIP} they are counted by
 *       {@link sweep.data.BadRowReason} in {@link sweep.data.BadRows}; under {@link sweep.data.BadRowPolicy#FAIL} the
 *       first one throws {@link sweep.data.DataException}.
 *   <li>{@link sweep.data.Splits} splits by document, {@link sweep.data.DataHash} identifies a data set by content,
 *       {@link sweep.data.Labels} orders the label set, {@link sweep.data.DefaultTokenizer} writes a small WordPiece
 *       {@code tokenizer.json} that covers the generator's words.
 * </ul>
 */
package sweep.data;
