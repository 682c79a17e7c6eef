package sweep.train.layoutlm;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import sweep.train.djl.OwnedMemory;

/**
 * LayoutLM (v1) for token classification with the math and parameter names of Hugging Face's
 * {@code LayoutLMForTokenClassification}: word + 1-D position + token type + 2-D box embeddings (x0, y0, x1, y1,
 * height, width), a post-LayerNorm BERT encoder with exact GELU and the additive attention mask, dropout, and a
 * linear classifier. Parameters are registered under their Hugging Face names, so a checkpoint's tensors map one
 * to one. The pooler is carried (loaded and saved, never trained) because checkpoints have it, though token
 * classification does not use it.
 *
 * <p>Inputs: {@code input_ids [B, T]}, {@code bbox [B, T, 4]}, {@code attention_mask [B, T]} (all int64), and
 * optionally {@code token_type_ids [B, T]}. Output: {@code logits [B, T, num_labels]}.
 */
public final class LayoutLmModel extends AbstractBlock {
  private final LayoutLmConfig config;
  private final Map<String, Parameter> byName = new LinkedHashMap<>();
  private final Set<String> noDecay = new TreeSet<>();
  private final Map<String, Shape> shapes = new LinkedHashMap<>();

  /**
   * @param initial arrays to start from, by Hugging Face name (a pretrained model or a checkpoint); parameters
   *     without one are initialised as transformers does (normal(0, initializer_range) weights, zero biases, unit
   *     LayerNorm weights)
   */
  public LayoutLmModel(LayoutLmConfig config, Map<String, NDArray> initial) {
    this.config = config;
    int h = config.hiddenSize();
    String e = "layoutlm.embeddings.";
    embedding(e + "word_embeddings", config.vocabSize(), initial);
    embedding(e + "position_embeddings", config.maxPositionEmbeddings(), initial);
    for (String axis : new String[] {"x", "y", "h", "w"}) {
      embedding(e + axis + "_position_embeddings", config.max2dPositionEmbeddings(), initial);
    }
    embedding(e + "token_type_embeddings", config.typeVocabSize(), initial);
    layerNorm(e + "LayerNorm", initial);
    for (int i = 0; i < config.numHiddenLayers(); i++) {
      String l = "layoutlm.encoder.layer." + i + ".";
      linear(l + "attention.self.query", h, h, initial, true);
      linear(l + "attention.self.key", h, h, initial, true);
      linear(l + "attention.self.value", h, h, initial, true);
      linear(l + "attention.output.dense", h, h, initial, true);
      layerNorm(l + "attention.output.LayerNorm", initial);
      linear(l + "intermediate.dense", config.intermediateSize(), h, initial, true);
      linear(l + "output.dense", h, config.intermediateSize(), initial, true);
      layerNorm(l + "output.LayerNorm", initial);
    }
    linear("layoutlm.pooler.dense", h, h, initial, false);
    linear("classifier", config.numLabels(), h, initial, true);
  }

  public LayoutLmConfig config() {
    return config;
  }

  /** Every parameter by its Hugging Face name, in model order. */
  public Map<String, Parameter> parametersByName() {
    return Collections.unmodifiableMap(byName);
  }

  /** Names of parameters that take no weight decay: biases and LayerNorm weights, as the HF Trainer does. */
  public Set<String> noDecayNames() {
    return Collections.unmodifiableSet(noDecay);
  }

  /** The shape each named parameter must have. */
  public Map<String, Shape> expectedShapes() {
    return Collections.unmodifiableMap(shapes);
  }

  private Parameter add(String name, Parameter.Type type, Shape shape, ai.djl.training.initializer.Initializer init,
      Map<String, NDArray> initial, boolean trainable) {
    shapes.put(name, shape);
    Parameter.Builder b = Parameter.builder().setName(name).setType(type).optRequiresGrad(trainable);
    NDArray given = initial.get(name);
    if (given != null) {
      if (!given.getShape().equals(shape)) {
        throw new IllegalArgumentException("tensor " + name + " has shape " + given.getShape() + ", the model needs "
            + shape);
      }
      b.optArray(given);
    } else {
      b.optShape(shape).optInitializer(init);
    }
    Parameter p = addParameter(b.build());
    byName.put(name, p);
    return p;
  }

  private void embedding(String name, int rows, Map<String, NDArray> initial) {
    add(name + ".weight", Parameter.Type.WEIGHT, new Shape(rows, config.hiddenSize()),
        new NormalInitializer((float) config.initializerRange()), initial, true);
  }

  private void linear(String name, int out, int in, Map<String, NDArray> initial, boolean trainable) {
    add(name + ".weight", Parameter.Type.WEIGHT, new Shape(out, in),
        new NormalInitializer((float) config.initializerRange()), initial, trainable);
    add(name + ".bias", Parameter.Type.BIAS, new Shape(out), new ConstantInitializer(0), initial, trainable);
    noDecay.add(name + ".bias");
  }

  private void layerNorm(String name, Map<String, NDArray> initial) {
    add(name + ".weight", Parameter.Type.GAMMA, new Shape(config.hiddenSize()), new ConstantInitializer(1), initial,
        true);
    add(name + ".bias", Parameter.Type.BETA, new Shape(config.hiddenSize()), new ConstantInitializer(0), initial,
        true);
    noDecay.add(name + ".weight");
    noDecay.add(name + ".bias");
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> p) {
    NDArray ids = inputs.get(0);
    NDArray bbox = inputs.get(1);
    NDArray mask = inputs.get(2);
    NDManager manager = ids.getManager();
    Device device = ids.getDevice();
    Values v = name -> ps.getValue(byName.get(name), device, training);
    long t = ids.getShape().get(1);
    String e = "layoutlm.embeddings.";
    NDArray positions = manager.arange(0, t, 1, DataType.INT64, device).expandDims(0);
    NDArray tokenTypes = inputs.size() > 3 ? inputs.get(3) : ids.zerosLike();
    NDArray x0 = bbox.get(":, :, 0");
    NDArray y0 = bbox.get(":, :, 1");
    NDArray x1 = bbox.get(":, :, 2");
    NDArray y1 = bbox.get(":, :, 3");
    NDArray xs = v.get(e + "x_position_embeddings.weight");
    NDArray ys = v.get(e + "y_position_embeddings.weight");
    NDArray emb = embed(ids, v.get(e + "word_embeddings.weight"))
        .add(embed(positions, v.get(e + "position_embeddings.weight")))
        .add(embed(x0, xs)).add(embed(y0, ys)).add(embed(x1, xs)).add(embed(y1, ys))
        .add(embed(y1.sub(y0), v.get(e + "h_position_embeddings.weight")))
        .add(embed(x1.sub(x0), v.get(e + "w_position_embeddings.weight")))
        .add(embed(tokenTypes, v.get(e + "token_type_embeddings.weight")));
    NDArray hidden = dropout(norm(emb, v, e + "LayerNorm"), config.hiddenDropoutProb(), training);

    // (1 - mask) * float32 min, broadcast over heads and query positions, as get_extended_attention_mask does.
    NDArray additive = mask.toType(DataType.FLOAT32, false).expandDims(1).expandDims(1).neg().add(1)
        .mul(-Float.MAX_VALUE);
    for (int i = 0; i < config.numHiddenLayers(); i++) {
      hidden = layer(hidden, additive, v, "layoutlm.encoder.layer." + i + ".", training);
    }
    NDArray logits = linear(dropout(hidden, config.hiddenDropoutProb(), training), v, "classifier");
    return new NDList(logits);
  }

  private NDArray layer(NDArray x, NDArray additiveMask, Values v, String l, boolean training) {
    long b = x.getShape().get(0);
    long t = x.getShape().get(1);
    int heads = config.numAttentionHeads();
    int d = config.headSize();
    NDArray q = heads(linear(x, v, l + "attention.self.query"), b, t, heads, d);
    NDArray k = heads(linear(x, v, l + "attention.self.key"), b, t, heads, d);
    NDArray val = heads(linear(x, v, l + "attention.self.value"), b, t, heads, d);
    NDArray scale = OwnedMemory.scalar(x.getManager(), 1.0 / Math.sqrt(d));
    NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).mul(scale).add(additiveMask);
    NDArray probs = dropout(scores.softmax(-1), config.attentionProbsDropoutProb(), training);
    NDArray context = probs.matMul(val).transpose(0, 2, 1, 3).reshape(b, t, (long) heads * d);
    NDArray attention = norm(dropout(linear(context, v, l + "attention.output.dense"), config.hiddenDropoutProb(),
        training).add(x), v, l + "attention.output.LayerNorm");
    NDArray intermediate = Activation.gelu(linear(attention, v, l + "intermediate.dense"));
    return norm(dropout(linear(intermediate, v, l + "output.dense"), config.hiddenDropoutProb(), training)
        .add(attention), v, l + "output.LayerNorm");
  }

  private static NDArray heads(NDArray x, long b, long t, int heads, int d) {
    return x.reshape(b, t, heads, d).transpose(0, 2, 1, 3);
  }

  private static NDArray embed(NDArray ids, NDArray weight) {
    return Embedding.embedding(ids, weight, SparseFormat.DENSE).singletonOrThrow();
  }

  private static NDArray linear(NDArray x, Values v, String name) {
    return Linear.linear(x, v.get(name + ".weight"), v.get(name + ".bias")).singletonOrThrow();
  }

  private NDArray norm(NDArray x, Values v, String name) {
    return LayerNorm.layerNorm(x, new Shape(config.hiddenSize()), v.get(name + ".weight"), v.get(name + ".bias"),
        (float) config.layerNormEps()).singletonOrThrow();
  }

  private static NDArray dropout(NDArray x, double rate, boolean training) {
    if (!training || rate <= 0) {
      return x;
    }
    return Dropout.dropout(x, (float) rate, true).singletonOrThrow();
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape ids = inputShapes[0];
    return new Shape[] {new Shape(ids.get(0), ids.get(1), config.numLabels())};
  }

  @FunctionalInterface
  private interface Values {
    NDArray get(String name);
  }
}
