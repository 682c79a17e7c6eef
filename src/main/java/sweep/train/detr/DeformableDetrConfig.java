package sweep.train.detr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import sweep.util.Json;

/**
 * The architecture of a Deformable DETR, as Hugging Face's {@code DeformableDetrConfig} ({@code config.json},
 * {@code model_type} {@code deformable_detr}) describes it, with the same keys and defaults. Models with a timm ResNet
 * backbone ({@code resnet18}, {@code resnet34}, {@code resnet50}), sine position embeddings and ReLU activations are
 * built, one-stage and two-stage; {@link #fromJson} refuses the rest with a message naming the key.
 *
 * <p>Two-stage ({@code two_stage}, which Hugging Face allows only with {@code with_box_refine}, as here): the decoder's
 * queries are the {@code two_stage_num_proposals} best of the encoder's per-position proposals instead of
 * {@code num_queries} learned ones ({@link DeformableDetrNetwork}); {@link #queries()} is the count either way.
 *
 * <p>The backbone's timm arguments come from {@code backbone_kwargs}: {@code out_indices} (default {@code [2, 3, 4]}
 * with several feature levels, {@code [4]} with one), and, for a small backbone trained from scratch, timm's
 * {@code layers} (blocks per stage), {@code channels} (planes per stage) and {@code stem_width}.
 *
 * @param labels the class names in index order ({@code id2label})
 * @param twoStage {@code two_stage}: the decoder's queries come from the encoder's proposals
 * @param twoStageNumProposals {@code two_stage_num_proposals} (default 300): how many proposals a two-stage model
 *     keeps as queries; unused by a one-stage model, which has {@code num_queries} learned ones
 * @param json the whole {@code config.json} this was read from (kept so that keys this class does not model are
 *     written back unchanged)
 */
public record DeformableDetrConfig(int dModel, int encoderLayers, int decoderLayers, int encoderHeads,
    int decoderHeads, int encoderPoints, int decoderPoints, int encoderFfnDim, int decoderFfnDim,
    int numFeatureLevels, int numQueries, List<String> labels, boolean withBoxRefine, String backbone,
    List<Integer> backboneLayers, List<Integer> backboneChannels, int stemWidth, List<Integer> outIndices,
    double dropout, boolean auxiliaryLoss, boolean twoStage, int twoStageNumProposals, ObjectNode json) {

  public DeformableDetrConfig {
    labels = List.copyOf(labels);
    backboneLayers = List.copyOf(backboneLayers);
    backboneChannels = List.copyOf(backboneChannels);
    outIndices = List.copyOf(outIndices);
    json = json.deepCopy();
  }

  /** The number of classes. */
  public int numLabels() {
    return labels.size();
  }

  /** The decoder's queries: {@code two_stage_num_proposals} for a two-stage model, else {@code num_queries}. */
  public int queries() {
    return twoStage ? twoStageNumProposals : numQueries;
  }

  /** Whether the backbone uses bottleneck blocks (ResNet-50) rather than basic ones (ResNet-18/34). */
  public boolean bottleneck() {
    return backbone.equals("resnet50");
  }

  /** Reads a {@code config.json}; throws {@link IllegalArgumentException} naming the key of what it cannot build. */
  public static DeformableDetrConfig fromJson(JsonNode node) {
    if (!(node instanceof ObjectNode json)) {
      throw new IllegalArgumentException("config.json: not a JSON object");
    }
    String type = json.path("model_type").asText("deformable_detr");
    if (!type.equals("deformable_detr")) {
      throw new IllegalArgumentException("config.json: model_type is " + type + ", not deformable_detr");
    }
    refuse(json, "use_timm_backbone", false, "only timm ResNet backbones are built");
    refuse(json, "dilation", true, "dilated backbones are not built");
    if (!json.path("position_embedding_type").asText("sine").equals("sine")) {
      throw new IllegalArgumentException("config.json: position_embedding_type: only sine is built");
    }
    if (!json.path("activation_function").asText("relu").equals("relu")) {
      throw new IllegalArgumentException("config.json: activation_function: only relu is built");
    }
    String backbone = json.path("backbone").asText("resnet50");
    List<Integer> layers = switch (backbone) {
      case "resnet18" -> List.of(2, 2, 2, 2);
      case "resnet34", "resnet50" -> List.of(3, 4, 6, 3);
      default -> throw new IllegalArgumentException("config.json: backbone " + backbone
          + ": only resnet18, resnet34 and resnet50 are built");
    };
    JsonNode kwargs = json.path("backbone_kwargs");
    int levels = json.path("num_feature_levels").asInt(4);
    layers = ints(kwargs, "layers", layers);
    List<Integer> channels = ints(kwargs, "channels", List.of(64, 128, 256, 512));
    List<Integer> outIndices = ints(kwargs, "out_indices", levels > 1 ? List.of(2, 3, 4) : List.of(4));
    if (layers.size() != 4 || channels.size() != 4) {
      throw new IllegalArgumentException("config.json: backbone_kwargs: layers and channels need 4 numbers each");
    }
    if (outIndices.size() > levels) {
      throw new IllegalArgumentException("config.json: num_feature_levels " + levels + " is fewer than the "
          + outIndices.size() + " backbone_kwargs.out_indices");
    }
    for (int i = 0; i < outIndices.size(); i++) {
      if (outIndices.get(i) < 0 || outIndices.get(i) > 4 || (i > 0 && outIndices.get(i) <= outIndices.get(i - 1))) {
        throw new IllegalArgumentException("config.json: backbone_kwargs.out_indices must rise within 0..4");
      }
    }
    boolean twoStage = json.path("two_stage").asBoolean(false);
    boolean withBoxRefine = json.path("with_box_refine").asBoolean(false);
    if (twoStage && !withBoxRefine) {
      throw new IllegalArgumentException("config.json: two_stage true needs with_box_refine true (as Hugging Face's "
          + "DeformableDetrConfig requires)");
    }
    int proposals = json.path("two_stage_num_proposals").asInt(300);
    if (proposals < 1) {
      throw new IllegalArgumentException("config.json: two_stage_num_proposals must be at least 1, not " + proposals);
    }
    int dModel = json.path("d_model").asInt(256);
    int encoderHeads = json.path("encoder_attention_heads").asInt(8);
    int decoderHeads = json.path("decoder_attention_heads").asInt(8);
    if (dModel % 32 != 0 || dModel % encoderHeads != 0 || dModel % decoderHeads != 0) {
      throw new IllegalArgumentException("config.json: d_model " + dModel
          + " must be a multiple of 32 (group norm) and of the attention heads");
    }
    return new DeformableDetrConfig(dModel, json.path("encoder_layers").asInt(6), json.path("decoder_layers").asInt(6),
        encoderHeads, decoderHeads, json.path("encoder_n_points").asInt(4), json.path("decoder_n_points").asInt(4),
        json.path("encoder_ffn_dim").asInt(1024), json.path("decoder_ffn_dim").asInt(1024), levels,
        json.path("num_queries").asInt(300), labels(json), withBoxRefine, backbone,
        layers, channels, json.path("backbone_kwargs").path("stem_width").asInt(64), outIndices,
        json.path("dropout").asDouble(0.1), json.path("auxiliary_loss").asBoolean(false), twoStage, proposals, json);
  }

  /** This configuration with other class names (a fresh class head is then needed). */
  public DeformableDetrConfig withLabels(List<String> newLabels) {
    return new DeformableDetrConfig(dModel, encoderLayers, decoderLayers, encoderHeads, decoderHeads, encoderPoints,
        decoderPoints, encoderFfnDim, decoderFfnDim, numFeatureLevels, numQueries, newLabels, withBoxRefine, backbone,
        backboneLayers, backboneChannels, stemWidth, outIndices, dropout, auxiliaryLoss, twoStage, twoStageNumProposals,
        json);
  }

  /**
   * The {@code config.json} to write: what was read, with {@code model_type}, the architecture's keys,
   * {@code id2label} and {@code label2id} set from this record.
   */
  public ObjectNode toJson() {
    ObjectNode out = json.deepCopy();
    out.put("model_type", "deformable_detr");
    out.putArray("architectures").add("DeformableDetrForObjectDetection");
    out.put("d_model", dModel);
    out.put("encoder_layers", encoderLayers);
    out.put("decoder_layers", decoderLayers);
    out.put("encoder_attention_heads", encoderHeads);
    out.put("decoder_attention_heads", decoderHeads);
    out.put("encoder_n_points", encoderPoints);
    out.put("decoder_n_points", decoderPoints);
    out.put("encoder_ffn_dim", encoderFfnDim);
    out.put("decoder_ffn_dim", decoderFfnDim);
    out.put("num_feature_levels", numFeatureLevels);
    out.put("num_queries", numQueries);
    out.put("with_box_refine", withBoxRefine);
    out.put("two_stage", twoStage);
    out.put("two_stage_num_proposals", twoStageNumProposals);
    out.put("use_timm_backbone", true);
    out.put("use_pretrained_backbone", false);
    out.put("backbone", backbone);
    out.put("dropout", dropout);
    out.put("auxiliary_loss", auxiliaryLoss);
    ObjectNode kwargs = out.putObject("backbone_kwargs");
    kwargs.set("out_indices", array(outIndices));
    kwargs.set("layers", array(backboneLayers));
    kwargs.set("channels", array(backboneChannels));
    kwargs.put("stem_width", stemWidth);
    ObjectNode id2label = out.putObject("id2label");
    ObjectNode label2id = out.putObject("label2id");
    for (int i = 0; i < labels.size(); i++) {
      id2label.put(String.valueOf(i), labels.get(i));
      label2id.put(labels.get(i), i);
    }
    out.remove("num_labels");
    return out;
  }

  private static List<String> labels(ObjectNode json) {
    JsonNode id2label = json.path("id2label");
    List<String> labels = new ArrayList<>();
    if (id2label.isObject() && id2label.size() > 0) {
      for (int i = 0; i < id2label.size(); i++) {
        JsonNode name = id2label.get(String.valueOf(i));
        if (name == null || !name.isTextual()) {
          throw new IllegalArgumentException("config.json: id2label has no class " + i + " of " + id2label.size());
        }
        labels.add(name.asText());
      }
    } else {
      int n = json.path("num_labels").asInt(2);
      for (int i = 0; i < n; i++) {
        labels.add("LABEL_" + i);
      }
    }
    return labels;
  }

  private static void refuse(JsonNode json, String key, boolean value, String why) {
    if (json.has(key) && json.get(key).asBoolean() == value) {
      throw new IllegalArgumentException("config.json: " + key + " " + value + ": " + why);
    }
  }

  private static List<Integer> ints(JsonNode parent, String key, List<Integer> fallback) {
    JsonNode n = parent.path(key);
    if (n.isMissingNode() || n.isNull()) {
      return fallback;
    }
    if (!n.isArray()) {
      throw new IllegalArgumentException("config.json: backbone_kwargs." + key + " must be a list of numbers");
    }
    List<Integer> out = new ArrayList<>();
    n.forEach(v -> {
      if (!v.canConvertToInt() || v.asInt() < 0) {
        throw new IllegalArgumentException("config.json: backbone_kwargs." + key + " must be a list of numbers");
      }
      out.add(v.asInt());
    });
    return out;
  }

  private static ArrayNode array(List<Integer> values) {
    ArrayNode a = Json.mapper().createArrayNode();
    values.forEach(a::add);
    return a;
  }
}
