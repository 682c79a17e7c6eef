package sweep.train.detr;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.util.ArrayList;
import java.util.List;
import sweep.train.detr.ParameterSpec.Init;

/**
 * The denoising queries' part of the decoder's input (training only; DN-DETR's {@code dn_components.py} of
 * {@code models/dn_dab_deformable_detr}): content {@code denoising.label_enc} of the noised label (zeros for
 * padding, as {@code prepare_for_dn}'s padding), reference boxes the noised boxes ({@code input_query_bbox.sigmoid()};
 * their centres where the matching queries' first references are points, as a one-stage model's are), and position
 * {@code denoising.ref_point_head} (linear, ReLU, linear, DAB-Deformable-DETR's {@code ref_point_head}) of the box's
 * sine embedding ({@code get_proposal_pos_embed} of its inverse sigmoid), the way DAB-Deformable-DETR derives a
 * query's position from its box. Hugging Face's one-stage queries have free position embeddings and no such head,
 * so this head, like the label embedding, is the option's own ({@link #parameters()}, not part of the published
 * model). The decoder's self-attention is masked ({@link #mask}): matching queries see no denoising query and no
 * group sees another, so the matching queries' outputs are those of a pass without them. DN-DETR's indicator
 * channel (its content is {@code d_model - 1} wide plus a flag) is left out: Hugging Face's queries are
 * {@code d_model} wide.
 */
public record DenoisingEmbedding(DeformableDetrConfig config) {
  /** The prefix of every tensor of {@link #parameters()}. */
  public static final String PREFIX = "denoising.";
  private static final String LABELS = PREFIX + "label_enc.weight";
  private static final String HEAD = PREFIX + "ref_point_head.";

  /**
   * The tensors denoising queries add: {@code denoising.label_enc.weight} {@code [num_labels, d_model]}
   * ({@code nn.Embedding}'s N(0, 1)) and {@code denoising.ref_point_head.layers.0} ({@code 2 d_model -> d_model}) and
   * {@code .1} ({@code d_model -> d_model}).
   */
  public List<ParameterSpec> parameters() {
    int d = config.dModel();
    List<ParameterSpec> specs = new ArrayList<>();
    specs.add(new ParameterSpec(LABELS, new Shape(config.numLabels(), d), Init.normal(1), true, true));
    specs.addAll(ParameterSpec.linear(HEAD + "layers.0.", d, 2 * d, Init.xavierUniform()));
    specs.addAll(ParameterSpec.linear(HEAD + "layers.1.", d, d, Init.xavierUniform()));
    return specs;
  }

  /**
   * The decoder's input with the denoising queries before the matching ones.
   *
   * @param attentionMask the additive self-attention mask {@code [pad + queries, pad + queries]}
   * @param pad how many denoising queries come first ({@code groups * single_pad})
   */
  record Inputs(NDArray position, NDArray target, NDArray reference, NDArray attentionMask, int pad) {}

  /**
   * The matching queries' position embeddings, queries and first references with the denoising queries'
   * ({@link DenoisingQueries#arrays}: labels {@code [batch, groups, single_pad]}, -1 for padding, and boxes
   * {@code [batch, groups, single_pad, 4]}) put before them.
   */
  Inputs prepend(Weights w, NDList denoising, NDArray queryPosition, NDArray target, NDArray first) {
    NDManager m = target.getManager();
    Shape s = denoising.get(0).getShape();
    int groups = (int) s.get(1);
    int singlePad = (int) s.get(2);
    int pad = groups * singlePad;
    long batch = s.get(0);
    NDArray labels = denoising.get(0).reshape(batch, pad, 1);
    NDArray classes = m.arange(config.numLabels()).toType(labels.getDataType(), false).reshape(1, 1,
        config.numLabels());
    // one-hot rows of the noised labels (all zero for padding) times the embedding: label_enc(label), 0 for padding
    NDArray content = labels.eq(classes).toType(target.getDataType(), false).matMul(w.get(LABELS));
    NDArray boxLogits = Layers.inverseSigmoid(denoising.get(1).reshape(batch, pad, 4).toType(target.getDataType(),
        false));
    NDArray position = Layers.linear(w, HEAD + "layers.1.", Activation.relu(Layers.linear(w, HEAD + "layers.0.",
        DeformableDetrNetwork.proposalEmbedding(boxLogits, config.dModel()))));
    NDArray boxes = Activation.sigmoid(boxLogits);
    NDArray reference = first.getShape().get(2) == 4 ? boxes : boxes.get(new NDIndex("..., :2"));
    long queries = target.getShape().get(1);
    NDArray attentionMask = m.create(mask(groups, singlePad, (int) queries), new Shape(pad + queries,
        pad + queries)).toType(target.getDataType(), false);
    return new Inputs(NDArrays.concat(new NDList(position, queryPosition), 1),
        NDArrays.concat(new NDList(content, target), 1), NDArrays.concat(new NDList(reference, first), 1),
        attentionMask, pad);
  }

  /**
   * {@code prepare_for_dn}'s attention mask as an additive one, row-major {@code [pad + queries, pad + queries]} with
   * {@code pad = groups * singlePad}: negative infinity where a query (row) must not see a key (column): a matching
   * query any denoising query, a denoising query one of another group; 0 elsewhere (a denoising query sees its group
   * and every matching query).
   */
  static float[] mask(int groups, int singlePad, int queries) {
    int pad = groups * singlePad;
    int size = pad + queries;
    float[] mask = new float[size * size];
    for (int row = 0; row < size; row++) {
      for (int column = 0; column < pad; column++) {
        boolean hidden = row >= pad || row / singlePad != column / singlePad;
        mask[row * size + column] = hidden ? Float.NEGATIVE_INFINITY : 0;
      }
    }
    return mask;
  }
}
