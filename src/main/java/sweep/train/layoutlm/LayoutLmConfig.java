package sweep.train.layoutlm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import sweep.util.Json;

/**
 * The architecture of a LayoutLM (v1) token classifier, read from and written to a Hugging Face
 * {@code config.json} (model_type {@code layoutlm}); labels are {@code id2label} in id order.
 */
public record LayoutLmConfig(
    int vocabSize,
    int hiddenSize,
    int numHiddenLayers,
    int numAttentionHeads,
    int intermediateSize,
    String hiddenAct,
    double hiddenDropoutProb,
    double attentionProbsDropoutProb,
    int maxPositionEmbeddings,
    int max2dPositionEmbeddings,
    int typeVocabSize,
    double layerNormEps,
    int padTokenId,
    double initializerRange,
    List<String> labels) {

  public LayoutLmConfig {
    labels = List.copyOf(labels);
    if (hiddenSize % numAttentionHeads != 0) {
      throw new IllegalArgumentException("hidden_size (" + hiddenSize + ") is not a multiple of num_attention_heads ("
          + numAttentionHeads + ")");
    }
    if (!hiddenAct.equals("gelu")) {
      throw new IllegalArgumentException("hidden_act '" + hiddenAct + "' is not supported (only exact gelu)");
    }
  }

  public int headSize() {
    return hiddenSize / numAttentionHeads;
  }

  public int numLabels() {
    return labels.size();
  }

  public LayoutLmConfig withLabels(List<String> newLabels) {
    return new LayoutLmConfig(vocabSize, hiddenSize, numHiddenLayers, numAttentionHeads, intermediateSize, hiddenAct,
        hiddenDropoutProb, attentionProbsDropoutProb, maxPositionEmbeddings, max2dPositionEmbeddings, typeVocabSize,
        layerNormEps, padTokenId, initializerRange, newLabels);
  }

  /** Reads a Hugging Face config.json; keys it does not have take BERT's defaults, as transformers does. */
  public static LayoutLmConfig fromJson(JsonNode c) {
    List<String> labels = new ArrayList<>();
    JsonNode id2label = c.path("id2label");
    for (int i = 0; i < id2label.size(); i++) {
      JsonNode l = id2label.get(Integer.toString(i));
      if (l == null) {
        throw new IllegalArgumentException("config.json id2label has no id " + i);
      }
      labels.add(l.asText());
    }
    return new LayoutLmConfig(c.path("vocab_size").asInt(30522), c.path("hidden_size").asInt(768),
        c.path("num_hidden_layers").asInt(12), c.path("num_attention_heads").asInt(12),
        c.path("intermediate_size").asInt(3072), c.path("hidden_act").asText("gelu"),
        c.path("hidden_dropout_prob").asDouble(0.1), c.path("attention_probs_dropout_prob").asDouble(0.1),
        c.path("max_position_embeddings").asInt(512), c.path("max_2d_position_embeddings").asInt(1024),
        c.path("type_vocab_size").asInt(2), c.path("layer_norm_eps").asDouble(1e-12),
        c.path("pad_token_id").asInt(0), c.path("initializer_range").asDouble(0.02), labels);
  }

  public static LayoutLmConfig read(Path file) throws IOException {
    return fromJson(Json.mapper().readTree(file.toFile()));
  }

  public ObjectNode toJson() {
    ObjectNode o = Json.mapper().createObjectNode();
    o.putArray("architectures").add("LayoutLMForTokenClassification");
    o.put("model_type", "layoutlm");
    o.put("attention_probs_dropout_prob", attentionProbsDropoutProb);
    o.put("hidden_act", hiddenAct);
    o.put("hidden_dropout_prob", hiddenDropoutProb);
    o.put("hidden_size", hiddenSize);
    o.put("initializer_range", initializerRange);
    o.put("intermediate_size", intermediateSize);
    o.put("layer_norm_eps", layerNormEps);
    o.put("max_2d_position_embeddings", max2dPositionEmbeddings);
    o.put("max_position_embeddings", maxPositionEmbeddings);
    o.put("num_attention_heads", numAttentionHeads);
    o.put("num_hidden_layers", numHiddenLayers);
    o.put("pad_token_id", padTokenId);
    o.put("position_embedding_type", "absolute");
    o.put("type_vocab_size", typeVocabSize);
    o.put("vocab_size", vocabSize);
    o.put("torch_dtype", "float32");
    ObjectNode id2label = o.putObject("id2label");
    ObjectNode label2id = o.putObject("label2id");
    for (int i = 0; i < labels.size(); i++) {
      id2label.put(Integer.toString(i), labels.get(i));
      label2id.put(labels.get(i), i);
    }
    return o;
  }

  public void write(Path file) throws IOException {
    Files.writeString(file, Json.pretty(toJson()));
  }
}
