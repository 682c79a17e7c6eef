package sweep.spec;

import java.util.List;

/**
 * Where trials run: {@code cpu}, {@code auto} (the GPUs nvidia-smi lists, else CPU) or a list of GPU indices;
 * each trial gets {@code gpusPerTrial} of them (data parallel over several, as the RF-DETR recipe does).
 */
public record Devices(String mode, List<Integer> gpus, int gpusPerTrial) {
  public static final Devices CPU = new Devices("cpu", List.of(), 1);

  public Devices {
    gpus = List.copyOf(gpus);
  }
}
