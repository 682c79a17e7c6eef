package sweep.train;

import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/** The task types on the class path. */
public final class TaskTypes {
  private TaskTypes() {}

  public static List<TaskType> all() {
    return ServiceLoader.load(TaskType.class).stream().map(ServiceLoader.Provider::get).toList();
  }

  public static Optional<TaskType> named(String name) {
    return all().stream().filter(t -> t.name().equals(name)).findFirst();
  }
}
