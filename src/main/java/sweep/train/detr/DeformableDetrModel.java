package sweep.train.detr;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import sweep.train.djl.OwnedMemory;

/**
 * {@link DeformableDetrNetwork} as a DJL block: every tensor registered under its Hugging Face name (so a
 * {@code model.safetensors} maps one to one), the trainable ones with gradients, the frozen backbone tensors and
 * batch-norm buffers without.
 *
 * <p>Inputs: {@code pixel_values [batch, 3, height, width]} and {@code pixel_mask [batch, height, width]}. Outputs:
 * each decoder layer's logits {@code [batch, queries, num_labels]} and boxes {@code [batch, queries, 4]}, alternating,
 * the last layer last ({@link #predictions} reads them back); a two-stage model then adds the encoder's proposals,
 * {@code enc_outputs_class} and {@code enc_outputs_coord_logits}, named so ({@link #encoderProposals} reads them).
 *
 * <p>With denoising on ({@link Denoising}), the block also holds the option's own tensors
 * ({@link DenoisingEmbedding#parameters()}, under {@code denoising.}), apart from the Hugging Face ones
 * ({@link #trainingOnlyParameters()}): they are not in {@link #parametersByName()}, so a published
 * {@code model.safetensors} keeps Hugging Face's names and shapes, and are saved with the training state for an exact
 * resume. A training forward pass given two more inputs, the denoising queries ({@link DenoisingQueries#arrays}),
 * returns after the rest each decoder layer's denoising logits and boxes, named so ({@link #denoisingPredictions}
 * reads them).
 */
public final class DeformableDetrModel extends AbstractBlock {
  private static final String ENCODER_CLASS = "enc_outputs_class";
  private static final String ENCODER_COORD_LOGITS = "enc_outputs_coord_logits";
  private static final String DENOISING_LOGITS = "dn_logits";
  private static final String DENOISING_BOXES = "dn_boxes";
  private final DeformableDetrNetwork network;
  private final Map<String, Parameter> byName = new LinkedHashMap<>();
  private final Map<String, Parameter> trainingOnly = new LinkedHashMap<>();
  private final Set<String> noDecay = new TreeSet<>();
  private final Set<String> backbone = new TreeSet<>();

  /**
   * @param initial tensors to start from by Hugging Face name (a pretrained model or a checkpoint); a tensor without
   *     one starts as {@link DeformableDetrNetwork#parameters()} says, drawn from {@code seed}. A head shared by all
   *     layers may be given as any layer's; {@code model.decoder.bbox_embed.i} and (two-stage)
   *     {@code model.decoder.class_embed.i}, the names Hugging Face ties them under, are read as {@code bbox_embed.i}
   *     and {@code class_embed.i}.
   * @throws IllegalArgumentException naming a tensor whose shape differs from the configuration's
   */
  public DeformableDetrModel(DeformableDetrConfig config, Map<String, NDArray> initial, NDManager manager,
      long seed) {
    this(config, initial, manager, seed, false);
  }

  /**
   * @param wholeBackbone whether the stem and layer1 convolutions train too (a backbone trained from scratch has
   *     nothing worth freezing there; Hugging Face freezes them for its pretrained ResNets); batch norms stay frozen
   */
  public DeformableDetrModel(DeformableDetrConfig config, Map<String, NDArray> initial, NDManager manager,
      long seed, boolean wholeBackbone) {
    this(config, initial, manager, seed, wholeBackbone, false);
  }

  /**
   * @param denoising whether the block holds the denoising tensors (training with {@link Denoising} on); they are
   *     read from {@code initial} where it has them (a checkpoint's training state), else start as
   *     {@link DenoisingEmbedding#parameters()} says, from streams drawn after every other tensor's, so
   *     the Hugging Face tensors start the same with denoising on or off
   */
  public DeformableDetrModel(DeformableDetrConfig config, Map<String, NDArray> initial, NDManager manager,
      long seed, boolean wholeBackbone, boolean denoising) {
    this.network = new DeformableDetrNetwork(config);
    SplittableRandom random = new SplittableRandom(seed);
    for (ParameterSpec spec : network.parameters()) {
      byName.put(spec.name(), add(spec, given(initial, spec.name(), config), random.split(), manager,
          spec.trainable() || (wholeBackbone && ResNetBackbone.isConvolution(spec.name()))));
      if (!spec.decay()) {
        noDecay.add(spec.name());
      }
      if (spec.name().startsWith(ResNetBackbone.PREFIX)) {
        backbone.add(spec.name());
      }
    }
    if (denoising) {
      for (ParameterSpec spec : new DenoisingEmbedding(config).parameters()) {
        trainingOnly.put(spec.name(), add(spec, initial.get(spec.name()), random.split(), manager, true));
        if (!spec.decay()) {
          noDecay.add(spec.name());
        }
      }
    }
  }

  /** Registers one tensor, {@code given} or, when null, drawn from its own stream {@code own}. */
  private Parameter add(ParameterSpec spec, NDArray given, SplittableRandom own, NDManager manager,
      boolean trainable) {
    // each tensor's values come from its own stream, so that giving one tensor does not change the others
    NDArray array;
    if (given != null) {
      if (!given.getShape().equals(spec.shape())) {
        throw new IllegalArgumentException("tensor " + spec.name() + " has shape " + given.getShape()
            + ", the configuration needs " + spec.shape());
      }
      array = OwnedMemory.copy(given, manager.getDevice());
      array.attach(manager);
    } else {
      array = manager.create(spec.init().values(spec.shape(), own), spec.shape()).duplicate();
    }
    return addParameter(Parameter.builder().setName(spec.name()).setType(Parameter.Type.WEIGHT)
        .optRequiresGrad(trainable).optArray(array).build());
  }

  private static NDArray given(Map<String, NDArray> initial, String name, DeformableDetrConfig config) {
    NDArray a = initial.get(name);
    if (a != null) {
      return a;
    }
    if ((name.startsWith("bbox_embed.") || name.startsWith("class_embed."))
        && initial.containsKey("model.decoder." + name)) {
      return initial.get("model.decoder." + name);
    }
    int heads = new DeformableDetrNetwork(config).heads();
    for (String head : new String[] {"class_embed.", "bbox_embed."}) {
      if (name.startsWith(head + "0.") || (config.withBoxRefine() && name.startsWith(head))) {
        // a shared head saved under another layer's name, or a refined model's file holding only layer 0
        String rest = name.substring(name.indexOf('.', head.length()));
        for (int i = 0; i < heads; i++) {
          NDArray other = initial.get(head + i + rest);
          if (other != null) {
            return other;
          }
        }
      }
    }
    return null;
  }

  public DeformableDetrConfig config() {
    return network.config();
  }

  /** Every tensor by its Hugging Face name, in model order. */
  public Map<String, Parameter> parametersByName() {
    return Collections.unmodifiableMap(byName);
  }

  /**
   * The denoising tensors by name ({@code denoising.*}), trained but not published; empty with denoising off.
   */
  public Map<String, Parameter> trainingOnlyParameters() {
    return Collections.unmodifiableMap(trainingOnly);
  }

  /** Names of tensors that take no weight decay: biases and LayerNorm weights. */
  public Set<String> noDecayNames() {
    return Collections.unmodifiableSet(noDecay);
  }

  /** Names of the backbone's tensors (trained at {@code lr_backbone}, those that train at all). */
  public Set<String> backboneNames() {
    return Collections.unmodifiableSet(backbone);
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> p) {
    Device device = inputs.get(0).getDevice();
    Weights w = name -> {
      Parameter parameter = byName.containsKey(name) ? byName.get(name) : trainingOnly.get(name);
      if (parameter == null) {
        throw new IllegalArgumentException("no tensor " + name);
      }
      return ps.getValue(parameter, device, training);
    };
    NDList out = new NDList();
    NDList denoising = inputs.size() >= 4 ? new NDList(inputs.get(2), inputs.get(3)) : null;
    if (denoising != null && trainingOnly.isEmpty()) {
      throw new IllegalArgumentException("denoising queries given to a model built without denoising");
    }
    DeformableDetrNetwork.Outputs outputs = network.outputs(w, inputs.get(0), inputs.get(1), training, denoising);
    for (Predictions layer : outputs.layers()) {
      out.add(layer.logits());
      out.add(layer.boxes());
    }
    if (outputs.encoder() != null) {
      NDArray logits = outputs.encoder().logits();
      NDArray coordLogits = outputs.encoder().coordLogits();
      logits.setName(ENCODER_CLASS);
      coordLogits.setName(ENCODER_COORD_LOGITS);
      out.add(logits);
      out.add(coordLogits);
    }
    if (outputs.denoising() != null) {
      for (Predictions layer : outputs.denoising()) {
        layer.logits().setName(DENOISING_LOGITS);
        layer.boxes().setName(DENOISING_BOXES);
        out.add(layer.logits());
        out.add(layer.boxes());
      }
    }
    return out;
  }

  /**
   * The outputs of {@link #forwardInternal}: each decoder layer's predictions for the denoising queries, the last
   * layer last; empty without denoising queries.
   */
  public static List<Predictions> denoisingPredictions(NDList outputs) {
    List<Predictions> layers = new ArrayList<>();
    for (int i = 0; i + 1 < outputs.size(); i++) {
      if (DENOISING_LOGITS.equals(outputs.get(i).getName())) {
        layers.add(new Predictions(outputs.get(i), outputs.get(i + 1)));
        i++;
      }
    }
    return layers;
  }

  /** The outputs of {@link #forwardInternal} as each decoder layer's predictions, the last layer last. */
  public static List<Predictions> predictions(NDList outputs) {
    List<Predictions> layers = new ArrayList<>();
    for (int i = 0; i + 1 < outputs.size() && !ENCODER_CLASS.equals(outputs.get(i).getName())
        && !DENOISING_LOGITS.equals(outputs.get(i).getName()); i += 2) {
      layers.add(new Predictions(outputs.get(i), outputs.get(i + 1)));
    }
    return layers;
  }

  /** The outputs of {@link #forwardInternal}: a two-stage model's encoder proposals, null for a one-stage model. */
  public static EncoderProposals encoderProposals(NDList outputs) {
    for (int i = 0; i + 1 < outputs.size(); i++) {
      if (ENCODER_CLASS.equals(outputs.get(i).getName())) {
        return new EncoderProposals(outputs.get(i), outputs.get(i + 1));
      }
    }
    return null;
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    long batch = inputShapes[0].get(0);
    DeformableDetrConfig c = network.config();
    Shape[] out = new Shape[2 * c.decoderLayers() + (c.twoStage() ? 2 : 0)];
    for (int i = 0; i < c.decoderLayers(); i++) {
      out[2 * i] = new Shape(batch, c.queries(), c.numLabels());
      out[2 * i + 1] = new Shape(batch, c.queries(), 4);
    }
    if (c.twoStage()) {
      long sequence = sequence(c, inputShapes[0].get(2), inputShapes[0].get(3));
      out[out.length - 2] = new Shape(batch, sequence, c.numLabels());
      out[out.length - 1] = new Shape(batch, sequence, 4);
    }
    return out;
  }

  /**
   * The encoder's positions for an input of that size: every feature level's cells, each convolution of stride 2
   * (the stem, its max pooling, the first block of layers 2 to 4, the extra levels' projections) halving a side
   * rounding up.
   */
  static long sequence(DeformableDetrConfig c, long height, long width) {
    long h = height;
    long w = width;
    List<long[]> maps = new ArrayList<>();
    for (int index = 0; index <= 4; index++) {
      // index 0 the stem's convolution, 1 its max pooling (layer 1 keeps the size), 2 to 4 layers 2 to 4
      h = (h + 1) / 2;
      w = (w + 1) / 2;
      maps.add(new long[] {h, w});
    }
    long total = 0;
    for (int index : c.outIndices()) {
      total += maps.get(index)[0] * maps.get(index)[1];
    }
    long[] last = maps.get(c.outIndices().get(c.outIndices().size() - 1));
    h = last[0];
    w = last[1];
    for (int level = c.outIndices().size(); level < c.numFeatureLevels(); level++) {
      h = (h + 1) / 2;
      w = (w + 1) / 2;
      total += h * w;
    }
    return total;
  }
}
