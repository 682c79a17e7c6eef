package sweep.cli;

import picocli.CommandLine.IVersionProvider;
import sweep.util.BuildInfo;

final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    return new String[] {"sweep " + BuildInfo.version(), "Java " + BuildInfo.javaVersion()};
  }
}
