package sweep.report.model;

/**
 * One search trial in the optimization history: its best value, and the best value of it and every trial numbered
 * before it (under the sweep's goal).
 */
public record HistoryPoint(int trial, String label, String state, double value, double best) {}
