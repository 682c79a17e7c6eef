package sweep.train.layoutlm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sweep.artifact.LocalArtifacts;
import sweep.util.Json;
import sweep.train.djl.Safetensors;

/**
 * The model against the golden logits computed by scripts/reference/layoutlm_reference.py (a transcription of
 * Hugging Face's modeling_layoutlm.py in plain PyTorch) for a random tiny checkpoint.
 */
class LayoutLmModelTest {
  static final Path GOLDEN = Path.of("src/test/resources/layoutlm/golden");
  @TempDir Path tmp;

  private static float[] expected() throws Exception {
    JsonNode e = Inference.json(GOLDEN.resolve("expected_logits.json")).path("logits");
    float[] out = new float[e.size() * e.get(0).size() * e.get(0).get(0).size()];
    int k = 0;
    for (JsonNode seq : e) {
      for (JsonNode tok : seq) {
        for (JsonNode v : tok) {
          out[k++] = (float) v.asDouble();
        }
      }
    }
    return out;
  }

  @Test
  void logitsMatchTheHuggingFaceMath() throws Exception {
    try (NDManager m = NDManager.newBaseManager()) {
      LayoutLmModel model = Inference.load(GOLDEN, m);
      float[] actual = Inference.logits(model, Inference.json(GOLDEN.resolve("inputs.json")), m);
      float[] expected = expected();
      assertThat(actual).hasSameSizeAs(expected);
      for (int i = 0; i < expected.length; i++) {
        assertThat(actual[i]).as("logit %d", i).isCloseTo(expected[i], Offset.offset(1e-4f));
      }
    }
  }

  @Test
  void aSavedCheckpointReloadsWithIdenticalLogits() throws Exception {
    try (NDManager m = NDManager.newBaseManager()) {
      LayoutLmModel model = Inference.load(GOLDEN, m);
      JsonNode inputs = Inference.json(GOLDEN.resolve("inputs.json"));
      float[] before = Inference.logits(model, inputs, m);
      Path tokenizer = tmp.resolve("tokenizer.json");
      Files.writeString(tokenizer, "{}");
      Path dir = tmp.resolve("checkpoint-1");
      Checkpoints.save(dir, model, null, tokenizer, 9, new Checkpoints.State(1, 0, 0), null);
      assertThat(dir).isDirectoryContaining("glob:**config.json").isDirectoryContaining("glob:**model.safetensors")
          .isDirectoryContaining("glob:**tokenizer.json");
      float[] after = Inference.logits(Inference.load(dir, m), inputs, m);
      assertThat(after).containsExactly(before);
    }
  }

  @Test
  void bf16AndF16CheckpointsAreReadAsF32() throws Exception {
    try (NDManager m = NDManager.newBaseManager()) {
      Map<String, NDArray> weights = Safetensors.read(GOLDEN.resolve("model.safetensors"), m);
      for (String dtype : new String[] {"BF16", "F16"}) {
        Path dir = tmp.resolve(dtype);
        LocalArtifacts.copyTree(GOLDEN, dir);
        writeHalf(dir.resolve("model.safetensors"), weights, dtype);
        Map<String, NDArray> read = Safetensors.read(dir.resolve("model.safetensors"), m);
        for (Map.Entry<String, NDArray> e : weights.entrySet()) {
          float[] a = e.getValue().toFloatArray();
          float[] b = read.get(e.getKey()).toFloatArray();
          for (int i = 0; i < a.length; i++) {
            // bf16 keeps 8 bits of mantissa, f16 11: relative error below 2^-8 and 2^-11.
            float tol = Math.abs(a[i]) * (dtype.equals("BF16") ? 1f / 128 : 1f / 1024) + 1e-4f;
            assertThat(b[i]).isCloseTo(a[i], Offset.offset(tol));
          }
        }
        float[] logits = Inference.logits(Inference.load(dir, m), Inference.json(GOLDEN.resolve("inputs.json")), m);
        float[] expected = expected();
        for (int i = 0; i < expected.length; i++) {
          assertThat(logits[i]).isCloseTo(expected[i], Offset.offset(0.25f));
        }
      }
    }
  }

  @Test
  void missingExtraAndMisshapedTensorsAreNamed() throws Exception {
    try (NDManager m = NDManager.newBaseManager()) {
      LayoutLmConfig config = LayoutLmConfig.read(GOLDEN.resolve("config.json"));
      Map<String, NDArray> weights = new LinkedHashMap<>(Safetensors.read(GOLDEN.resolve("model.safetensors"), m));
      weights.remove("layoutlm.encoder.layer.1.output.dense.bias");
      weights.put("layoutlm.encoder.layer.9.output.dense.bias", m.zeros(new ai.djl.ndarray.types.Shape(16)));
      weights.put("layoutlm.embeddings.LayerNorm.weight", m.ones(new ai.djl.ndarray.types.Shape(17)));
      weights.put("layoutlm.embeddings.position_ids", m.zeros(new ai.djl.ndarray.types.Shape(24)));
      Path dir = tmp.resolve("broken");
      Files.createDirectories(dir);
      Safetensors.write(dir.resolve("model.safetensors"), weights);
      assertThatThrownBy(() -> PretrainedWeights.load(dir, config, false, m))
          .hasMessageContaining("missing layoutlm.encoder.layer.1.output.dense.bias")
          .hasMessageContaining("unexpected layoutlm.encoder.layer.9.output.dense.bias")
          .hasMessageContaining("layoutlm.embeddings.LayerNorm.weight has shape (17)")
          .hasMessageNotContaining("position_ids");
    }
  }

  @Test
  void aBareLayoutLmModelCheckpointGetsThePrefixAndAFreshClassifier() throws Exception {
    try (NDManager m = NDManager.newBaseManager()) {
      LayoutLmConfig config = LayoutLmConfig.read(GOLDEN.resolve("config.json"));
      Map<String, NDArray> bare = new LinkedHashMap<>();
      Safetensors.read(GOLDEN.resolve("model.safetensors"), m).forEach((k, v) -> {
        if (k.startsWith("layoutlm.")) {
          bare.put(k.substring("layoutlm.".length()), v);
        }
      });
      Path dir = tmp.resolve("bare");
      Files.createDirectories(dir);
      Safetensors.write(dir.resolve("model.safetensors"), bare);
      LayoutLmConfig threeLabels = config.withLabels(java.util.List.of("O", "B-X", "I-X"));
      Map<String, NDArray> loaded = PretrainedWeights.load(dir, threeLabels, true, m);
      assertThat(loaded).containsKey("layoutlm.encoder.layer.0.attention.self.query.weight")
          .doesNotContainKey("classifier.weight");
    }
  }

  /** Writes tensors as BF16 or F16 (the header written by hand, as a Python exporter would). */
  private static void writeHalf(Path file, Map<String, NDArray> tensors, String dtype) throws Exception {
    var header = Json.mapper().createObjectNode();
    long offset = 0;
    for (Map.Entry<String, NDArray> e : tensors.entrySet()) {
      var t = header.putObject(e.getKey());
      t.put("dtype", dtype);
      var shape = t.putArray("shape");
      for (long d : e.getValue().getShape().getShape()) {
        shape.add(d);
      }
      long bytes = e.getValue().getShape().size() * 2;
      t.putArray("data_offsets").add(offset).add(offset + bytes);
      offset += bytes;
    }
    byte[] json = Json.write(header).getBytes(StandardCharsets.UTF_8);
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(json.length).array());
      out.write(json);
      for (NDArray a : tensors.values()) {
        float[] v = a.toFloatArray();
        ByteBuffer buf = ByteBuffer.allocate(v.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
          buf.putShort(dtype.equals("BF16") ? (short) (Float.floatToIntBits(f) >>> 16) : toHalf(f));
        }
        out.write(buf.array());
      }
    }
  }

  /** Float to IEEE half, rounding toward zero; enough for a test's normal-range values. */
  private static short toHalf(float f) {
    int bits = Float.floatToIntBits(f);
    int sign = (bits >>> 16) & 0x8000;
    int exp = ((bits >>> 23) & 0xFF) - 127 + 15;
    int mant = (bits >>> 13) & 0x3FF;
    if (exp <= 0) {
      return (short) sign;
    }
    return (short) (sign | (exp << 10) | mant);
  }
}
