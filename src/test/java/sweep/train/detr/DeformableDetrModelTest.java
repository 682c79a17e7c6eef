package sweep.train.detr;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import sweep.util.Json;

/**
 * Which tensors train: Hugging Face's choice for a pretrained ResNet, and the whole backbone from scratch; and a
 * two-stage checkpoint's heads read under the names Hugging Face ties them to.
 */
class DeformableDetrModelTest {
  private static final String CONFIG = """
      {"backbone": "resnet18", "backbone_kwargs": {"layers": [1, 1, 1, 1], "channels": [8, 8, 16, 16],
       "stem_width": 8, "out_indices": [3, 4]}, "d_model": 32, "num_feature_levels": 2, "encoder_layers": 1,
       "decoder_layers": 1, "encoder_attention_heads": 2, "decoder_attention_heads": 2, "num_queries": 4,
       "id2label": {"0": "a"}}""";

  @Test
  void theStemAndLayer1TrainOnlyWhenTheWholeBackboneDoes() {
    DeformableDetrConfig config = DeformableDetrConfig.fromJson(Json.tree(CONFIG));
    String p = ResNetBackbone.PREFIX;
    try (NDManager m = NDManager.newBaseManager()) {
      Map<String, Parameter> hf = new DeformableDetrModel(config, Map.of(), m, 1).parametersByName();
      Map<String, Parameter> whole = new DeformableDetrModel(config, Map.of(), m, 1, true).parametersByName();
      for (String frozenByHf : new String[] {p + "conv1.weight", p + "layer1.0.conv1.weight"}) {
        assertThat(hf.get(frozenByHf).requiresGradient()).as(frozenByHf).isFalse();
        assertThat(whole.get(frozenByHf).requiresGradient()).as(frozenByHf).isTrue();
      }
      assertThat(hf.get(p + "layer2.0.conv1.weight").requiresGradient()).isTrue();
      for (String norm : new String[] {p + "bn1.weight", p + "bn1.running_var", p + "layer2.0.downsample.1.bias"}) {
        assertThat(whole.get(norm).requiresGradient()).as(norm).isFalse();
      }
      assertThat(whole.get("class_embed.0.weight").requiresGradient()).isTrue();
    }
  }

  @Test
  void aTwoStageCheckpointsHeadsLoadUnderTheDecodersTiedNames() {
    DeformableDetrConfig config = DeformableDetrConfig.fromJson(Json.tree(CONFIG.replace("\"num_queries\": 4",
        "\"two_stage\": true, \"with_box_refine\": true, \"two_stage_num_proposals\": 3")));
    try (NDManager m = NDManager.newBaseManager()) {
      Map<String, Parameter> saved = new DeformableDetrModel(config, Map.of(), m, 1).parametersByName();
      assertThat(saved).containsKeys("class_embed.1.weight", "bbox_embed.1.layers.2.bias", "model.enc_output.weight",
          "model.pos_trans.weight").doesNotContainKeys("model.reference_points.weight",
          "model.query_position_embeddings.weight");
      Map<String, NDArray> file = new LinkedHashMap<>();
      saved.forEach((name, p) -> file.put(name.startsWith("class_embed.") || name.startsWith("bbox_embed.")
          ? "model.decoder." + name : name, p.getArray()));
      Map<String, Parameter> loaded = new DeformableDetrModel(config, file, m, 2).parametersByName();
      saved.forEach((name, p) -> assertThat(loaded.get(name).getArray().toFloatArray()).as(name)
          .containsExactly(p.getArray().toFloatArray()));
    }
  }
}
