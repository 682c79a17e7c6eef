package sweep.train.layoutlm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import sweep.train.djl.DecoupledAdamW;
import sweep.train.djl.TrainingCheckpoint;
import sweep.util.Json;

/**
 * A LayoutLM checkpoint directory in the Hugging Face layout: the shared {@link TrainingCheckpoint} files
 * ({@code model.safetensors}, {@code optimizer.safetensors}, {@code training_state.json}) plus LayoutLM's own:
 * {@code config.json} (labels in its id2label), {@code tokenizer.json} and {@code tokenizer_config.json}, and the
 * classification report.
 */
public final class Checkpoints {
  static final String REPORT = "classification_report.txt";

  private Checkpoints() {}

  /** What a trial resumes from. */
  public record State(int epoch, int optimizerStep, long seed) {}

  public static void save(Path dir, LayoutLmModel model, DecoupledAdamW optimizer, Path tokenizerJson,
      int maxSeqLength, State state, String report) throws IOException {
    Map<String, NDArray> weights = new LinkedHashMap<>();
    model.parametersByName().forEach((name, p) -> weights.put(name, p.getArray()));
    TrainingCheckpoint.save(dir, weights, optimizer, null, new TrainingCheckpoint.State(state.epoch(),
        state.optimizerStep(), state.seed()), files(model.config(), tokenizerJson, maxSeqLength), REPORT, report);
  }

  /** LayoutLM's own files of a checkpoint: its config, the tokenizer and the tokenizer's config. */
  static TrainingCheckpoint.FamilyFiles files(LayoutLmConfig config, Path tokenizerJson, int maxSeqLength) {
    return dir -> {
      config.write(dir.resolve("config.json"));
      Files.copy(tokenizerJson, dir.resolve("tokenizer.json"), StandardCopyOption.REPLACE_EXISTING);
      ObjectNode tc = Json.mapper().createObjectNode();
      tc.put("tokenizer_class", "LayoutLMTokenizer");
      tc.put("do_lower_case", true);
      tc.put("model_max_length", maxSeqLength);
      tc.put("cls_token", "[CLS]").put("sep_token", "[SEP]").put("pad_token", "[PAD]").put("unk_token", "[UNK]")
          .put("mask_token", "[MASK]");
      Files.writeString(dir.resolve("tokenizer_config.json"), Json.pretty(tc));
    };
  }

  public static TrainingCheckpoint.Loaded load(Path dir, NDManager manager) throws IOException {
    return TrainingCheckpoint.load(dir, manager);
  }
}
