package sweep.store;

import java.time.Instant;

/** Something that happened in a sweep, in order: trial started, requeued, failed, phase changed... */
public record EventRecord(long id, Long trialId, Instant at, String type, String message) {}
