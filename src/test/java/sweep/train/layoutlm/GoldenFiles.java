package sweep.train.layoutlm;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import sweep.util.Json;
import sweep.train.djl.Safetensors;

/**
 * Writes the golden LayoutLM checkpoint and inputs under src/test/resources/layoutlm/golden (run by
 * scripts/reference/make-golden.sh, which then asks the PyTorch transcription of modeling_layoutlm.py for the
 * expected logits). Weights are random, LayerNorm and biases included, so every term of the math is exercised.
 */
public final class GoldenFiles {
  private GoldenFiles() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    Files.createDirectories(dir);
    LayoutLmConfig config = new LayoutLmConfig(40, 16, 2, 4, 32, "gelu", 0.1, 0.1, 24, 1024, 2, 1e-12, 0, 0.02,
        List.of("O", "B-TOTAL", "I-TOTAL", "B-DATE", "I-DATE"));
    Engine.getInstance().setRandomSeed(1234);
    try (NDManager m = NDManager.newBaseManager()) {
      Map<String, Shape> shapes = new LayoutLmModel(config, Map.of()).expectedShapes();
      Map<String, NDArray> weights = new LinkedHashMap<>();
      shapes.forEach((name, shape) -> weights.put(name, m.randomNormal(0, 0.3f, shape, DataType.FLOAT32)
          .add(name.endsWith("LayerNorm.weight") ? 1f : 0f)));
      config.write(dir.resolve("config.json"));
      Safetensors.write(dir.resolve("model.safetensors"), weights);
    }
    SplittableRandom r = new SplittableRandom(99);
    int b = 2;
    int t = 9;
    long[][] ids = new long[b][t];
    long[][][] boxes = new long[b][t][4];
    long[][] mask = new long[b][t];
    for (int i = 0; i < b; i++) {
      int len = i == 0 ? t : 6;
      for (int j = 0; j < t; j++) {
        boolean real = j < len;
        ids[i][j] = real ? r.nextInt(1, 40) : 0;
        mask[i][j] = real ? 1 : 0;
        int x0 = r.nextInt(0, 900);
        int y0 = r.nextInt(0, 900);
        boxes[i][j] = real ? new long[] {x0, y0, x0 + r.nextInt(0, 100), y0 + r.nextInt(0, 100)} : new long[4];
      }
    }
    Files.writeString(dir.resolve("inputs.json"), Json.write(Map.of("input_ids", ids, "bbox", boxes,
        "attention_mask", mask)));
  }
}
