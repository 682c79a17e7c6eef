package sweep.train.detr;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/**
 * What a two-stage Deformable DETR's encoder proposes, as Hugging Face's {@code DeformableDetrModel} returns it: every
 * position of every feature level scored and regressed by the last class and box heads (index
 * {@code decoder_layers}), of which the best {@code two_stage_num_proposals} became the decoder's queries.
 *
 * @param logits {@code enc_outputs_class [batch, sequence, num_labels]}; the top-k ranks positions by class 0's logit
 * @param coordLogits {@code enc_outputs_coord_logits [batch, sequence, 4]}: the box head's output plus the position's
 *     proposal as an inverse sigmoid, +infinity where the position is padding or its proposal lies outside
 *     (0.01, 0.99)
 */
public record EncoderProposals(NDArray logits, NDArray coordLogits) {

  /** The proposals as Hugging Face's loss reads them ({@code enc_outputs}): the logits and sigmoid boxes. */
  public Predictions predictions() {
    return new Predictions(logits, Activation.sigmoid(coordLogits));
  }
}
