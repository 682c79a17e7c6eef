package sweep.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import sweep.artifact.Retention;

/**
 * A validated sweep spec. {@code hash} is the SHA-256 of the expanded spec as canonical JSON; it goes into every
 * trial's provenance and guards {@code --resume} against a changed spec.
 *
 * @param runCap the number of search trials
 * @param runsDir the local directory trials write to ({@code <runsDir>/<sweep>/<trial>/})
 * @param artifacts where run directories are kept: a local directory or {@code s3://BUCKET/PREFIX}; trial and
 *     best directories are synced to {@code <artifacts>/runs/<sweep>/...} unless runsDir is already there
 * @param earlyTerminate cross-trial pruning of search trials ({@link EarlyTerminate.None} when absent)
 * @param retention what of the run directories stays on local disk ({@link Retention#DEFAULT} when absent)
 * @param secretEnv environment variables whose values are secrets beyond those named as credentials
 *     ({@link sweep.util.Secrets}); empty when absent
 * @param backend where trials run ({@link BackendSpec.Local} when absent); not part of {@code hash}, since where a
 *     trial runs does not change what it computes
 * @param warmStart the earlier sweeps the search learns from ({@link WarmStart#NONE} when absent)
 * @param initialTrials the trials run first ({@link InitialTrials#NONE} when absent)
 */
public record SweepSpec(
    String file,
    String name,
    Method method,
    MetricSpec metric,
    int runCap,
    Map<String, ParamSpec> parameters,
    List<FixedProduct> fixedProducts,
    String task,
    JsonNode taskConfig,
    TrialSettings trial,
    RetrainSettings retrain,
    long seed,
    int maxParallel,
    FailurePolicy failures,
    Devices devices,
    String runsDir,
    String artifacts,
    String hash,
    String canonicalJson,
    EarlyTerminate earlyTerminate,
    Retention retention,
    List<String> secretEnv,
    BackendSpec backend,
    WarmStart warmStart,
    InitialTrials initialTrials) {

  public SweepSpec {
    parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    fixedProducts = List.copyOf(fixedProducts);
    secretEnv = List.copyOf(secretEnv);
  }

  /** Every parameter a trial receives: declared ones plus those derived by fixed products. */
  public Set<String> allParameterNames() {
    Set<String> names = new TreeSet<>(parameters.keySet());
    fixedProducts.forEach(p -> names.add(p.derived()));
    return names;
  }

  public SweepSpec withName(String newName) {
    return new SweepSpec(file, newName, method, metric, runCap, parameters, fixedProducts, task, taskConfig, trial,
        retrain, seed, maxParallel, failures, devices, runsDir, artifacts, hash, canonicalJson, earlyTerminate,
        retention, secretEnv, backend, warmStart, initialTrials);
  }

  /** The same spec warm-started from other sweeps (the {@code --warm-start} option of {@code sweep run}). */
  public SweepSpec withWarmStart(WarmStart w) {
    return new SweepSpec(file, name, method, metric, runCap, parameters, fixedProducts, task, taskConfig, trial,
        retrain, seed, maxParallel, failures, devices, runsDir, artifacts, hash, canonicalJson, earlyTerminate,
        retention, secretEnv, backend, w, initialTrials);
  }

  /** This spec stopping after {@code cap} search trials (hash unchanged: the sweep is the same one). */
  public SweepSpec withRunCap(int cap) {
    return new SweepSpec(file, name, method, metric, cap, parameters, fixedProducts, task, taskConfig, trial,
        retrain, seed, maxParallel, failures, devices, runsDir, artifacts, hash, canonicalJson, earlyTerminate,
        retention, secretEnv, backend, warmStart, initialTrials);
  }
}
