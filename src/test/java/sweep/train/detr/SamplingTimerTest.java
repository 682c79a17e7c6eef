package sweep.train.detr;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import sweep.util.Json;

/**
 * The feature levels {@link SamplingTimer} times the sampling on are the sizes of the backbone's maps, odd sides
 * rounded up at every halving, and an extra level halves the last one again.
 */
class SamplingTimerTest {
  private static DeformableDetrConfig config(String outIndices, int levels) {
    return DeformableDetrConfig.fromJson(Json.tree("""
        {"backbone": "resnet18", "backbone_kwargs": {"layers": [1, 1, 1, 1], "channels": [4, 4, 4, 4],
         "stem_width": 4, "out_indices": %s}, "d_model": 32, "num_feature_levels": %d, "encoder_attention_heads": 2,
         "decoder_attention_heads": 2, "num_queries": 3}""".formatted(outIndices, levels)));
  }

  @Test
  void levelsAreTheBackbonesMaps() {
    DeformableDetrConfig config = config("[0, 1, 2, 3, 4]", 5);
    try (NDManager m = NDManager.newBaseManager()) {
      DeformableDetrModel block = new DeformableDetrModel(config, Map.of(), m, 1);
      Weights w = name -> block.parametersByName().get(name).getArray();
      List<NDArray> maps = new ResNetBackbone(config).features(w, m.randomNormal(new Shape(1, 3, 65, 47)));
      List<int[]> levels = SamplingTimer.levelShapes(config, 65, 47);
      assertThat(levels).hasSize(maps.size());
      for (int i = 0; i < maps.size(); i++) {
        Shape s = maps.get(i).getShape();
        assertThat(levels.get(i)).as("level " + i).containsExactly((int) s.get(2), (int) s.get(3));
      }
    }
  }

  @Test
  void anExtraLevelHalvesTheLastMap() {
    assertThat(SamplingTimer.levelShapes(config("[2, 3]", 3), 448, 320))
        .containsExactly(new int[] {56, 40}, new int[] {28, 20}, new int[] {14, 10});
    assertThat(SamplingTimer.levelShapes(config("[3]", 2), 65, 47))
        .containsExactly(new int[] {5, 3}, new int[] {3, 2});
  }
}
