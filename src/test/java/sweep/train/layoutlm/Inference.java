package sweep.train.layoutlm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import sweep.util.Json;
import sweep.train.djl.Safetensors;

/** Test helper: a LayoutLM model from a checkpoint directory, run on inputs from a JSON file. */
final class Inference {
  private Inference() {}

  static LayoutLmModel load(Path checkpoint, NDManager manager) throws Exception {
    LayoutLmConfig config = LayoutLmConfig.read(checkpoint.resolve("config.json"));
    Map<String, NDArray> weights = Safetensors.read(checkpoint.resolve("model.safetensors"), manager);
    LayoutLmModel model = new LayoutLmModel(config, weights);
    model.initialize(manager, DataType.FLOAT32, new Shape(1, 8), new Shape(1, 8, 4), new Shape(1, 8));
    return model;
  }

  static NDList inputs(JsonNode in, NDManager m) {
    int b = in.path("input_ids").size();
    int t = in.path("input_ids").get(0).size();
    long[] ids = new long[b * t];
    long[] mask = new long[b * t];
    long[] boxes = new long[b * t * 4];
    for (int i = 0; i < b; i++) {
      for (int j = 0; j < t; j++) {
        ids[i * t + j] = in.path("input_ids").get(i).get(j).asLong();
        mask[i * t + j] = in.path("attention_mask").get(i).get(j).asLong();
        for (int k = 0; k < 4; k++) {
          boxes[(i * t + j) * 4 + k] = in.path("bbox").get(i).get(j).get(k).asLong();
        }
      }
    }
    return new NDList(m.create(ids, new Shape(b, t)), m.create(boxes, new Shape(b, t, 4)),
        m.create(mask, new Shape(b, t)));
  }

  static float[] logits(LayoutLmModel model, JsonNode inputs, NDManager manager) {
    NDList out = model.forward(new ParameterStore(manager, false), inputs(inputs, manager), false);
    return out.singletonOrThrow().toFloatArray();
  }

  static JsonNode json(Path file) throws Exception {
    return Json.mapper().readTree(file.toFile());
  }
}
