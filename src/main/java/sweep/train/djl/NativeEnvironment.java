package sweep.train.djl;

import java.util.Map;

/**
 * Environment variables that a process running DJL's PyTorch engine on the CPU needs for correct results, read by the
 * native libraries once when they load (so they are set for the trial processes sweep starts, by the {@code sweep}
 * launcher, and by the build for its tests; a JVM cannot set them for itself).
 *
 * <p>{@code ONEDNN_MAX_CPU_ISA=AVX2}: oneDNN's AVX-512 convolution kernels in the libtorch that DJL loads give the
 * gradient with respect to a convolution's input wrong values, different from run to run and sometimes NaN (seen on
 * an AVX-512 AMD EPYC with a 3x3 convolution: 3 of 12 identical backward passes differed, by up to 0.58); every
 * layer below such a convolution then trains on a wrong gradient. With oneDNN held to AVX2 the same passes agree
 * exactly and match PyTorch within 1e-5. A value the user sets is kept. The variable changes nothing on a GPU or on
 * a CPU without AVX-512.
 */
public final class NativeEnvironment {
  /** oneDNN's cap on the instruction set its kernels use. */
  public static final String ONEDNN_ISA = "ONEDNN_MAX_CPU_ISA";

  private NativeEnvironment() {}

  /** The variables to add to a child process's environment, given the environment it inherits. */
  public static Map<String, String> defaults(Map<String, String> inherited) {
    return inherited.containsKey(ONEDNN_ISA) ? Map.of() : Map.of(ONEDNN_ISA, "AVX2");
  }
}
