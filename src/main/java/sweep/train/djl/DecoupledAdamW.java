package sweep.train.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.optimizer.Optimizer;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntToDoubleFunction;

/**
 * AdamW as the Hugging Face Trainer and PyTorch configure it: parameter groups, each with its own learning-rate
 * schedule of the optimizer step and its own decoupled weight decay (the Trainer puts biases and norm weights in a
 * group without decay; a detector gives its backbone a lower rate; DJL's AdamW has one rate and decays all), and
 * its state (first and second moments, step) exposed so a checkpoint can save it and a resumed trial restore it
 * (DJL's optimizers keep theirs private). The update itself is DJL's fused {@code adamUpdate} kernel.
 */
public final class DecoupledAdamW extends Optimizer {
  private final Function<String, Group> groupOf;
  private final Group first;
  private final float beta1;
  private final float beta2;
  private final float epsilon;
  private final Map<String, String> nameById;
  private final Map<String, NDArray> means = new HashMap<>();
  private final Map<String, NDArray> variances = new HashMap<>();
  private final Map<String, Integer> steps = new HashMap<>();
  private int step;

  /**
   * A parameter group: the learning rate for optimizer step k (0-based) and the weight decay of its parameters.
   *
   * @param name names the group in logs
   */
  public record Group(String name, IntToDoubleFunction schedule, double weightDecay) {}

  /**
   * Two groups as the Hugging Face Trainer makes them: {@code noDecay} without weight decay, every other parameter
   * with {@code weightDecay}, both on {@code schedule}.
   *
   * @param schedule learning rate for optimizer step k (0-based)
   * @param nameById parameter id to its name, for the state's names
   * @param noDecay names that take no weight decay
   */
  public DecoupledAdamW(IntToDoubleFunction schedule, double weightDecay, Map<String, String> nameById,
      Set<String> noDecay) {
    this(nameById, byDecay(schedule, weightDecay, Set.copyOf(noDecay)));
  }

  private static Function<String, Group> byDecay(IntToDoubleFunction schedule, double weightDecay,
      Set<String> noDecay) {
    Group decayed = new Group("decay", schedule, weightDecay);
    Group plain = new Group("no_decay", schedule, 0);
    return name -> noDecay.contains(name) ? plain : decayed;
  }

  /**
   * @param nameById parameter id to its name, for the state's names and the groups
   * @param groupOf the group of each parameter, by name; the first parameter's group gives {@link #currentRate}
   */
  public DecoupledAdamW(Map<String, String> nameById, Function<String, Group> groupOf) {
    super(new Builder());
    this.groupOf = groupOf;
    this.first = groupOf.apply(nameById.values().stream().sorted().findFirst().orElse(""));
    this.beta1 = 0.9f;
    this.beta2 = 0.999f;
    this.epsilon = 1e-8f;
    this.nameById = Map.copyOf(nameById);
  }

  /** Optimizer steps taken so far (the scheduler's step). */
  public int step() {
    return step;
  }

  /** The learning rate the next step uses (in the group of the first parameter by name). */
  public double currentRate() {
    return first.schedule().applyAsDouble(step);
  }

  /** The learning rate the next step uses in {@code group}. */
  public double currentRate(Group group) {
    return group.schedule().applyAsDouble(step);
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
    Group group = groupOf.apply(name);
    float lr = (float) group.schedule().applyAsDouble(step);
    float lrCorrected = (float) (lr * Math.sqrt(coef2) / coef1);
    NDArray mean = means.computeIfAbsent(name, k -> attach(weight.zerosLike(), weight));
    NDArray variance = variances.computeIfAbsent(name, k -> attach(weight.zerosLike(), weight));
    float decay = (float) group.weightDecay();
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
