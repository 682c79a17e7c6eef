package sweep.train.detr;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.util.ArrayList;
import java.util.List;
import sweep.train.detr.ParameterSpec.Init;
import sweep.train.djl.OwnedMemory;

/**
 * Hugging Face's {@code DeformableDetrForObjectDetection.forward} without the loss: the backbone's maps
 * ({@link ResNetBackbone}) projected to {@code d_model} (1x1 convolution + group norm, extra levels by 3x3 stride-2
 * convolutions), flattened with their masks and sine position embeddings plus the level embedding
 * ({@link MaskGeometry}), the deformable encoder, the decoder (self-attention, deformable cross-attention to the
 * encoder's output at reference points predicted from the query position embeddings, with iterative box refinement
 * when {@code with_box_refine}) and the class and box heads of every decoder layer. Weights are read by their Hugging
 * Face names ({@link #parameters()} lists them); with {@code with_box_refine} false the heads are one set
 * ({@code class_embed.0}, {@code bbox_embed.0}) shared by every layer, with it each layer has its own.
 *
 * <p>Two-stage ({@code two_stage}, with {@code with_box_refine} as Hugging Face requires), as
 * {@code DeformableDetrModel.forward} does it: there are no learned queries ({@code query_position_embeddings}) and
 * no {@code reference_points} layer. Every encoder position becomes a proposal box ({@link MaskGeometry#proposalLogits},
 * {@code gen_encoder_output_proposals}); the encoder's output, zeroed where the proposal is masked, goes through
 * {@code enc_output} and {@code enc_output_norm} and is scored and regressed by one more class and box head
 * ({@code class_embed.L}, {@code bbox_embed.L} with L = {@code decoder_layers}), the regression added to the proposal
 * ({@link EncoderProposals}). The {@code two_stage_num_proposals} positions with the highest class-0 logit are kept;
 * their box logits, detached, are the decoder's first reference boxes (after a sigmoid) and, through the sine
 * embedding of {@code get_proposal_pos_embed}, {@code pos_trans} and {@code pos_trans_norm}, its query position
 * embeddings (the first {@code d_model} channels) and queries (the rest). No gradient reaches the proposal heads,
 * {@code enc_output} or {@code enc_output_norm} through the decoder; only a loss on the proposals trains them.
 *
 * <p>Denoising queries (training only, {@link DenoisingEmbedding}), when
 * {@link #outputs(Weights, NDArray, NDArray, boolean, NDList)} is given them, go before the matching queries, the
 * decoder's self-attention masked so that the matching queries' outputs are those of a pass without them.
 */
public record DeformableDetrNetwork(DeformableDetrConfig config) {

  /**
   * Every tensor the model reads, in Hugging Face's order, with how a model trained from scratch starts it
   * (Deformable DETR's own initialisation: radial sampling offsets, zero attention weights, a class bias for a 1%
   * prior, a box head whose last layer starts at zero).
   */
  public List<ParameterSpec> parameters() {
    int d = config.dModel();
    ResNetBackbone backbone = new ResNetBackbone(config);
    List<ParameterSpec> specs = new ArrayList<>(backbone.parameters());
    List<Integer> out = config.outIndices();
    for (int level = 0; level < config.numFeatureLevels(); level++) {
      String p = "model.input_proj." + level + ".";
      int in = level < out.size() ? backbone.featureChannels(out.get(level))
          : level == out.size() ? backbone.featureChannels(out.get(out.size() - 1)) : d;
      int k = level < out.size() ? 1 : 3;
      specs.add(new ParameterSpec(p + "0.weight", new Shape(d, in, k, k), Init.xavierUniform(), true, true));
      specs.add(new ParameterSpec(p + "0.bias", new Shape(d), Init.constant(0), true, false));
      specs.add(new ParameterSpec(p + "1.weight", new Shape(d), Init.constant(1), true, true));
      specs.add(new ParameterSpec(p + "1.bias", new Shape(d), Init.constant(0), true, false));
    }
    if (!config.twoStage()) {
      specs.add(new ParameterSpec("model.query_position_embeddings.weight", new Shape(config.numQueries(), 2L * d),
          Init.normal(1), true, true));
    }
    for (int i = 0; i < config.encoderLayers(); i++) {
      String p = "model.encoder.layers." + i + ".";
      specs.addAll(deformable(p + "self_attn.", config.encoderHeads(), config.encoderPoints()));
      specs.addAll(ParameterSpec.layerNorm(p + "self_attn_layer_norm.", d));
      specs.addAll(ParameterSpec.linear(p + "fc1.", config.encoderFfnDim(), d, Init.normal(0.02)));
      specs.addAll(ParameterSpec.linear(p + "fc2.", d, config.encoderFfnDim(), Init.normal(0.02)));
      specs.addAll(ParameterSpec.layerNorm(p + "final_layer_norm.", d));
    }
    for (int i = 0; i < config.decoderLayers(); i++) {
      String p = "model.decoder.layers." + i + ".";
      for (String proj : new String[] {"k_proj", "v_proj", "q_proj", "out_proj"}) {
        specs.addAll(ParameterSpec.linear(p + "self_attn." + proj + ".", d, d, Init.normal(0.02)));
      }
      specs.addAll(ParameterSpec.layerNorm(p + "self_attn_layer_norm.", d));
      specs.addAll(deformable(p + "encoder_attn.", config.decoderHeads(), config.decoderPoints()));
      specs.addAll(ParameterSpec.layerNorm(p + "encoder_attn_layer_norm.", d));
      specs.addAll(ParameterSpec.linear(p + "fc1.", config.decoderFfnDim(), d, Init.normal(0.02)));
      specs.addAll(ParameterSpec.linear(p + "fc2.", d, config.decoderFfnDim(), Init.normal(0.02)));
      specs.addAll(ParameterSpec.layerNorm(p + "final_layer_norm.", d));
    }
    specs.add(new ParameterSpec("model.level_embed", new Shape(config.numFeatureLevels(), d), Init.normal(1), true,
        true));
    if (config.twoStage()) {
      specs.addAll(ParameterSpec.linear("model.enc_output.", d, d, Init.normal(0.02)));
      specs.addAll(ParameterSpec.layerNorm("model.enc_output_norm.", d));
      specs.addAll(ParameterSpec.linear("model.pos_trans.", 2 * d, 2 * d, Init.normal(0.02)));
      specs.addAll(ParameterSpec.layerNorm("model.pos_trans_norm.", 2 * d));
    } else {
      specs.addAll(ParameterSpec.linear("model.reference_points.", 2, d, Init.xavierUniform()));
    }
    int heads = heads();
    for (int i = 0; i < heads; i++) {
      specs.addAll(classHead(i));
    }
    for (int i = 0; i < heads; i++) {
      String p = "bbox_embed." + i + ".layers.";
      specs.addAll(ParameterSpec.linear(p + "0.", d, d, Init.normal(0.02)));
      specs.addAll(ParameterSpec.linear(p + "1.", d, d, Init.normal(0.02)));
      List<ParameterSpec> last = ParameterSpec.linear(p + "2.", 4, d, Init.constant(0));
      specs.add(last.get(0));
      // the first (or only) box head starts with small boxes, sigmoid(-2) of the image; a two-stage model's boxes
      // start from the proposals instead (Deformable DETR sets every box head's size bias to 0 there)
      boolean small = i == 0 && !config.twoStage();
      specs.add(small ? last.get(1).startingAs(Init.of(new float[] {0, 0, -2, -2})) : last.get(1));
    }
    return specs;
  }

  /**
   * How many class heads and box heads the model has: one shared, or one per decoder layer with
   * {@code with_box_refine}; a two-stage model has one more, the last, for the encoder's proposals.
   */
  public int heads() {
    return (config.withBoxRefine() ? config.decoderLayers() : 1) + (config.twoStage() ? 1 : 0);
  }

  /** The class head of layer {@code i} ({@code class_embed.i}): fresh, a 1% prior on every class. */
  List<ParameterSpec> classHead(int i) {
    float prior = (float) -Math.log((1 - 0.01) / 0.01);
    List<ParameterSpec> head = ParameterSpec.linear("class_embed." + i + ".", config.numLabels(), config.dModel(),
        Init.normal(0.02));
    return List.of(head.get(0), head.get(1).startingAs(Init.constant(prior)));
  }

  private List<ParameterSpec> deformable(String p, int heads, int points) {
    int d = config.dModel();
    int levels = config.numFeatureLevels();
    float[] grid = new float[heads * levels * points * 2];
    for (int h = 0; h < heads; h++) {
      double theta = h * (2.0 * Math.PI / heads);
      double cos = Math.cos(theta);
      double sin = Math.sin(theta);
      double max = Math.max(Math.abs(cos), Math.abs(sin));
      for (int l = 0; l < levels; l++) {
        for (int k = 0; k < points; k++) {
          int at = ((h * levels + l) * points + k) * 2;
          grid[at] = (float) (cos / max * (k + 1));
          grid[at + 1] = (float) (sin / max * (k + 1));
        }
      }
    }
    List<ParameterSpec> specs = new ArrayList<>();
    List<ParameterSpec> offsets = ParameterSpec.linear(p + "sampling_offsets.", heads * levels * points * 2, d,
        Init.constant(0));
    specs.add(offsets.get(0));
    specs.add(offsets.get(1).startingAs(Init.of(grid)));
    specs.addAll(ParameterSpec.linear(p + "attention_weights.", heads * levels * points, d, Init.constant(0)));
    specs.addAll(ParameterSpec.linear(p + "value_proj.", d, d, Init.xavierUniform()));
    specs.addAll(ParameterSpec.linear(p + "output_proj.", d, d, Init.xavierUniform()));
    return specs;
  }

  /**
   * The predictions of every decoder layer, the last one last.
   *
   * @param pixels {@code pixel_values [batch, 3, height, width]}
   * @param pixelMask {@code pixel_mask [batch, height, width]}, nonzero for a real pixel
   * @param training whether dropout is on
   */
  public List<Predictions> forward(Weights w, NDArray pixels, NDArray pixelMask, boolean training) {
    return outputs(w, pixels, pixelMask, training).layers();
  }

  /**
   * What the model returns: every decoder layer's predictions, the last one last, and a two-stage model's encoder
   * proposals.
   *
   * @param encoder the encoder's proposals ({@code enc_outputs_class}, {@code enc_outputs_coord_logits}) of a
   *     two-stage model, null otherwise
   * @param denoising every decoder layer's predictions for the denoising queries ({@code [batch, groups * single_pad,
   *     ...]}, the last layer last), null without them
   */
  public record Outputs(List<Predictions> layers, EncoderProposals encoder, List<Predictions> denoising) {
    public Outputs(List<Predictions> layers, EncoderProposals encoder) {
      this(layers, encoder, null);
    }
  }

  /**
   * The predictions of every decoder layer and, two-stage, the encoder's proposals.
   *
   * @throws IllegalArgumentException if a two-stage model is to keep more proposals than the images have positions
   * @see #forward
   */
  public Outputs outputs(Weights w, NDArray pixels, NDArray pixelMask, boolean training) {
    return outputs(w, pixels, pixelMask, training, null);
  }

  /**
   * The predictions of every decoder layer, two-stage the encoder's proposals, and with denoising queries their
   * predictions.
   *
   * @param denoising the denoising queries ({@link DenoisingQueries#arrays}: labels {@code [batch, groups,
   *     single_pad]}, -1 for padding, and boxes {@code [batch, groups, single_pad, 4]}), or null for none
   * @see #forward
   */
  public Outputs outputs(Weights w, NDArray pixels, NDArray pixelMask, boolean training, NDList denoising) {
    NDManager m = pixels.getManager();
    int d = config.dModel();
    int levels = config.numFeatureLevels();
    double dropout = config.dropout();
    List<NDArray> features = new ResNetBackbone(config).features(w, pixels);
    List<NDArray> sources = new ArrayList<>();
    for (int level = 0; level < levels; level++) {
      String p = "model.input_proj." + level + ".";
      NDArray source;
      if (level < features.size()) {
        source = Layers.conv(w, p + "0.", features.get(level), 1, 0, true);
      } else {
        NDArray input = level == features.size() ? features.get(features.size() - 1) : sources.get(level - 1);
        source = Layers.conv(w, p + "0.", input, 2, 1, true);
      }
      sources.add(Layers.groupNorm(w, p + "1.", source, 32));
    }
    int[][] shapes = new int[levels][];
    List<int[]> shapeList = new ArrayList<>();
    for (int l = 0; l < levels; l++) {
      Shape s = sources.get(l).getShape();
      shapes[l] = new int[] {(int) s.get(2), (int) s.get(3)};
      shapeList.add(shapes[l]);
    }
    MaskGeometry geometry = MaskGeometry.of(hostMask(pixelMask), shapes);
    int batch = geometry.batch();
    int sequence = geometry.sequence();
    NDList flat = new NDList();
    NDList positions = new NDList();
    NDArray levelEmbed = w.get("model.level_embed");
    for (int l = 0; l < levels; l++) {
      int hw = shapes[l][0] * shapes[l][1];
      flat.add(sources.get(l).reshape(batch, d, hw).transpose(0, 2, 1));
      positions.add(m.create(geometry.positionEmbedding(l, d), new Shape(batch, hw, d))
          .add(levelEmbed.get(l).reshape(1, 1, d)));
    }
    NDArray hidden = Layers.dropout(NDArrays.concat(flat, 1), dropout, training);
    NDArray position = NDArrays.concat(positions, 1);
    NDArray mask = m.create(geometry.flatMask(), new Shape(batch, sequence));
    NDArray valid = m.create(geometry.validRatioArray(), new Shape(batch, levels, 2));
    NDArray encoderReference = m.create(geometry.encoderReferencePoints(), new Shape(batch, sequence, levels, 2));
    for (int i = 0; i < config.encoderLayers(); i++) {
      String p = "model.encoder.layers." + i + ".";
      NDArray attended = new DeformableAttention(p + "self_attn.", config.encoderHeads(), levels,
          config.encoderPoints()).forward(w, hidden, position, hidden, mask, encoderReference, shapeList);
      hidden = Layers.layerNorm(w, p + "self_attn_layer_norm.",
          hidden.add(Layers.dropout(attended, dropout, training)));
      hidden = feedForward(w, p, hidden, training);
    }
    if (!config.twoStage()) {
      NDArray embeddings = w.get("model.query_position_embeddings.weight");
      NDArray zeros = m.zeros(new Shape(batch, config.numQueries(), d), hidden.getDataType());
      NDArray queryPosition = zeros.add(embeddings.get(new NDIndex(":, :" + d)).expandDims(0));
      NDArray target = zeros.add(embeddings.get(new NDIndex(":, " + d + ":")).expandDims(0));
      NDArray reference = Activation.sigmoid(Layers.linear(w, "model.reference_points.", queryPosition));
      Decoded decoded = decode(w, hidden, mask, valid, shapeList, queryPosition, target, reference, training,
          denoising);
      return new Outputs(decoded.matching(), null, decoded.denoising());
    }
    return twoStage(w, hidden, geometry, mask, valid, shapeList, training, denoising);
  }

  /**
   * A two-stage model's proposals from the encoder's output {@code memory}, the best of them as the decoder's queries,
   * and the decoder.
   */
  private Outputs twoStage(Weights w, NDArray memory, MaskGeometry geometry, NDArray mask, NDArray valid,
      List<int[]> shapes, boolean training, NDList denoising) {
    NDManager m = memory.getManager();
    int d = config.dModel();
    int batch = geometry.batch();
    int sequence = geometry.sequence();
    int k = config.twoStageNumProposals();
    if (k > sequence) {
      throw new IllegalArgumentException("two_stage_num_proposals " + k + " exceeds the " + sequence
          + " feature positions of these images");
    }
    NDArray proposals = m.create(geometry.proposalLogits(), new Shape(batch, sequence, 4));
    NDArray keep = proposals.get(new NDIndex("..., :1")).isInfinite().logicalNot().toType(memory.getDataType(), false);
    NDArray objectQuery = Layers.layerNorm(w, "model.enc_output_norm.",
        Layers.linear(w, "model.enc_output.", memory.mul(keep)));
    int last = config.decoderLayers();
    NDArray encoderLogits = Layers.linear(w, "class_embed." + last + ".", objectQuery);
    NDArray coordLogits = Layers.mlp(w, "bbox_embed." + last + ".", objectQuery).add(proposals);
    NDArray top = encoderLogits.get(new NDIndex("..., 0")).stopGradient().topK(k, 1, true, true).get(1);
    NDArray chosen = coordLogits.gather(top.expandDims(2).repeat(2, 4), 1).stopGradient();
    NDArray embedded = Layers.layerNorm(w, "model.pos_trans_norm.",
        Layers.linear(w, "model.pos_trans.", proposalEmbedding(chosen, d)));
    NDArray queryPosition = embedded.get(new NDIndex("..., :" + d));
    NDArray target = embedded.get(new NDIndex("..., " + d + ":"));
    Decoded decoded = decode(w, memory, mask, valid, shapes, queryPosition, target, Activation.sigmoid(chosen),
        training, denoising);
    return new Outputs(decoded.matching(), new EncoderProposals(encoderLogits, coordLogits), decoded.denoising());
  }

  /**
   * {@code DeformableDetrModel.get_proposal_pos_embed}: each of the four coordinates of {@code sigmoid(logits) * 2 pi}
   * divided by {@code 10000^(2 floor(i / 2) / (d_model / 2))} for i below {@code d_model / 2}, sine at even i, cosine
   * at odd: {@code [batch, queries, 4]} to {@code [batch, queries, 2 * d_model]}. Not differentiated (its input is
   * detached).
   */
  static NDArray proposalEmbedding(NDArray logits, int dModel) {
    int half = dModel / 2;
    float[] inverse = new float[half];
    float[] even = new float[half];
    for (int i = 0; i < half; i++) {
      inverse[i] = (float) (1 / Math.pow(10000, 2.0 * (i / 2) / half));
      even[i] = i % 2 == 0 ? 1 : 0;
    }
    NDManager m = logits.getManager();
    Shape s = logits.getShape();
    NDArray angles = Activation.sigmoid(logits).mul(OwnedMemory.scalar(m, 2 * Math.PI)).expandDims(3)
        .mul(m.create(inverse).toType(logits.getDataType(), false));
    NDArray sine = m.create(even).toType(logits.getDataType(), false);
    NDArray one = OwnedMemory.scalar(m, 1).toType(logits.getDataType(), false);
    return angles.sin().mul(sine).add(angles.cos().mul(one.sub(sine))).reshape(s.get(0), s.get(1), 4L * half);
  }

  /** The decoder's predictions: the matching queries', and the denoising queries' (null without them). */
  private record Decoded(List<Predictions> matching, List<Predictions> denoising) {}

  /**
   * The decoder and the heads of every layer, with denoising queries before the matching ones when given.
   *
   * @param queryPosition the queries' position embeddings {@code [batch, queries, d_model]}
   * @param target the queries {@code [batch, queries, d_model]}
   * @param first the first reference points, {@code [batch, queries, 2]} (points) or {@code 4} (boxes)
   * @param denoising the denoising queries' labels and boxes, or null
   */
  private Decoded decode(Weights w, NDArray memory, NDArray mask, NDArray valid, List<int[]> shapes,
      NDArray queryPosition, NDArray target, NDArray first, boolean training, NDList denoising) {
    if (denoising == null) {
      return new Decoded(decodeLayers(w, memory, mask, valid, shapes, queryPosition, target, first, training, null),
          null);
    }
    DenoisingEmbedding.Inputs in = new DenoisingEmbedding(config).prepend(w, denoising, queryPosition, target, first);
    List<Predictions> all = decodeLayers(w, memory, mask, valid, shapes, in.position(), in.target(), in.reference(),
        training, in.attentionMask());
    List<Predictions> matching = new ArrayList<>();
    List<Predictions> noised = new ArrayList<>();
    int pad = in.pad();
    for (Predictions p : all) {
      // dn_post_process: the denoising queries' outputs split off
      noised.add(new Predictions(p.logits().get(new NDIndex(":, :" + pad)), p.boxes().get(new NDIndex(":, :" + pad))));
      matching.add(new Predictions(p.logits().get(new NDIndex(":, " + pad + ":")),
          p.boxes().get(new NDIndex(":, " + pad + ":"))));
    }
    return new Decoded(matching, noised);
  }

  /** The decoder over all its queries, self-attention masked by {@code attentionMask} (null for none). */
  private List<Predictions> decodeLayers(Weights w, NDArray memory, NDArray mask, NDArray valid, List<int[]> shapes,
      NDArray queryPosition, NDArray target, NDArray first, boolean training, NDArray attentionMask) {
    NDArray hidden = target;
    NDArray reference = first;
    List<NDArray> references = new ArrayList<>(List.of(reference));
    List<Predictions> predictions = new ArrayList<>();
    NDArray validBoxes = NDArrays.concat(new NDList(valid, valid), -1);
    for (int i = 0; i < config.decoderLayers(); i++) {
      String p = "model.decoder.layers." + i + ".";
      boolean boxes = reference.getShape().get(2) == 4;
      NDArray input = reference.expandDims(2).mul((boxes ? validBoxes : valid).expandDims(1));
      NDArray attended = selfAttention(w, p + "self_attn.", hidden, queryPosition, attentionMask);
      hidden = Layers.layerNorm(w, p + "self_attn_layer_norm.",
          hidden.add(Layers.dropout(attended, config.dropout(), training)));
      attended = new DeformableAttention(p + "encoder_attn.", config.decoderHeads(), config.numFeatureLevels(),
          config.decoderPoints()).forward(w, hidden, queryPosition, memory, mask, input, shapes);
      hidden = Layers.layerNorm(w, p + "encoder_attn_layer_norm.",
          hidden.add(Layers.dropout(attended, config.dropout(), training)));
      hidden = feedForward(w, p, hidden, training);
      if (config.withBoxRefine()) {
        NDArray delta = Layers.mlp(w, "bbox_embed." + i + ".", hidden);
        reference = Activation.sigmoid(shift(delta, reference)).stopGradient();
      }
      references.add(reference);
      NDArray logits = Layers.linear(w, head("class_embed", i), hidden);
      NDArray box = Activation.sigmoid(shift(Layers.mlp(w, head("bbox_embed", i), hidden), references.get(i)));
      predictions.add(new Predictions(logits, box));
    }
    return predictions;
  }

  /** {@code delta + inverse_sigmoid(reference)}, on the centre only when the reference is a point. */
  private static NDArray shift(NDArray delta, NDArray reference) {
    NDArray logit = Layers.inverseSigmoid(reference);
    if (reference.getShape().get(2) == 4) {
      return delta.add(logit);
    }
    return NDArrays.concat(new NDList(delta.get(new NDIndex("..., :2")).add(logit), delta.get(new NDIndex("..., 2:"))),
        -1);
  }

  private String head(String kind, int layer) {
    return kind + "." + (config.withBoxRefine() ? layer : 0) + ".";
  }

  /** {@code fc1}, ReLU, {@code fc2}, residual and {@code final_layer_norm}. */
  private NDArray feedForward(Weights w, String p, NDArray hidden, boolean training) {
    NDArray inner = Activation.relu(Layers.linear(w, p + "fc1.", hidden));
    NDArray out = Layers.dropout(Layers.linear(w, p + "fc2.", inner), config.dropout(), training);
    return Layers.layerNorm(w, p + "final_layer_norm.", hidden.add(out));
  }

  /**
   * {@code DeformableDetrMultiheadAttention}: queries and keys from the states plus their position embeddings, values
   * from the states alone, the query scaled by {@code head_dim^-0.5}; {@code attentionMask} ({@code [queries,
   * queries]}, or null for none) is added to the scores before the softmax, as there, so negative infinity hides a
   * key from a query and a pass without one is unchanged.
   */
  private NDArray selfAttention(Weights w, String p, NDArray hidden, NDArray position, NDArray attentionMask) {
    Shape s = hidden.getShape();
    long b = s.get(0);
    long t = s.get(1);
    int heads = config.decoderHeads();
    long hd = config.dModel() / heads;
    NDArray withPosition = hidden.add(position);
    NDArray q = Layers.linear(w, p + "q_proj.", withPosition).mul(OwnedMemory.scalar(hidden.getManager(),
            Math.pow(hd, -0.5)))
        .reshape(b, t, heads, hd).transpose(0, 2, 1, 3);
    NDArray k = Layers.linear(w, p + "k_proj.", withPosition).reshape(b, t, heads, hd).transpose(0, 2, 1, 3);
    NDArray v = Layers.linear(w, p + "v_proj.", hidden).reshape(b, t, heads, hd).transpose(0, 2, 1, 3);
    NDArray scores = q.matMul(k.transpose(0, 1, 3, 2));
    if (attentionMask != null) {
      scores = scores.add(attentionMask);
    }
    NDArray context = scores.softmax(-1).matMul(v).transpose(0, 2, 1, 3)
        .reshape(b, t, (long) heads * hd);
    return Layers.linear(w, p + "out_proj.", context);
  }

  private static boolean[][][] hostMask(NDArray pixelMask) {
    Shape s = pixelMask.getShape();
    int b = (int) s.get(0);
    int h = (int) s.get(1);
    int wd = (int) s.get(2);
    float[] flat = pixelMask.toType(DataType.FLOAT32, false).toFloatArray();
    boolean[][][] out = new boolean[b][h][wd];
    for (int i = 0; i < b; i++) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < wd; x++) {
          out[i][y][x] = flat[(i * h + y) * wd + x] != 0;
        }
      }
    }
    return out;
  }
}
