package sweep.train.layoutlm;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import sweep.data.Box;
import sweep.data.LabeledLine;

/**
 * Lines turned into model inputs as LayoutLM expects them: words pre-split and tokenized; every sub-token
 * carries its word's box; the label sits on a word's first sub-token and the others are ignored (-100); [CLS]
 * gets box (0,0,0,0) and [SEP] (1000,1000,1000,1000); sequences longer than {@code maxLength} are cut, keeping
 * [SEP] (the count of cut lines is kept). Padding is done per batch.
 */
public final class Features {
  /** One tokenized line; {@code firstToken[w]} is the position of word w's first sub-token, or -1 if cut off. */
  public record Example(long[] ids, long[][] boxes, long[] labels, int[] firstToken, List<String> goldTags) {}

  private final List<Example> examples;
  private final int truncated;

  private Features(List<Example> examples, int truncated) {
    this.examples = List.copyOf(examples);
    this.truncated = truncated;
  }

  public List<Example> examples() {
    return examples;
  }

  /** Lines with words past {@code maxLength} tokens. */
  public int truncated() {
    return truncated;
  }

  public static Features of(List<LabeledLine> lines, HuggingFaceTokenizer tokenizer, Map<String, Integer> labelIds,
      int maxLength) {
    List<Example> out = new ArrayList<>(lines.size());
    int truncated = 0;
    for (LabeledLine line : lines) {
      Encoding enc = tokenizer.encode(line.words().toArray(String[]::new), true, false);
      long[] ids = enc.getIds();
      long[] wordIds = enc.getWordIds();
      long[] special = enc.getSpecialTokenMask();
      int n = Math.min(ids.length, maxLength);
      boolean cut = ids.length > maxLength;
      if (cut) {
        truncated++;
      }
      long[] outIds = new long[n];
      long[][] boxes = new long[n][];
      long[] labels = new long[n];
      int[] first = new int[line.words().size()];
      java.util.Arrays.fill(first, -1);
      long sepId = ids[ids.length - 1];
      for (int i = 0; i < n; i++) {
        boolean last = i == n - 1;
        if (cut && last) {
          outIds[i] = sepId;
          boxes[i] = new long[] {1000, 1000, 1000, 1000};
          labels[i] = TokenLoss.IGNORE;
          continue;
        }
        outIds[i] = ids[i];
        int w = (int) wordIds[i];
        if (special[i] == 1 || w < 0) {
          boolean isCls = i == 0;
          long c = isCls ? 0 : 1000;
          boxes[i] = new long[] {c, c, c, c};
          labels[i] = TokenLoss.IGNORE;
          continue;
        }
        Box b = line.boxes().get(w);
        boxes[i] = new long[] {b.x0(), b.y0(), b.x1(), b.y1()};
        if (first[w] < 0) {
          first[w] = i;
          Integer label = labelIds.get(line.labels().get(w));
          if (label == null) {
            throw new IllegalArgumentException("line " + line.documentId() + "/" + line.lineId() + " has label "
                + line.labels().get(w) + ", which is not among the model's labels " + labelIds.keySet());
          }
          labels[i] = label;
        } else {
          labels[i] = TokenLoss.IGNORE;
        }
      }
      out.add(new Example(outIds, boxes, labels, first, line.labels()));
    }
    return new Features(out, truncated);
  }
}
