package sweep.testing;

import sweep.store.TrialLocation;

/** Trial locations for store tests. */
public final class Locations {
  private Locations() {}

  /** A local process known by its pid, with a handle naming it. */
  public static TrialLocation pid(long pid) {
    return new TrialLocation("local", "test-host", "{\"pid\":" + pid + ",\"token\":\"t" + pid + "\"}", pid);
  }
}
