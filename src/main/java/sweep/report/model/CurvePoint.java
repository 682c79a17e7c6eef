package sweep.report.model;

/**
 * A trial's metric at one epoch; {@code value} is null where it was not a finite number (diverged). Written to JSON
 * as a pair, {@code [epoch, value]}: a sweep holds many of them.
 */
@com.fasterxml.jackson.annotation.JsonFormat(shape = com.fasterxml.jackson.annotation.JsonFormat.Shape.ARRAY)
@com.fasterxml.jackson.annotation.JsonPropertyOrder({"epoch", "value"})
public record CurvePoint(int epoch, Double value) {}
