package sweep.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test (class or method) that needs a Debian package installed, e.g. {@code @NeedsPackage("tmux")}. Where the
 * package is missing the test is skipped with a reason that names it; {@code .ci/run} installs every package named
 * this way in {@code src/test} (a test, {@code PackagesInCiTest}, holds its list to them) and fails on any skip, so
 * in CI nothing is left out.
 *
 * <p>Tagged {@value #TAG}: JUnit tags are constants, so the package itself is the annotation's value, not a tag;
 * {@code mvn test -DexcludedGroups=needs-package} runs what needs nothing beyond Java, Maven and python3.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Tag(NeedsPackage.TAG)
@ExtendWith(PackageCondition.class)
public @interface NeedsPackage {
  /** The tag every test that needs a package carries. */
  String TAG = "needs-package";

  /** The Debian package's name, as {@code apt-get install} takes it. */
  String value();
}
