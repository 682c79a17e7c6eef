package sweep.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import sweep.report.Tables;
import sweep.search.Sampler;
import sweep.search.Samplers;
import sweep.search.SearchSpace;
import sweep.search.Seeds;
import sweep.spec.SweepSpec;
import sweep.util.BadInputException;
import sweep.util.Json;

/** {@code sweep plan SPEC}: the parameters the search would try, without training anything. */
@Command(name = "plan", description = "Show the parameters the search would try; trains nothing.")
final class PlanCommand implements Callable<Integer> {
  @ParentCommand SweepCommand parent;
  @Spec picocli.CommandLine.Model.CommandSpec command;

  @Parameters(index = "0", paramLabel = "SPEC", description = "the sweep spec (YAML)")
  Path specFile;

  /** How many trials a spec without a cap (a W&B file with neither count nor run_cap) shows by default. */
  static final int UNCAPPED_SHOWN = 20;

  @Option(names = "--trials", paramLabel = "N", description = "how many trials to show (default: run_cap, or "
      + UNCAPPED_SHOWN + " for a sweep that runs until stopped)")
  Integer trials;

  @Option(names = "--json", description = "print JSON")
  boolean json;

  @Override
  public Integer call() {
    SweepSpec spec = Specs.load(parent.context, specFile, null);
    boolean uncapped = trials == null && spec.runCap() >= sweep.spec.wandb.WandbFile.UNCAPPED;
    int n = trials != null ? trials : uncapped ? UNCAPPED_SHOWN : spec.runCap();
    if (uncapped) {
      command.commandLine().getErr().println("sweep plan: " + specFile + " sets no count or run_cap, so the sweep"
          + " runs until stopped; showing its first " + n + " trials (--trials N for more)");
    }
    if (n < 1) {
      throw new BadInputException("--trials must be at least 1, got " + n);
    }
    PrintWriter out = command.commandLine().getOut();
    if (json) {
      out.println(Json.pretty(plan(spec, n)));
    } else {
      out.print(table(spec, n));
    }
    return Main.OK;
  }

  /** Trials 0..n-1 as the sampler proposes them before any result is known (capped at the grid's size). */
  static List<Map<String, Object>> plan(SweepSpec spec, int n) {
    Sampler sampler = Samplers.forSpec(spec);
    SearchSpace space = new SearchSpace(spec);
    int count = Math.min(n, sampler.capacity().orElse(Integer.MAX_VALUE));
    List<Map<String, Object>> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("trial", i);
      row.put("seed", Seeds.trial(spec.seed(), i));
      row.put("params", space.complete(sampler.propose(i, List.of())));
      out.add(row);
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  static String table(SweepSpec spec, int n) {
    List<Map<String, Object>> plan = plan(spec, n);
    List<String> names = new ArrayList<>(spec.allParameterNames());
    List<String> header = new ArrayList<>();
    header.add("trial");
    header.addAll(names);
    List<List<String>> rows = new ArrayList<>();
    for (Map<String, Object> p : plan) {
      List<String> row = new ArrayList<>();
      row.add("#" + p.get("trial"));
      Map<String, Object> params = (Map<String, Object>) p.get("params");
      for (String name : names) {
        Object v = params.get(name);
        row.add(v instanceof Double d ? Tables.number(d) : String.valueOf(v));
      }
      rows.add(row);
    }
    return Tables.render(header, rows);
  }
}
