/**
 * Deformable DETR in DJL, with Hugging Face's {@code DeformableDetrForObjectDetection} names and math: so far the
 * multi-scale deformable attention core ({@link sweep.train.detr.DeformableSampling}).
 */
package sweep.train.detr;
