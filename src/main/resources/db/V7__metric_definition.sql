-- How a sweep's metric is measured (sweep.spec.MetricDefinition as JSON: source, evaluator, max_dets), so that a
-- promotion never compares numbers measured differently. Null for sweeps made before; set when they are resumed.
ALTER TABLE sweeps ADD COLUMN metric_definition TEXT;
