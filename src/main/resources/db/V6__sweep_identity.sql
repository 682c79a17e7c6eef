-- A sweep's identity, which its run directory and its artifact store carry (sweep.artifact.RunIdentity), so a sweep
-- of the same name in another database cannot write over it; and the SHA-256 of the best checkpoint's manifest as
-- the sweep synced it, which promotion checks the store's files against. Sweeps made before get an identity here.
ALTER TABLE sweeps ADD COLUMN uid TEXT;
ALTER TABLE sweeps ADD COLUMN best_manifest_sha256 TEXT;
UPDATE sweeps SET uid = lower(hex(randomblob(16))) WHERE uid IS NULL;
