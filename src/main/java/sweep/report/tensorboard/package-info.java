/**
 * TensorBoard's view of a sweep, written by the orchestrator from what it records: one run per trial with a scalar
 * per reported metric per epoch, and the HParams plugin's experiment and sessions ({@link SweepBoard}). Files are
 * TFRecord-framed ({@link TfRecord}) {@code Event} messages compiled by protobuf-java from {@code src/main/protobuf}.
 */
package sweep.report.tensorboard;
