package sweep.train.layoutlm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.optimizer.Optimizer;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.IntToDoubleFunction;

/**
 * AdamW as the Hugging Face Trainer configures it: decoupled weight decay for every parameter except biases and
 * LayerNorm weights (DJL's AdamW decays all), the learning rate from a schedule of the optimizer step, and its
 * state (first and second moments, step) exposed so a checkpoint can save it and a resumed trial restore it
 * (DJL's optimizers keep theirs private). The update itself is DJL's fused {@code adamUpdate} kernel.
 */
public final class DecoupledAdamW extends Optimizer {
  private final IntToDoubleFunction schedule;
  private final float weightDecay;
  private final float beta1;
  private final float beta2;
  private final float epsilon;
  private final Map<String, String> nameById;
  private final Set<String> noDecay;
  private final Map<String, NDArray> means = new HashMap<>();
  private final Map<String, NDArray> variances = new HashMap<>();
  private final Map<String, Integer> steps = new HashMap<>();
  private int step;

  /**
   * @param schedule learning rate for optimizer step k (0-based)
   * @param nameById parameter id to Hugging Face name, for the state's names
   * @param noDecay names that take no weight decay
   */
  public DecoupledAdamW(IntToDoubleFunction schedule, double weightDecay, Map<String, String> nameById,
      Set<String> noDecay) {
    super(new Builder());
    this.schedule = schedule;
    this.weightDecay = (float) weightDecay;
    this.beta1 = 0.9f;
    this.beta2 = 0.999f;
    this.epsilon = 1e-8f;
    this.nameById = Map.copyOf(nameById);
    this.noDecay = Set.copyOf(noDecay);
  }

  /** Optimizer steps taken so far (the scheduler's step). */
  public int step() {
    return step;
  }

  /** The learning rate the next step uses. */
  public double currentRate() {
    return schedule.applyAsDouble(step);
  }

  /** Marks the end of one optimizer step (all parameters updated). */
  public void advance() {
    step++;
  }

  @Override
  public void update(String parameterId, NDArray weight, NDArray grad) {
    String name = nameById.getOrDefault(parameterId, parameterId);
    int t = step + 1;
    steps.put(name, t);
    double coef1 = 1.0 - Math.pow(beta1, t);
    double coef2 = 1.0 - Math.pow(beta2, t);
    float lr = (float) schedule.applyAsDouble(step);
    float lrCorrected = (float) (lr * Math.sqrt(coef2) / coef1);
    NDArray mean = means.computeIfAbsent(name, k -> attach(weight.zerosLike(), weight));
    NDArray variance = variances.computeIfAbsent(name, k -> attach(weight.zerosLike(), weight));
    float decay = noDecay.contains(name) ? 0f : weightDecay;
    weight.getNDArrayInternal().adamUpdate(new NDList(weight, grad, mean, variance), new NDList(weight), lr,
        lrCorrected, decay, 1f, -1f, beta1, beta2, epsilon, true, true);
  }

  private static NDArray attach(NDArray state, NDArray weight) {
    state.attach(weight.getManager());
    return state;
  }

  /** The moments by name ({@code exp_avg.NAME}, {@code exp_avg_sq.NAME}), as PyTorch's AdamW state calls them. */
  public Map<String, NDArray> state() {
    Map<String, NDArray> out = new HashMap<>();
    means.forEach((k, v) -> out.put("exp_avg." + k, v));
    variances.forEach((k, v) -> out.put("exp_avg_sq." + k, v));
    return out;
  }

  /** Restores moments and the step from a checkpoint; arrays are copied into the weights' managers. */
  public void restore(Map<String, NDArray> state, int restoredStep, Map<String, NDArray> weightsByName) {
    this.step = restoredStep;
    state.forEach((k, v) -> {
      boolean mean = k.startsWith("exp_avg.");
      String name = k.substring(mean ? "exp_avg.".length() : "exp_avg_sq.".length());
      NDArray weight = weightsByName.get(name);
      if (weight == null) {
        throw new IllegalArgumentException("optimizer state for unknown parameter " + name);
      }
      NDManager m = weight.getManager();
      NDArray copy = OwnedMemory.copy(v, weight.getDevice());
      copy.attach(m);
      (mean ? means : variances).put(name, copy);
    });
  }

  private static final class Builder extends OptimizerBuilder<Builder> {
    @Override
    protected Builder self() {
      return this;
    }
  }
}
