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
