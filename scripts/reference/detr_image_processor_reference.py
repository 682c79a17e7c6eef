#!/usr/bin/python3
"""A line-by-line transcription of Hugging Face's Deformable DETR image processing (transformers'
DeformableDetrImageProcessor with its defaults, the PIL/NumPy path: image_processing_pil_deformable_detr.py and
image_transforms.py of transformers 5, the same math as the 4.4x image_processing_deformable_detr.py), the reference
sweep's Java ImageProcessor, PilBilinear and PostProcessor are checked against. Needs Debian's python3-pil (9.4),
python3-numpy and python3-torch (/usr/bin/python3).

Pre-processing for COCO detection annotations: images opened with PIL and convert("RGB"), boxes [x, y, w, h] made
corners and clipped to the image, crowd and degenerate boxes dropped, the image resized with PIL's BILINEAR filter
to {shortest_edge, longest_edge} (get_size_with_aspect_ratio) and the boxes scaled with it, rescaled by 1/255 and
normalised with ImageNet's mean and std, boxes made (cx, cy, w, h) relative to the resized image, then the batch padded
with zeros at the bottom and right to its largest height and width, with a pixel mask, and the relative boxes scaled
again to the padded size (_update_annotation_for_padded_image, since do_convert_annotations is on by default).
Class labels are the position of the category id among the sorted category ids (Hugging Face passes category_id
through unchanged; sweep numbers the categories).

Post-processing: post_process_object_detection (sigmoid, top-k over queries x classes, label = index % classes, box =
index // classes, centre to corners, scaled to the target sizes, threshold). torch.topk leaves the order of ties (and
which of tied values make the cut) unspecified; this transcription ranks with a stable descending sort instead, so
ties keep ascending flat index (query * classes + class) order, and records torch.topk's own indices beside it.

usage: detr_image_processor_reference.py resize OUT.json
         a seeded random RGB image (uint8) and PIL's BILINEAR resize of it to several sizes: down, up, mixed, the
         same size, 1x1
       detr_image_processor_reference.py preprocess OUT.json
         writes seeded random tiny PNG images (RGB, L, RGBA, P, LA) into src/test/resources/detr/images/ and, for
         two batches of them with COCO annotations (a box across the edge, zero-size, crowd and outside boxes), the
         expected pixel_values, pixel_mask, labels (class indices and boxes), original and resized sizes
       detr_image_processor_reference.py postprocess OUT.json
         seeded random logits (with ties and saturated values) and boxes, target sizes, and the detections for
         several thresholds and top_k
"""
import argparse
import json
import pathlib

import numpy as np
import torch
from PIL import Image

IMAGENET_DEFAULT_MEAN = [0.485, 0.456, 0.406]
IMAGENET_DEFAULT_STD = [0.229, 0.224, 0.225]
ROOT = pathlib.Path(__file__).resolve().parents[2]
IMAGES = ROOT / "src/test/resources/detr/images"


def f32(array):
    """Nested lists of the float32 values, each written as the shortest decimal that reads back as that float32."""
    array = np.asarray(array, dtype=np.float32)
    if array.ndim == 0:
        return float(np.format_float_positional(array, unique=True, trim="-"))
    return [f32(a) for a in array]


# --- image_transforms.py ---

def get_size_with_aspect_ratio(image_size, size, max_size=None):
    height, width = image_size
    raw_size = None
    if max_size is not None:
        min_original_size = float(min((height, width)))
        max_original_size = float(max((height, width)))
        if max_original_size / min_original_size * size > max_size:
            raw_size = max_size * min_original_size / max_original_size
            size = int(round(raw_size))

    if (height <= width and height == size) or (width <= height and width == size):
        oh, ow = height, width
    elif width < height:
        ow = size
        if max_size is not None and raw_size is not None:
            oh = int(raw_size * height / width)
        else:
            oh = int(size * height / width)
    else:
        oh = size
        if max_size is not None and raw_size is not None:
            ow = int(raw_size * width / height)
        else:
            ow = int(size * width / height)
    return (oh, ow)


def resize(image, size):
    """image_transforms.resize for a channels-first uint8 image: PIL, resample BILINEAR, no rescaling (uint8)."""
    height, width = size
    pil = Image.fromarray(np.ascontiguousarray(image.transpose(1, 2, 0)))
    resized = np.array(pil.resize((width, height), resample=Image.BILINEAR, reducing_gap=None))
    return resized.transpose(2, 0, 1)


def rescale(image, scale):
    rescaled_image = image.astype(np.float64) * scale
    return rescaled_image.astype(np.float32)


def normalize(image, mean, std):
    if not np.issubdtype(image.dtype, np.floating):
        image = image.astype(np.float32)
    mean = np.array(mean, dtype=image.dtype)
    std = np.array(std, dtype=image.dtype)
    return ((image.T - mean) / std).T


def corners_to_center_format(bboxes_corners):
    top_left_x, top_left_y, bottom_right_x, bottom_right_y = bboxes_corners.T
    return np.stack(
        [
            (top_left_x + bottom_right_x) / 2,
            (top_left_y + bottom_right_y) / 2,
            (bottom_right_x - top_left_x),
            (bottom_right_y - top_left_y),
        ],
        axis=-1,
    )


def center_to_corners_format_torch(bboxes_center):
    center_x, center_y, width, height = bboxes_center.unbind(-1)
    return torch.stack(
        [(center_x - 0.5 * width), (center_y - 0.5 * height), (center_x + 0.5 * width), (center_y + 0.5 * height)],
        dim=-1,
    )


# --- image_processing_pil_deformable_detr.py ---

def prepare_coco_detection_annotation(image, target):
    image_height, image_width = image.shape[-2:]
    image_id = np.asarray([target["image_id"]], dtype=np.int64)
    annotations = target["annotations"]
    annotations = [obj for obj in annotations if "iscrowd" not in obj or obj["iscrowd"] == 0]
    classes = np.asarray([obj["category_id"] for obj in annotations], dtype=np.int64)
    area = np.asarray([obj["area"] for obj in annotations], dtype=np.float32)
    iscrowd = np.asarray([obj.get("iscrowd", 0) for obj in annotations], dtype=np.int64)
    boxes = [obj["bbox"] for obj in annotations]
    # guard against no boxes via resizing
    boxes = np.asarray(boxes, dtype=np.float32).reshape(-1, 4)
    boxes[:, 2:] += boxes[:, :2]
    boxes[:, 0::2] = boxes[:, 0::2].clip(min=0, max=image_width)
    boxes[:, 1::2] = boxes[:, 1::2].clip(min=0, max=image_height)
    keep = (boxes[:, 3] > boxes[:, 1]) & (boxes[:, 2] > boxes[:, 0])
    return {
        "image_id": image_id,
        "class_labels": classes[keep],
        "boxes": boxes[keep],
        "area": area[keep],
        "iscrowd": iscrowd[keep],
        "orig_size": np.asarray([int(image_height), int(image_width)], dtype=np.int64),
    }


def processor_resize(image, size):
    new_size = get_size_with_aspect_ratio(image.shape[-2:], size["shortest_edge"], size["longest_edge"])
    return resize(image, new_size)


def resize_annotation(annotation, orig_size, target_size):
    ratio_height, ratio_width = tuple(float(s) / float(s_orig) for s, s_orig in zip(target_size, orig_size))
    new_annotation = {"size": target_size}
    for key, value in annotation.items():
        if key == "boxes":
            new_annotation["boxes"] = value * np.asarray(
                [ratio_width, ratio_height, ratio_width, ratio_height], dtype=np.float32)
        elif key == "area":
            new_annotation["area"] = value * (ratio_width * ratio_height)
        elif key == "size":
            new_annotation["size"] = target_size
        else:
            new_annotation[key] = value
    return new_annotation


def normalize_annotation(annotation, image_size):
    image_height, image_width = image_size
    norm_annotation = {}
    for key, value in annotation.items():
        if key == "boxes":
            boxes = corners_to_center_format(value)
            boxes /= np.asarray([image_width, image_height, image_width, image_height], dtype=np.float32)
            norm_annotation[key] = boxes
        else:
            norm_annotation[key] = value
    return norm_annotation


def update_annotation_for_padded_image(annotation, input_image_size, output_image_size, update_bboxes):
    new_annotation = {"size": output_image_size}
    for key, value in annotation.items():
        if key == "boxes" and update_bboxes:
            boxes = value
            boxes *= np.asarray(
                [
                    input_image_size[1] / output_image_size[1],
                    input_image_size[0] / output_image_size[0],
                    input_image_size[1] / output_image_size[1],
                    input_image_size[0] / output_image_size[0],
                ]
            )
            new_annotation["boxes"] = boxes
        elif key == "size":
            new_annotation["size"] = output_image_size
        else:
            new_annotation[key] = value
    return new_annotation


def pad(image, padded_size, annotation, update_bboxes=True):
    input_height, input_width = image.shape[-2:]
    output_height, output_width = padded_size
    padding_bottom = output_height - input_height
    padding_right = output_width - input_width
    if (input_height, input_width) != padded_size:
        image = np.pad(image, ((0, 0), (0, padding_bottom), (0, padding_right)), mode="constant", constant_values=0)
        if annotation is not None:
            annotation = update_annotation_for_padded_image(
                annotation, (input_height, input_width), (output_height, output_width), update_bboxes)
    pixel_mask = np.zeros(padded_size, dtype=np.int64)
    pixel_mask[:input_height, :input_width] = 1
    return image, pixel_mask, annotation


def preprocess(images, annotations, size, rescale_factor=1 / 255, do_convert_annotations=True):
    """_preprocess with the defaults: resize, rescale, normalize, convert annotations, pad to the batch's largest."""
    processed_images, processed_annotations = [], []
    for image, annotation in zip(images, annotations):
        annotation = prepare_coco_detection_annotation(image, annotation)
        resized_image = processor_resize(image, size)
        annotation = resize_annotation(annotation, orig_size=image.shape[-2:], target_size=resized_image.shape[-2:])
        image = resized_image
        image = rescale(image, rescale_factor)
        image = normalize(image, IMAGENET_DEFAULT_MEAN, IMAGENET_DEFAULT_STD)
        if do_convert_annotations:
            annotation = normalize_annotation(annotation, image.shape[-2:])
        processed_images.append(image)
        processed_annotations.append(annotation)
    padded_size = tuple(max(s) for s in zip(*[img.shape[-2:] for img in processed_images]))
    pixel_values, pixel_masks, labels = [], [], []
    for image, annotation in zip(processed_images, processed_annotations):
        if padded_size == image.shape[-2:]:
            pixel_values.append(image)
            pixel_masks.append(np.ones(padded_size, dtype=np.int64))
            labels.append(annotation)
            continue
        image, pixel_mask, annotation = pad(image, padded_size, annotation, update_bboxes=do_convert_annotations)
        pixel_values.append(image)
        pixel_masks.append(pixel_mask)
        labels.append(annotation)
    return {"pixel_values": np.stack(pixel_values), "pixel_mask": np.stack(pixel_masks), "labels": labels}


def post_process_object_detection(logits, pred_boxes, threshold=0.5, target_sizes=None, top_k=100):
    """post_process_object_detection, the top-k by a stable descending sort; also returns torch.topk's indices."""
    out_logits, out_bbox = logits, pred_boxes
    prob = out_logits.sigmoid()
    prob = prob.view(out_logits.shape[0], -1)
    k_value = min(top_k, prob.size(1))
    sorted_values, sorted_indexes = torch.sort(prob, dim=1, descending=True, stable=True)
    topk_values, topk_indexes = sorted_values[:, :k_value], sorted_indexes[:, :k_value]
    torch_values, torch_indexes = torch.topk(prob, k_value, dim=1)
    assert torch.equal(torch_values, topk_values), "torch.topk and the stable sort disagree on the values"
    scores = topk_values
    topk_boxes = torch.div(topk_indexes, out_logits.shape[2], rounding_mode="floor")
    labels = topk_indexes % out_logits.shape[2]
    boxes = center_to_corners_format_torch(out_bbox)
    boxes = torch.gather(boxes, 1, topk_boxes.unsqueeze(-1).repeat(1, 1, 4))
    if target_sizes is not None:
        img_h = torch.Tensor([i[0] for i in target_sizes])
        img_w = torch.Tensor([i[1] for i in target_sizes])
        scale_fct = torch.stack([img_w, img_h, img_w, img_h], dim=1)
        boxes = boxes * scale_fct[:, None, :]
    results = []
    for s, l, b in zip(scores, labels, boxes):
        score = s[s > threshold]
        label = l[s > threshold]
        box = b[s > threshold]
        results.append({"scores": score, "labels": label, "boxes": box})
    return results, torch_indexes


# --- the cases ---

def resize_case():
    rng = np.random.default_rng(20261210)
    height, width = 17, 23
    image = rng.integers(0, 256, (height, width, 3), dtype=np.uint8)
    # a few flat and extreme patches, so that clipping to [0, 255] and constant areas are exercised
    image[:4, :5] = 255
    image[-3:, -6:] = 0
    sizes = [(7, 5), (40, 31), (23, 9), (10, 17), (1, 1), (23, 17), (50, 3), (4, 40)]
    outputs = []
    for w, h in sizes:
        resized = np.array(Image.fromarray(image, "RGB").resize((w, h), resample=Image.BILINEAR))
        outputs.append({"width": w, "height": h, "pixels": resized.reshape(-1).tolist()})
    return {"width": width, "height": height, "pixels": image.reshape(-1).tolist(), "resized": outputs,
            "pil_version": Image.__version__}


CATEGORIES = [{"id": 7, "name": "Signature"}, {"id": 2, "name": "CheckBox"}, {"id": 5, "name": "Text"}]

# name, mode, width, height, annotations (id, category_id, bbox, iscrowd)
IMAGE_SPECS = [
    ("a_rgb.png", "RGB", 37, 23, [
        (1, 5, [3.5, 2.25, 10.0, 7.5], 0),
        (2, 2, [30.0, 15.0, 12.0, 9.0], 0),  # crosses the right and bottom edges: clipped
        (3, 7, [-4.0, 5.0, 9.0, 4.0], 0),  # crosses the left edge: clipped
        (4, 5, [12.0, 12.0, 0.0, 5.0], 0),  # zero width: dropped
        (5, 2, [1.0, 1.0, 20.0, 20.0], 1),  # crowd: dropped
    ]),
    ("b_rgb.png", "RGB", 50, 61, [
        (6, 7, [0.0, 0.0, 50.0, 61.0], 0),
        (7, 2, [55.0, 10.0, 5.0, 5.0], 0),  # outside on the right: clipped to zero width, dropped
        (8, 5, [17.3, 40.1, 0.9, 12.7], 0),
    ]),
    ("c_gray.png", "L", 12, 9, []),
    ("d_rgba.png", "RGBA", 70, 23, [
        (9, 2, [60.0, 3.0, 9.75, 30.0], 0),  # crosses the bottom edge
        (10, 5, [5.0, 5.0, 7.0, 0.0], 0),  # zero height: dropped
        (11, 7, [33.3, 11.1, 22.2, 5.5], 0),
    ]),
    ("e_pal.png", "P", 23, 16, [
        (12, 7, [2.0, 3.0, 4.0, 5.0], 0),
        (13, 7, [10.0, 0.0, 13.0, 16.0], 0),
    ]),
    ("f_la.png", "LA", 23, 8, [
        (14, 2, [1.0, 1.0, 21.0, 6.5], 0),
        (15, 5, [0.0, 0.0, 2.0, 2.0], 1),  # crowd: dropped
    ]),
]

# two batches; (height, width) at shortest/longest 16/26: a: 23x37 -> 16x25 (down), b: 61x50 -> 19x16 (down,
# portrait), c: 9x12 -> 16x21 (up), d: 23x70 -> 9x26 (longest edge), e: 16x23 unchanged, f: 8x23 -> 9x25 (longest
# edge, where int(raw_size * width / height) truncates 25.999999999999996)
BATCHES = [["a_rgb.png", "b_rgb.png", "c_gray.png", "d_rgba.png"], ["e_pal.png", "f_la.png"]]
SIZE = {"shortest_edge": 16, "longest_edge": 26}


def write_images():
    rng = np.random.default_rng(20261211)
    IMAGES.mkdir(parents=True, exist_ok=True)
    for name, mode, width, height, _ in IMAGE_SPECS:
        if mode == "RGB":
            image = Image.fromarray(rng.integers(0, 256, (height, width, 3), dtype=np.uint8), "RGB")
        elif mode == "L":
            image = Image.fromarray(rng.integers(0, 256, (height, width), dtype=np.uint8), "L")
        elif mode == "RGBA":
            image = Image.fromarray(rng.integers(0, 256, (height, width, 4), dtype=np.uint8), "RGBA")
        elif mode == "LA":
            image = Image.fromarray(rng.integers(0, 256, (height, width, 2), dtype=np.uint8), "LA")
        else:
            image = Image.fromarray(rng.integers(0, 16, (height, width), dtype=np.uint8), "P")
            image.putpalette(rng.integers(0, 256, 16 * 3, dtype=np.uint8).tolist())
        image.save(IMAGES / name)
        reopened = Image.open(IMAGES / name)
        assert reopened.mode == mode and reopened.size == (width, height), (name, reopened.mode, reopened.size)


def preprocess_case():
    write_images()
    category_index = {c: i for i, c in enumerate(sorted(c["id"] for c in CATEGORIES))}
    specs = {s[0]: s for s in IMAGE_SPECS}
    image_entries = []
    for image_id, (name, mode, width, height, annotations) in enumerate(IMAGE_SPECS, start=1):
        image_entries.append({"id": image_id, "file_name": name, "mode": mode, "width": width, "height": height,
                              "annotations": [{"id": a, "category_id": c, "bbox": b, "area": b[2] * b[3],
                                               "iscrowd": crowd} for a, c, b, crowd in annotations]})
    entries = {e["file_name"]: e for e in image_entries}
    batches = []
    for names in BATCHES:
        images, targets = [], []
        for name in names:
            with Image.open(IMAGES / name) as opened:
                rgb = np.array(opened.convert("RGB"))
            images.append(rgb.transpose(2, 0, 1))
            entry = entries[name]
            targets.append({"image_id": entry["id"], "annotations": [
                dict(a, category_id=category_index[a["category_id"]]) for a in entry["annotations"]]})
            assert specs[name][2:4] == (rgb.shape[1], rgb.shape[0])
        out = preprocess(images, targets, SIZE)
        batches.append({
            "images": names,
            "original_sizes": [list(img.shape[-2:]) for img in images],
            "resized_sizes": [list(get_size_with_aspect_ratio(img.shape[-2:], SIZE["shortest_edge"],
                                                               SIZE["longest_edge"])) for img in images],
            "pixel_values": f32(out["pixel_values"]),
            "pixel_mask": out["pixel_mask"].tolist(),
            "labels": [{"class_labels": lab["class_labels"].tolist(), "boxes": f32(lab["boxes"].reshape(-1, 4))}
                       for lab in out["labels"]],
        })
    return {"shortest_edge": SIZE["shortest_edge"], "longest_edge": SIZE["longest_edge"], "categories": CATEGORIES,
            "images": image_entries, "batches": batches, "pil_version": Image.__version__,
            "numpy_version": np.__version__}


def postprocess_case():
    torch.manual_seed(20261212)
    batch, queries, classes = 2, 7, 3
    logits = (torch.randn(batch, queries, classes) * 2).float()
    # ties: repeated logits within an image, and saturated ones whose sigmoid is 1.0 in float32
    logits[0, 1, 2] = logits[0, 4, 0] = logits[0, 5, 1] = logits[0, 0, 0]
    logits[0, 2, :] = logits[0, 6, 0]
    logits[1, 3, 1] = 20.0
    logits[1, 0, 2] = 25.0
    logits[1, 6, 0] = 18.0
    logits[1, 2, 0] = logits[1, 2, 2] = logits[1, 5, 1]
    boxes = torch.rand(batch, queries, 4)
    boxes[..., 2:] = boxes[..., 2:] * 0.6
    target_sizes = [[61, 50], [23, 70]]
    prob = logits.sigmoid()
    # a threshold just below a score in double that is that score in float32: torch compares in float32, dropping it
    edge = prob[0, 3, 1].item()
    threshold_edge = float(np.nextafter(edge, 0.0))
    assert np.float32(threshold_edge) == np.float32(edge)
    settings = [(0.5, 100), (0.0, 5), (0.0, 100), (threshold_edge, 100), (0.3, 7)]
    cases = []
    for threshold, top_k in settings:
        results, torch_indexes = post_process_object_detection(logits, boxes, threshold, target_sizes, top_k)
        cases.append({"threshold": threshold, "top_k": top_k,
                      "torch_topk_indexes": torch_indexes.tolist(),
                      "results": [{"scores": f32(r["scores"].numpy()), "labels": r["labels"].tolist(),
                                   "boxes": f32(r["boxes"].numpy().reshape(-1, 4))} for r in results]})
    return {"logits": f32(logits.numpy()), "pred_boxes": f32(boxes.numpy()), "target_sizes": target_sizes,
            "cases": cases, "torch_version": torch.__version__}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("case", choices=["resize", "preprocess", "postprocess"])
    parser.add_argument("out", type=pathlib.Path, help="the golden JSON file to write")
    args = parser.parse_args()
    golden = {"resize": resize_case, "preprocess": preprocess_case, "postprocess": postprocess_case}[args.case]()
    args.out.write_text(json.dumps(golden))


if __name__ == "__main__":
    main()
