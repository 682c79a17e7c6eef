/**
 * Deformable DETR in DJL, with Hugging Face's {@code DeformableDetrForObjectDetection} names and math: so far the
 * multi-scale deformable attention core ({@link sweep.train.detr.DeformableSampling}) and the attention module around
 * it ({@link sweep.train.detr.DeformableAttention}) and the whole one-stage forward pass
 * ({@link sweep.train.detr.DeformableDetrNetwork}: timm ResNet backbone, input projections, sine position embeddings,
 * encoder, decoder, box refinement, heads) with its configuration ({@link sweep.train.detr.DeformableDetrConfig}).
 */
package sweep.train.detr;
