package sweep.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EventCodecTest {

  @Test
  void everyEventRoundTrips() {
    for (TrialEvent e : new TrialEvent[] {
        new TrialEvent.Started(42, "17.0.15", "Linux amd64", Map.of("picocli", "4.7.6"), "abc"),
        new TrialEvent.Started(42, "17.0.15", "Linux amd64", Map.of("djl", "0.34.0"), null, 8),
        new TrialEvent.Epoch(3, Map.of("val_f1", 0.5, "train_loss", Double.NaN, "x", Double.NEGATIVE_INFINITY),
            "checkpoint-3"),
        new TrialEvent.Epoch(1, Map.of("val_f1", 0.25), null),
        new TrialEvent.Epoch(2, Map.of("val_f1", 0.5), "checkpoint-2", 1234L),
        new TrialEvent.Checkpoint(2, "checkpoint-2"),
        new TrialEvent.Heartbeat(),
        new TrialEvent.Progress(),
        new TrialEvent.Finished("finished")}) {
      String line = EventCodec.encode(e);
      assertThat(line).doesNotContain("\n");
      assertThat(EventCodec.decode(line)).contains(e);
    }
  }

  @Test
  void epochEventsCarryTheOptimizerStepAndOldOnesWithoutItStillDecode() {
    assertThat(EventCodec.encode(new TrialEvent.Epoch(2, Map.of("val_f1", 0.5), null, 640L))).contains("\"step\":640");
    assertThat(EventCodec.decode("{\"event\":\"epoch\",\"epoch\":2,\"metrics\":{\"val_f1\":0.5},"
        + "\"checkpoint\":\"checkpoint-2\"}"))
        .contains(new TrialEvent.Epoch(2, Map.of("val_f1", 0.5), "checkpoint-2", null));
  }

  @Test
  void startedEventsCarryTheThreadsAndOldOnesWithoutThemStillDecode() {
    assertThat(EventCodec.encode(new TrialEvent.Started(1, "17", "Linux", Map.of(), null, 3))).contains("\"threads\":3");
    assertThat(EventCodec.decode("{\"event\":\"started\",\"pid\":1,\"java\":\"17\",\"os\":\"Linux\","
        + "\"data_hash\":null,\"libraries\":{}}")).contains(new TrialEvent.Started(1, "17", "Linux", Map.of(), null));
  }

  @Test
  void otherLinesAreNotEvents() {
    assertThat(EventCodec.decode("Epoch 1/3: loss 0.5")).isEmpty();
    assertThat(EventCodec.decode("{\"epoch\": 1}")).isEmpty();
    assertThat(EventCodec.decode("{\"event\": \"epoch\", broken")).isEmpty();
    assertThat(EventCodec.decode("{\"event\": \"something-new\"}")).isEmpty();
  }

  @Test
  void pythonStyleNonFiniteNumbersAreRead() throws Exception {
    var node = EventCodec.LENIENT.readTree("{\"epoch\": 2, \"val_f1\": NaN, \"loss\": Infinity, \"m\": \"-inf\"}");
    Map<String, Double> m = EventCodec.metrics(node);
    assertThat(m.get("val_f1")).isNaN();
    assertThat(m.get("loss")).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(m.get("m")).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(m.get("epoch")).isEqualTo(2.0);
  }
}
