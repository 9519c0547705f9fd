"""Bounding-box formats: the engine works in pascal_voc pixels (x1, y1, x2, y2)."""

import numpy as np

from ._errors import error

FORMATS = ("pascal_voc", "coco", "yolo", "albumentations")


def check_format(box_format):
    if box_format not in FORMATS:
        raise error("box_format", f"expected one of {', '.join(FORMATS)}, got {box_format!r}")


def _as_boxes(boxes):
    try:
        b = np.asarray(boxes, dtype=np.float64)
    except (TypeError, ValueError):
        raise error("boxes", "expected an (N, 4) array of numbers") from None
    if b.size == 0:
        return b.reshape(0, 4)
    if b.ndim != 2 or b.shape[1] != 4:
        raise error("boxes", f"expected an (N, 4) array, got shape {b.shape}")
    return b


def to_pascal_voc(boxes, box_format, width, height):
    """(N, 4) float64 pixel corners from boxes in box_format."""
    b = _as_boxes(boxes)
    if box_format == "pascal_voc":
        return b
    out = b.copy()
    if box_format == "coco":  # x, y, w, h in pixels
        out[:, 2] = b[:, 0] + b[:, 2]
        out[:, 3] = b[:, 1] + b[:, 3]
    elif box_format == "yolo":  # centre x, centre y, w, h as fractions
        out[:, 0] = (b[:, 0] - b[:, 2] / 2) * width
        out[:, 1] = (b[:, 1] - b[:, 3] / 2) * height
        out[:, 2] = (b[:, 0] + b[:, 2] / 2) * width
        out[:, 3] = (b[:, 1] + b[:, 3] / 2) * height
    else:  # albumentations: corners as fractions
        out[:, [0, 2]] *= width
        out[:, [1, 3]] *= height
    return out


def from_pascal_voc(b, box_format, width, height):
    """Pixel corners back to box_format."""
    if box_format == "pascal_voc" or b is None:
        return b
    out = b.copy()
    if box_format == "coco":
        out[:, 2] = b[:, 2] - b[:, 0]
        out[:, 3] = b[:, 3] - b[:, 1]
    elif box_format == "yolo":
        out[:, 0] = (b[:, 0] + b[:, 2]) / 2 / width
        out[:, 1] = (b[:, 1] + b[:, 3]) / 2 / height
        out[:, 2] = (b[:, 2] - b[:, 0]) / width
        out[:, 3] = (b[:, 3] - b[:, 1]) / height
    else:
        out[:, [0, 2]] /= width
        out[:, [1, 3]] /= height
    return out
