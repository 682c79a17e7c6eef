package sweep.schedule;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import sweep.spec.Devices;

/**
 * The places trials run: groups of {@code gpus_per_trial} GPUs, or CPU slots sharing the cores. A trial takes a
 * free slot and gives it back when it ends, so a freed device goes to the next pending trial at once.
 */
final class DeviceSlots {
  /**
   * One place to run a trial: its GPU indices (empty for a CPU slot), or a cluster job's place ({@code job}: what it
   * asks the cluster for, which places it).
   */
  record Slot(List<Integer> gpus, boolean hideGpus, String job) {
    Slot(List<Integer> gpus, boolean hideGpus) {
      this(gpus, hideGpus, null);
    }

    String describe() {
      return job != null ? job
          : gpus.isEmpty() ? "cpu" : "gpu " + String.join(",", gpus.stream().map(String::valueOf).toList());
    }

    /** CUDA_VISIBLE_DEVICES for the trial, or null to leave the environment alone. */
    String visibleDevices() {
      return !gpus.isEmpty() ? String.join(",", gpus.stream().map(String::valueOf).toList()) : hideGpus ? "" : null;
    }
  }

  private final Deque<Slot> free = new ArrayDeque<>();
  private final int size;
  private final boolean gpu;

  private DeviceSlots(List<Slot> slots, boolean gpu) {
    free.addAll(slots);
    this.size = slots.size();
    this.gpu = gpu;
  }

  static DeviceSlots plan(Devices devices, int maxParallel) {
    List<Integer> gpus = switch (devices.mode()) {
      case "list" -> devices.gpus();
      case "auto" -> detectGpus();
      default -> List.of();
    };
    List<Slot> slots = new ArrayList<>();
    for (int i = 0; i + devices.gpusPerTrial() <= gpus.size() && slots.size() < maxParallel;
         i += devices.gpusPerTrial()) {
      slots.add(new Slot(gpus.subList(i, i + devices.gpusPerTrial()), false));
    }
    if (slots.isEmpty()) {
      for (int i = 0; i < maxParallel; i++) {
        slots.add(new Slot(List.of(), devices.mode().equals("cpu")));
      }
      return new DeviceSlots(slots, false);
    }
    return new DeviceSlots(slots, true);
  }

  /**
   * Slots for a cluster's jobs: {@code maxParallel} of them, since the cluster, not this machine, has the GPUs
   * ({@code gpusPerTrial} per job, 0 for none) and places each job.
   */
  static DeviceSlots jobs(int maxParallel, int gpusPerTrial) {
    List<Slot> slots = new ArrayList<>();
    for (int i = 0; i < maxParallel; i++) {
      slots.add(new Slot(List.of(), false, gpusPerTrial == 0 ? "a node" : gpusPerTrial + " GPU(s) of a node"));
    }
    return new DeviceSlots(slots, gpusPerTrial > 0);
  }

  /** GPU indices nvidia-smi lists, or none when it is missing or fails. */
  static List<Integer> detectGpus() {
    try {
      Process p = new ProcessBuilder("nvidia-smi", "--query-gpu=index", "--format=csv,noheader")
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        return List.of();
      }
      List<Integer> gpus = new ArrayList<>();
      for (String line : out.split("\\R")) {
        if (line.trim().matches("\\d+")) {
          gpus.add(Integer.parseInt(line.trim()));
        }
      }
      return gpus;
    } catch (java.io.IOException e) {
      return List.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of();
    }
  }

  int size() {
    return size;
  }

  boolean gpu() {
    return gpu;
  }

  Slot acquire() {
    Slot s = free.poll();
    if (s == null) {
      throw new IllegalStateException("no free device slot");
    }
    return s;
  }

  void release(Slot slot) {
    free.addFirst(slot);
  }

  String describe() {
    return size + (gpu ? " GPU slot(s)" : " CPU slot(s)");
  }
}
