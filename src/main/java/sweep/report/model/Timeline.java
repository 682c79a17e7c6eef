package sweep.report.model;

import java.time.Instant;
import java.util.List;

/**
 * The trials' attempts on the device slots, from the first start to the last end.
 *
 * @param lanes one per slot: a device's slots are told apart by which attempts overlap, since the store records the
 *     device ({@code cpu}, {@code gpu 0}) an attempt ran on, not the slot's number
 */
public record Timeline(Instant start, Instant end, List<Lane> lanes) {
  public Timeline {
    lanes = List.copyOf(lanes);
  }

  /** One slot: its name ({@code cpu #1}, {@code gpu 0 #1}), the share of the timeline it was busy, its attempts. */
  public record Lane(String name, String device, double utilisation, List<Span> spans) {
    public Lane {
      spans = List.copyOf(spans);
    }
  }

  /**
   * One attempt of a trial on a slot.
   *
   * @param outcome how it ended: {@code complete}, {@code pruned}, {@code failed}, {@code retried} (requeued),
   *     {@code out-of-memory} (requeued with a smaller trial), {@code heartbeat-killed} (killed as hung, then
   *     retried or failed), {@code running}
   * @param note why the attempt was requeued, or (when it did not finish) why the sweep stopped; null for an
   *     attempt that ended its trial, whose reason is the trial's
   */
  public record Span(String trial, String phase, int attempt, Instant start, Instant end, String outcome,
      String note) {}
}
