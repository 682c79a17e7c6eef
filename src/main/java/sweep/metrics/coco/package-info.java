/**
 * COCO box evaluation exactly as pycocotools' {@code COCOeval} computes it for {@code iouType='bbox'}
 * ({@link sweep.metrics.coco.CocoEval}), the COCO annotation and result files it reads
 * ({@link sweep.metrics.coco.CocoFiles}), and the twelve summary numbers under torchmetrics' names
 * ({@link sweep.metrics.coco.CocoSummary}).
 */
package sweep.metrics.coco;
