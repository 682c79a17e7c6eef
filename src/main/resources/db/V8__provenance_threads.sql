-- The CPU threads a trial was given (SWEEP_CPU_THREADS), so that `sweep reproduce` runs it again on as many: a DJL
-- task's floating-point sums depend on them. Null for trials recorded before.
ALTER TABLE provenance ADD COLUMN cpu_threads INTEGER;
