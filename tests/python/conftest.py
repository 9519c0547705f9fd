"""Shared fixtures of the Python suites: small generated datasets and pipelines.

CTest runs pytest with PYTHONPATH at build/python and AUGSTUDIO_CLI at the built CLI."""

import json
import os
import subprocess

import numpy as np
import pytest
from PIL import Image

import augstudio as aug

CLI = os.environ.get("AUGSTUDIO_CLI", "")

IMAGE_PIPELINE = {
    "version": 1,
    "modality": "image",
    "seed": 1234,
    "steps": [
        {"transform": "image.hflip", "p": 0.5},
        {"transform": "image.rotate", "p": 0.8, "params": {"degrees": [-20, 20]}},
        {"transform": "image.color_jitter", "p": 0.8},
        {"transform": "image.gaussian_noise", "p": 0.5},
    ],
}


def random_image(rng, h, w, c=3, dtype=np.uint8):
    # Smooth content plus noise: rotations and blurs then change every pixel's value.
    y, x = np.mgrid[0:h, 0:w]
    base = (np.sin(x / 5.0)[..., None] + np.cos(y / 7.0)[..., None]) * 60 + 128
    img = base + rng.normal(0, 20, (h, w, c))
    img = np.clip(img, 0, 255)
    if dtype == np.uint16:
        return (img * 257).astype(np.uint16)
    if dtype == np.float32:
        return (img / 255).astype(np.float32)
    return img.astype(np.uint8)


def cli(*args):
    assert CLI, "AUGSTUDIO_CLI is not set (run through CTest)"
    return subprocess.run([CLI, *map(str, args)], check=True, capture_output=True, text=True)


@pytest.fixture(scope="session")
def image_pipeline():
    return aug.Pipeline.from_json(IMAGE_PIPELINE)


@pytest.fixture(scope="session")
def class_folders(tmp_path_factory):
    """root/<class>/<n>.png: 3 cats, 6 dogs, 1 owl (imbalanced, for BalancedSampler)."""
    root = tmp_path_factory.mktemp("classes")
    rng = np.random.default_rng(5)
    for name, n in (("cat", 3), ("dog", 6), ("owl", 1)):
        (root / name).mkdir()
        for i in range(n):
            Image.fromarray(random_image(rng, 40, 56)).save(root / name / f"{i:03d}.png")
    return root


@pytest.fixture(scope="session")
def image_dataset(class_folders):
    return aug.scan(class_folders)


@pytest.fixture(scope="session")
def pipeline_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("pipeline") / "light.augpipe.json"
    path.write_text(json.dumps(IMAGE_PIPELINE))
    return path
