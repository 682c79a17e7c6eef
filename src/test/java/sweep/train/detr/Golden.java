package sweep.train.detr;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Golden tensors written by the PyTorch reference as nested JSON lists, read as float32 arrays and compared. */
final class Golden {
  private Golden() {}

  static NDArray array(NDManager m, JsonNode nested) {
    List<Double> flat = new ArrayList<>();
    flatten(nested, flat);
    List<Long> shape = new ArrayList<>();
    for (JsonNode n = nested; n.isArray(); n = n.get(0)) {
      shape.add((long) n.size());
    }
    float[] data = new float[flat.size()];
    for (int i = 0; i < data.length; i++) {
      data[i] = flat.get(i).floatValue();
    }
    return m.create(data, new Shape(shape.stream().mapToLong(Long::longValue).toArray()));
  }

  /** The largest absolute difference between {@code actual} and {@code expected} is below {@code tolerance}. */
  static void assertClose(String what, NDArray actual, JsonNode expected, double tolerance) {
    float[] a = actual.toFloatArray();
    List<Double> e = new ArrayList<>();
    flatten(expected, e);
    assertThat(a).as(what + " size").hasSize(e.size());
    double worst = 0;
    for (int i = 0; i < a.length; i++) {
      worst = Math.max(worst, Math.abs(a[i] - e.get(i)));
    }
    assertThat(worst).as(what + ": largest difference").isLessThan(tolerance);
  }

  static void flatten(JsonNode n, List<Double> out) {
    if (n.isArray()) {
      n.forEach(c -> flatten(c, out));
    } else {
      out.add(n.doubleValue());
    }
  }
}
