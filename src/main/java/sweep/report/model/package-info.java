/**
 * The report of a sweep: one immutable model ({@link sweep.report.model.SweepReport}) built from the store by
 * {@link sweep.report.model.ReportBuilder}, and the views that render it: the HTML file of {@code sweep report}
 * ({@link sweep.report.model.HtmlReport}), its JSON ({@link sweep.report.model.ReportJson}, also what the HTML file
 * embeds) and the text table of {@code sweep trials} ({@link sweep.report.model.TrialTable}).
 */
package sweep.report.model;
