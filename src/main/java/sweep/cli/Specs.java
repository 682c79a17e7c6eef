package sweep.cli;

import java.nio.file.Path;
import sweep.spec.SpecLoader;
import sweep.spec.SweepSpec;
import sweep.train.TaskType;
import sweep.train.TaskTypes;
import sweep.util.BadInputException;

/** Loads a spec with every registered task type and applies a {@code --name} override. */
final class Specs {
  private Specs() {}

  static SweepSpec load(Context context, Path file, String nameOverride) {
    SweepSpec spec = new SpecLoader(context.env(), TaskTypes.all()).load(file);
    // the spec's secret_env joins the credential variables in everything this process prints, stores and writes
    sweep.util.Secrets.install(sweep.util.Secrets.of(context.env(), spec.secretEnv()));
    if (nameOverride != null) {
      if (!SpecLoader.NAME.matcher(nameOverride).matches()) {
        throw new BadInputException("--name '" + nameOverride
            + "' is not a valid name: use letters, digits, '.', '_' and '-' (at most 100)");
      }
      spec = spec.withName(nameOverride);
    }
    return spec;
  }

  static TaskType task(SweepSpec spec) {
    return TaskTypes.named(spec.task()).orElseThrow();
  }
}
