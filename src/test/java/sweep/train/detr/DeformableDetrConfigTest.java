package sweep.train.detr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import sweep.util.Json;

/** Hugging Face's {@code two_stage} and {@code two_stage_num_proposals}: read, written back, and HF's refusal. */
class DeformableDetrConfigTest {
  private static final String BASE = """
      {"backbone": "resnet18", "d_model": 32, "num_queries": 7, "id2label": {"0": "a", "1": "b"}""";

  @Test
  void aOneStageModelKeepsItsQueriesAndWritesTwoStageFalse() {
    DeformableDetrConfig config = DeformableDetrConfig.fromJson(Json.tree(BASE + "}"));
    assertThat(config.twoStage()).isFalse();
    assertThat(config.queries()).isEqualTo(7);
    ObjectNode json = config.toJson();
    assertThat(json.get("two_stage").asBoolean()).isFalse();
    assertThat(json.get("two_stage_num_proposals").asInt()).as("Hugging Face's default").isEqualTo(300);
  }

  @Test
  void aTwoStageModelReadsAndWritesItsProposals() {
    DeformableDetrConfig config = DeformableDetrConfig.fromJson(Json.tree(BASE
        + ", \"two_stage\": true, \"with_box_refine\": true, \"two_stage_num_proposals\": 40}"));
    assertThat(config.twoStage()).isTrue();
    assertThat(config.twoStageNumProposals()).isEqualTo(40);
    assertThat(config.queries()).as("the decoder's queries are the proposals, num_queries unused").isEqualTo(40);
    ObjectNode json = config.toJson();
    assertThat(json.get("two_stage").asBoolean()).isTrue();
    assertThat(json.get("two_stage_num_proposals").asInt()).isEqualTo(40);
    assertThat(json.get("with_box_refine").asBoolean()).isTrue();
    DeformableDetrConfig again = DeformableDetrConfig.fromJson(json);
    assertThat(again.toJson()).isEqualTo(json);
    assertThat(new DeformableDetrNetwork(again).heads()).as("one head per decoder layer and the proposals'")
        .isEqualTo(again.decoderLayers() + 1);
  }

  @Test
  void twoStageWithoutBoxRefinementIsRefusedAsHuggingFaceRefusesIt() {
    for (String refine : new String[] {"", ", \"with_box_refine\": false"}) {
      assertThatThrownBy(() -> DeformableDetrConfig.fromJson(Json.tree(BASE + ", \"two_stage\": true" + refine
          + "}"))).isInstanceOf(IllegalArgumentException.class)
          .hasMessage("config.json: two_stage true needs with_box_refine true (as Hugging Face's "
              + "DeformableDetrConfig requires)");
    }
    assertThatThrownBy(() -> DeformableDetrConfig.fromJson(Json.tree(BASE
        + ", \"two_stage\": true, \"with_box_refine\": true, \"two_stage_num_proposals\": 0}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("config.json: two_stage_num_proposals must be at least 1, not 0");
  }
}
