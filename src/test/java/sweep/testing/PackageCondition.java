package sweep.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Runs a {@link NeedsPackage} test only where its package is installed: as {@code dpkg-query} reports it, or when a
 * program of the package's name is on the PATH (a machine without dpkg, a program built from source).
 */
final class PackageCondition implements ExecutionCondition {
  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    Optional<NeedsPackage> needs = context.getElement()
        .flatMap(e -> AnnotationSupport.findAnnotation(e, NeedsPackage.class));
    if (needs.isEmpty()) {
      return ConditionEvaluationResult.enabled("needs no package");
    }
    return evaluate(needs.get().value());
  }

  /** Enabled when the package {@code name} is installed; else disabled, the reason naming it. */
  static ConditionEvaluationResult evaluate(String name) {
    return installed(name) ? ConditionEvaluationResult.enabled("package " + name + " is installed")
        : ConditionEvaluationResult.disabled("needs the Debian package " + name + " (apt-get install -y " + name
            + "; `bash .ci/run` installs it)");
  }

  /** Whether the Debian package {@code name} is installed. */
  static boolean installed(String name) {
    return run("dpkg-query", "-W", "-f=${Status}", name).map(s -> s.endsWith(" ok installed")).orElse(false)
        || run("sh", "-c", "command -v \"$0\"", name).isPresent();
  }

  /** The command's output when it exits 0; empty when it fails or cannot be run. */
  private static Optional<String> run(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 ? Optional.of(out) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
