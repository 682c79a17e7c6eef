package sweep.train.layoutlm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import sweep.train.djl.Safetensors;

/**
 * Loads a Hugging Face LayoutLM checkpoint's weights for a model of a given configuration. Names saved from a
 * bare {@code LayoutLMModel} get the {@code layoutlm.} prefix, as transformers adds it; buffers
 * ({@code position_ids}) and other heads' weights ({@code cls.}) are dropped as transformers drops them; any
 * other extra, missing or mis-shaped tensor is an error that names it. A classifier for a different label
 * count is left out, so the model creates it fresh.
 */
public final class PretrainedWeights {
  private PretrainedWeights() {}

  public static Map<String, NDArray> load(Path dir, LayoutLmConfig config, boolean freshClassifier,
      NDManager manager) throws IOException {
    Map<String, NDArray> raw = Safetensors.read(dir.resolve("model.safetensors"), manager);
    Map<String, NDArray> named = new LinkedHashMap<>();
    List<String> dropped = new ArrayList<>();
    for (Map.Entry<String, NDArray> e : raw.entrySet()) {
      String name = e.getKey();
      if (name.startsWith("embeddings.") || name.startsWith("encoder.") || name.startsWith("pooler.")) {
        name = "layoutlm." + name;
      }
      if (name.endsWith("position_ids") || name.startsWith("cls.")) {
        dropped.add(name);
        continue;
      }
      named.put(name, e.getValue());
    }
    Map<String, Shape> expected = new LayoutLmModel(config, Map.of()).expectedShapes();
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, Shape> e : expected.entrySet()) {
      String name = e.getKey();
      if (freshClassifier && name.startsWith("classifier.")) {
        named.remove(name);
        continue;
      }
      NDArray a = named.get(name);
      if (a == null) {
        problems.add("missing " + name + " " + e.getValue());
      } else if (!a.getShape().equals(e.getValue())) {
        problems.add(name + " has shape " + a.getShape() + ", config.json implies " + e.getValue());
      }
    }
    for (String name : new TreeSet<>(named.keySet())) {
      if (!expected.containsKey(name)) {
        problems.add("unexpected " + name);
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(dir.resolve("model.safetensors") + " does not fit config.json: "
          + String.join("; ", problems.subList(0, Math.min(10, problems.size())))
          + (problems.size() > 10 ? "; and " + (problems.size() - 10) + " more" : ""));
    }
    if (!dropped.isEmpty()) {
      org.slf4j.LoggerFactory.getLogger(PretrainedWeights.class).info("not used from the checkpoint: {}", dropped);
    }
    return named;
  }
}
