package sweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import sweep.testing.Cli;

/** The top command: help names every subcommand whichever way it is asked for; a subcommand runs alone. */
class CommandLineTest {
  static final List<String> COMMANDS = List.of("run", "plan", "status", "trials", "best", "score", "sync");

  @Test
  void helpListsEverySubcommand() {
    for (String[] args : new String[][] {{"--help"}, {"-h"}, {}}) {
      Cli.Result r = Cli.run(args);
      String text = r.out() + r.err();
      assertThat(r.code()).as(String.join(" ", args)).isZero();
      for (String command : COMMANDS) {
        assertThat(text).as(String.join(" ", args)).containsPattern("(?m)^  " + command + " ");
      }
      assertThat(text).doesNotContain("  trial ");
    }
  }

  @Test
  void subcommandHelpAndVersion() {
    Cli.Result help = Cli.run("best", "--help");
    assertThat(help.code()).isZero();
    assertThat(help.out()).contains("Usage: sweep best").contains("--promote");
    Cli.Result version = Cli.run("status", "--version");
    assertThat(version.code()).isZero();
    assertThat(version.out()).startsWith("sweep ");
  }

  @Test
  void readCommandsOfferTheirOptionsInHelp() {
    for (String command : List.of("status", "trials", "best")) {
      Cli.Result r = Cli.run(command, "--help");
      assertThat(r.code()).as(command).isZero();
      assertThat(r.out()).as(command)
          .contains("Usage: sweep " + command + " [-hV] ").contains("[--json]")
          .contains("[--db=PATH]").contains("[SWEEP]")
          .contains("SQLite database (default: results/sweep.db)")
          .contains("sweep name (default: the most recent sweep in the")
          .contains("-h, --help").contains("-V, --version").contains("--json");
    }
    assertThat(Cli.run("best", "--help").out()).contains("--force").contains("--min-delta=X")
        .contains("--artifacts=LOCATION").contains("--promote");
    assertThat(Cli.run("status", "--help").out()).doesNotContain("--promote");
  }

  @Test
  void aReadCommandOptionWithABadValueIsBadInput() {
    Cli.Result r = Cli.run("best", "--min-delta", "x");
    assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(r.err()).contains("Invalid value for option '--min-delta': 'x' is not a double")
        .contains("Try 'sweep best --help'");
    Cli.Result extra = Cli.run("status", "a", "b");
    assertThat(extra.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(extra.err()).contains("'b'");
  }

  @Test
  void unknownSubcommandIsBadInput() {
    Cli.Result r = Cli.run("bset", "--db", "x.db");
    assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(r.err()).contains("'bset'").contains("sweep --help");
  }

  @Test
  void optionOfAnotherSubcommandIsBadInput() {
    Cli.Result r = Cli.run("status", "--promote");
    assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(r.err()).contains("--promote");
  }
}
