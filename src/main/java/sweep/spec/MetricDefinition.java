package sweep.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import sweep.util.Json;

/**
 * How a metric's numbers were measured, so that numbers measured differently are never compared as if they were one
 * (mAP from RF-DETR's log at maxDets 500, a Hugging Face script's {@code eval_map} from torchmetrics at 100, and sweep's
 * own COCO evaluator at 100 are three different numbers).
 *
 * @param source what produced the numbers, e.g. {@code log.txt: ema_test_coco_eval_bbox[0]}, {@code
 *     trainer_state.json: eval_map}, {@code token-classification}; null when unknown
 * @param evaluator the code that computed them, e.g. {@code seqeval}, {@code pycocotools}, {@code torchmetrics};
 *     null when unknown
 * @param maxDets the detections per image the evaluation kept (COCO mAP), or null where it does not apply or is
 *     unknown
 */
public record MetricDefinition(String source, String evaluator, Integer maxDets) {
  public static final MetricDefinition UNKNOWN = new MetricDefinition(null, null, null);

  /** This definition with its unknown fields taken from {@code defaults}. */
  public MetricDefinition over(MetricDefinition defaults) {
    return new MetricDefinition(source != null ? source : defaults.source,
        evaluator != null ? evaluator : defaults.evaluator, maxDets != null ? maxDets : defaults.maxDets);
  }

  /** Whether nothing is known. */
  public boolean unknown() {
    return source == null && evaluator == null && maxDets == null;
  }

  /** Whether two definitions measure alike: every field equal (two unknowns included). */
  public boolean sameAs(MetricDefinition other) {
    return Objects.equals(source, other.source) && Objects.equals(evaluator, other.evaluator)
        && Objects.equals(maxDets, other.maxDets);
  }

  /** {@code source log.txt: map, evaluator pycocotools, maxDets 500}, leaving out what is unknown. */
  public String describe() {
    StringBuilder b = new StringBuilder();
    if (source != null) {
      b.append("source ").append(source);
    }
    if (evaluator != null) {
      b.append(b.length() > 0 ? ", " : "").append("evaluator ").append(evaluator);
    }
    if (maxDets != null) {
      b.append(b.length() > 0 ? ", " : "").append("maxDets ").append(maxDets);
    }
    return b.length() == 0 ? "an unrecorded definition" : b.toString();
  }

  /** {@code {"source": ..., "evaluator": ..., "max_dets": ...}}, null fields as JSON null. */
  public ObjectNode toJson() {
    ObjectNode o = Json.mapper().createObjectNode();
    o.put("source", source);
    o.put("evaluator", evaluator);
    if (maxDets == null) {
      o.putNull("max_dets");
    } else {
      o.put("max_dets", maxDets);
    }
    return o;
  }

  /** What {@link #toJson} wrote; {@link #UNKNOWN} for a missing or non-object node. */
  public static MetricDefinition fromJson(JsonNode o) {
    if (o == null || !o.isObject()) {
      return UNKNOWN;
    }
    return new MetricDefinition(o.path("source").isTextual() ? o.path("source").asText() : null,
        o.path("evaluator").isTextual() ? o.path("evaluator").asText() : null,
        o.path("max_dets").canConvertToInt() && o.path("max_dets").isIntegralNumber() ? o.path("max_dets").asInt()
            : null);
  }
}
