package sweep.util;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/** Versions of sweep and the libraries it was built with, for provenance. */
public final class BuildInfo {
  private static final Map<String, String> VERSIONS = load();

  private BuildInfo() {}

  private static Map<String, String> load() {
    Properties p = new Properties();
    try (InputStream in = BuildInfo.class.getClassLoader().getResourceAsStream("sweep-build.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // versions stay unknown; provenance says so
    }
    Map<String, String> out = new TreeMap<>();
    p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
    return Map.copyOf(out);
  }

  public static String version() {
    return VERSIONS.getOrDefault("sweep", "unknown");
  }

  /** Library name to version, sweep itself excluded. */
  public static Map<String, String> libraries() {
    Map<String, String> out = new TreeMap<>(VERSIONS);
    out.remove("sweep");
    return out;
  }

  public static String javaVersion() {
    return System.getProperty("java.vendor") + " " + System.getProperty("java.runtime.version");
  }

  public static String os() {
    return System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch");
  }
}
