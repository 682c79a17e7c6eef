package sweep.train.detr;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link DetrLoss#compute} returns: the weighted total to back-propagate, each named term as a number to log, and
 * the matches the terms were computed with.
 *
 * @param total the weighted sum, a scalar array in the logits' type, differentiable with respect to every layer's
 *     logits and boxes
 * @param terms Hugging Face's {@code loss_dict} in its order: {@code loss_ce}, {@code loss_bbox}, {@code loss_giou},
 *     {@code cardinality_error} of the last layer, then the same with the suffix {@code _i} for auxiliary layer i
 *     and {@code _enc} for a two-stage model's encoder proposals (unweighted, as there); when trained with denoising
 *     queries, then {@code dn_loss_ce}, {@code dn_loss_bbox}, {@code dn_loss_giou} per layer (auxiliary layers'
 *     first, with {@code _i}; the last layer's without a suffix)
 * @param matches per layer, the last first, then auxiliary layers 0, 1, ..., then the encoder proposals: per image, queries (rows) matched to
 *     objects (columns)
 */
public record LossTerms(NDArray total, Map<String, Double> terms, List<List<Assignment>> matches) {
  public LossTerms {
    terms = Collections.unmodifiableMap(new LinkedHashMap<>(terms));
    List<List<Assignment>> copy = new ArrayList<>();
    matches.forEach(layer -> copy.add(List.copyOf(layer)));
    matches = Collections.unmodifiableList(copy);
  }

  /**
   * The term of that name.
   *
   * @throws IllegalArgumentException if there is none
   */
  public double term(String name) {
    Double value = terms.get(name);
    if (value == null) {
      throw new IllegalArgumentException("no loss term " + name + "; there are " + terms.keySet());
    }
    return value;
  }
}
