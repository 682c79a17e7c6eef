package sweep.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import sweep.store.SqliteStore;
import sweep.store.Store;
import sweep.store.SweepRecord;

/** A command that reads one sweep from an existing database: {@code [SWEEP] [--db PATH] [--json]}. */
abstract class ReadCommand implements Callable<Integer> {
  @ParentCommand SweepCommand parent;
  @Spec picocli.CommandLine.Model.CommandSpec command;
  @Mixin DbOption db;
  @Mixin SweepArgument sweepArg;

  @Option(names = "--json", description = "print JSON")
  boolean json;

  @Override
  public final Integer call() {
    try (Store store = SqliteStore.openExisting(db.db, parent.context.clock())) {
      show(store, sweepArg.resolve(store), command.commandLine().getOut());
      return Main.OK;
    }
  }

  /** Prints what this command shows of {@code sweep}, as JSON when {@link #json} is set. */
  abstract void show(Store store, SweepRecord sweep, PrintWriter out);
}
