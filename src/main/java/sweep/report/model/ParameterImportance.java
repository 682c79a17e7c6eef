package sweep.report.model;

/** How much of the metric's variance a parameter explains (fANOVA), from 0 to 1. */
public record ParameterImportance(String parameter, double importance) {}
