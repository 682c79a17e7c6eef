/**
 * Deformable DETR in DJL, with Hugging Face's {@code DeformableDetrForObjectDetection} names and math: so far the
 * multi-scale deformable attention core ({@link sweep.train.detr.DeformableSampling}) and the attention module around
 * it ({@link sweep.train.detr.DeformableAttention}).
 */
package sweep.train.detr;
