/**
 * Deformable DETR in DJL, with Hugging Face's {@code DeformableDetrForObjectDetection} names and math: the
 * multi-scale deformable attention core ({@link sweep.train.detr.DeformableSampling}) and the attention module around
 * it ({@link sweep.train.detr.DeformableAttention}) and the whole forward pass, one-stage or two-stage
 * ({@link sweep.train.detr.DeformableDetrNetwork}: timm ResNet backbone, input projections, sine position embeddings,
 * encoder, the encoder's proposals ({@link sweep.train.detr.EncoderProposals}) of a two-stage model, decoder, box
 * refinement, heads) with its configuration ({@link sweep.train.detr.DeformableDetrConfig}) and
 * as a DJL block with Hugging Face's tensor names ({@link sweep.train.detr.DeformableDetrModel}); the Hungarian
 * matcher ({@link sweep.train.detr.HungarianMatcher} over {@link sweep.train.detr.LinearAssignment}) and the loss
 * ({@link sweep.train.detr.DetrLoss}); Hugging Face's image pre-processing ({@link sweep.train.detr.ImageProcessor},
 * {@link sweep.train.detr.DetrBatch}) and post-processing ({@link sweep.train.detr.PostProcessor}); and
 * {@code task: detection} ({@link sweep.train.detr.DetectionTask}) training it on the shared epoch loop.
 */
package sweep.train.detr;
