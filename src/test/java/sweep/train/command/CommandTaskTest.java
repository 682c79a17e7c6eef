package sweep.train.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import sweep.spec.SpecLoader;
import sweep.spec.SweepSpec;
import sweep.train.TaskTypes;

class CommandTaskTest {

  @Test
  void placeholdersAreFilledAndEnvironmentIsExpandedAtLoad() {
    String yaml = """
        task: command
        command: [python3, "${SCRIPT:-train.py}", --lr, "${learning_rate}", "--out=${trial_dir}/x", "$${HOME}"]
        metric: {name: val_f1, goal: maximize}
        run_cap: 1
        parameters:
          learning_rate: {value: 0.001}
          batch: {value: 8}
        trial: {epochs: 2}
        """;
    SweepSpec spec = new SpecLoader(Map.of("SCRIPT", "fit.py"), TaskTypes.all()).parse("c.yaml", yaml);
    List<String> line = Placeholders.commandLine(spec.taskConfig(),
        Map.of("learning_rate", "0.001", "trial_dir", "/runs/t"));
    assertThat(line).containsExactly("python3", "fit.py", "--lr", "0.001", "--out=/runs/t/x", "${HOME}");
  }
}
