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
import sweep.artifact.LocalArtifacts;
import sweep.util.Json;

/**
 * A checkpoint directory in the Hugging Face layout ({@code config.json}, {@code model.safetensors},
 * {@code tokenizer.json}, {@code tokenizer_config.json}; labels in the config's id2label), plus what resuming
 * needs: {@code optimizer.safetensors} (AdamW moments) and {@code training_state.json} (epoch, optimizer step,
 * seed; data order and dropout are derived from seed and epoch, so they need no saved generator state).
 * Written into a temporary directory and renamed, so a checkpoint is whole or absent.
 */
public final class Checkpoints {
  private Checkpoints() {}

  /** What a trial resumes from. */
  public record State(int epoch, int optimizerStep, long seed) {}

  public record Loaded(Map<String, NDArray> weights, Map<String, NDArray> optimizer, State state) {}

  public static void save(Path dir, LayoutLmModel model, DecoupledAdamW optimizer, Path tokenizerJson,
      int maxSeqLength, State state, String report) throws IOException {
    Path tmp = dir.resolveSibling(dir.getFileName() + ".tmp");
    LocalArtifacts.deleteTree(tmp);
    Files.createDirectories(tmp);
    model.config().write(tmp.resolve("config.json"));
    Map<String, NDArray> weights = new LinkedHashMap<>();
    model.parametersByName().forEach((name, p) -> weights.put(name, p.getArray()));
    Safetensors.write(tmp.resolve("model.safetensors"), weights);
    if (optimizer != null) {
      Safetensors.write(tmp.resolve("optimizer.safetensors"), optimizer.state());
    }
    Files.copy(tokenizerJson, tmp.resolve("tokenizer.json"), StandardCopyOption.REPLACE_EXISTING);
    ObjectNode tc = Json.mapper().createObjectNode();
    tc.put("tokenizer_class", "LayoutLMTokenizer");
    tc.put("do_lower_case", true);
    tc.put("model_max_length", maxSeqLength);
    tc.put("cls_token", "[CLS]").put("sep_token", "[SEP]").put("pad_token", "[PAD]").put("unk_token", "[UNK]")
        .put("mask_token", "[MASK]");
    Files.writeString(tmp.resolve("tokenizer_config.json"), Json.pretty(tc));
    Files.writeString(tmp.resolve("training_state.json"), Json.pretty(Map.of("epoch", state.epoch(),
        "optimizer_step", state.optimizerStep(), "seed", state.seed())));
    if (report != null) {
      Files.writeString(tmp.resolve("classification_report.txt"), report);
    }
    LocalArtifacts.deleteTree(dir);
    Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
  }

  public static Loaded load(Path dir, NDManager manager) throws IOException {
    Map<String, NDArray> weights = Safetensors.read(dir.resolve("model.safetensors"), manager);
    Path opt = dir.resolve("optimizer.safetensors");
    Map<String, NDArray> optimizer = Files.exists(opt) ? Safetensors.read(opt, manager) : Map.of();
    var s = Json.mapper().readTree(dir.resolve("training_state.json").toFile());
    return new Loaded(weights, optimizer, new State(s.path("epoch").asInt(), s.path("optimizer_step").asInt(),
        s.path("seed").asLong()));
  }
}
