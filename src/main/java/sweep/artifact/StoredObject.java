package sweep.artifact;

/** An object in an {@link ArtifactStore}: its key and size in bytes. */
public record StoredObject(String key, long size) {}
