#!/usr/bin/python3
"""Loader benchmark of the Python module (run by hand, not by CTest):

1. images/s through torch.utils.data.DataLoader (batch 32) over 512x512 JPEGs, a 5-step
   pipeline (hflip, rotate, colour jitter, gaussian blur, random crop 448) plus resize to 224
   and to-tensor: augstudio.torch.AugmentedDataset vs torchvision 0.14's ImageFolder with the
   equivalent transforms, 0 and 2 workers;
2. Pipeline.map on 1 vs 2 C++ threads (decoded 512x512 images, the same pipeline);
3. per-call overhead of Pipeline.__call__ on a 64x64 image above the C++ engine, in CPU
   time of the calling thread: the engine's copy + run timed in C++ on the same input
   (Pipeline.engine_cpu_seconds), and augstudio-cli bench's wall-clock rate for reference.

Threads are pinned: torch.set_num_threads(1), OpenCV single-threaded inside the engine, and
each DataLoader worker single-threaded, so "per worker" is per core. Usage:
    PYTHONPATH=build/python /usr/bin/python3 tests/bench/bench_loader.py \
        --cli build/app/augstudio-cli [--images 256] [--repeat 3]"""

import argparse
import json
import os
import subprocess
import tempfile
import time

import numpy as np
import torch
from PIL import Image
from torch.utils.data import DataLoader

import augstudio as aug
from augstudio.torch import AugmentedDataset

torch.set_num_threads(1)
aug.set_opencv_threads(1)
os.environ.setdefault("OMP_NUM_THREADS", "1")

STEPS = [
    {"transform": "image.hflip", "p": 0.5},
    {"transform": "image.rotate", "p": 1.0, "params": {"degrees": [-20, 20]}},
    {"transform": "image.color_jitter", "p": 1.0,
     "params": {"brightness": [0.8, 1.2], "contrast": [0.8, 1.2], "saturation": [0.8, 1.2],
                "hue": 0.0}},
    {"transform": "image.gaussian_blur", "p": 1.0},
    {"transform": "image.random_crop", "p": 1.0, "params": {"width": 448, "height": 448}},
]
PIPELINE = {"version": 1, "modality": "image", "seed": 1, "steps": STEPS + [
    {"transform": "image.resize", "p": 1.0, "params": {"width": 224, "height": 224}}]}


def worker_init(_):
    torch.set_num_threads(1)
    aug.set_opencv_threads(1)


def make_jpegs(root, n):
    rng = np.random.default_rng(0)
    y, x = np.mgrid[0:512, 0:512]
    base = (np.sin(x / 17.0) + np.cos(y / 23.0))[..., None] * 60 + 128
    for c in ("a", "b"):
        os.makedirs(os.path.join(root, c), exist_ok=True)
    for i in range(n):
        img = np.clip(base + rng.normal(0, 25, (512, 512, 3)), 0, 255).astype(np.uint8)
        Image.fromarray(img).save(os.path.join(root, "ab"[i % 2], f"{i:04d}.jpg"), quality=90)


def torchvision_dataset(root):
    import torchvision.transforms as T
    from torchvision.datasets import ImageFolder
    tf = T.Compose([T.RandomHorizontalFlip(), T.RandomRotation(20),
                    T.ColorJitter(0.2, 0.2, 0.2), T.GaussianBlur(5), T.RandomCrop(448),
                    T.Resize((224, 224)), T.ToTensor()])
    return ImageFolder(root, transform=tf)


def loader_rate(dataset, workers, repeat):
    best = 0.0
    for _ in range(repeat):
        loader = DataLoader(dataset, batch_size=32, shuffle=False, num_workers=workers,
                            worker_init_fn=worker_init if workers else None,
                            multiprocessing_context="fork" if workers else None)
        it = iter(loader)
        first = next(it)  # workers started and warm; not timed
        n, t0 = 0, time.perf_counter()
        for x, _ in it:
            n += x.shape[0]
        best = max(best, n / (time.perf_counter() - t0))
        del first
    return best


def map_rate(pipeline, images, threads, repeat):
    batch = [{"image": im, "key": f"k{i}"} for i, im in enumerate(images)]
    best = 0.0
    for _ in range(repeat):
        t0 = time.perf_counter()
        pipeline.map(batch, threads=threads)
        best = max(best, len(batch) / (time.perf_counter() - t0))
    return best


def call_overhead(cli, tmp, repeat):
    """CPU time of this thread per call (wall time is unreliable on a shared machine): a
    Python call vs the engine's own copy + run of the same input, timed in C++
    (Pipeline.engine_cpu_seconds); the CLI's bench of the same pipeline for reference."""
    from augstudio import _core
    doc = {"version": 1, "modality": "image", "seed": 1, "steps": [
        {"transform": "image.hflip", "p": 1.0}, {"transform": "image.vflip", "p": 1.0}]}
    path = os.path.join(tmp, "small.augpipe.json")
    with open(path, "w") as f:
        json.dump(doc, f)
    img = np.random.default_rng(1).integers(0, 255, (64, 64, 3), dtype=np.uint8)
    png = os.path.join(tmp, "small.png")
    Image.fromarray(img).save(png)
    p = aug.Pipeline.load(path)
    cli_rate = json.loads(subprocess.run([cli, "bench", "--pipeline", path, "--seconds", "2",
                                          "--json", png], check=True, capture_output=True,
                                         text=True).stdout)["pipeline"]["items_per_s"]
    n = 20000
    sample = _core.image_sample(img, None, None, None, True, "")
    engine_us = min(p._p.engine_cpu_seconds(sample, n) for _ in range(repeat)) / n * 1e6

    def per_call(body):
        best = float("inf")
        for _ in range(repeat):
            t0 = time.thread_time()
            for i in range(n):
                body(i)
            best = min(best, (time.thread_time() - t0) / n * 1e6)
        return best

    python_us = per_call(lambda i: p(img, seed=i))
    keyed_us = per_call(lambda i: p(img, key="train/cat/001.png", copy=i))
    return 1e6 / cli_rate, engine_us, python_us, keyed_us


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", default="build/app/augstudio-cli")
    ap.add_argument("--images", type=int, default=256)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = os.path.join(tmp, "jpegs")
        make_jpegs(root, a.images)
        ours = AugmentedDataset(root, aug.Pipeline.from_json(PIPELINE))
        theirs = torchvision_dataset(root)
        print(f"DataLoader, batch 32, {a.images} JPEGs 512x512, 5 steps + resize 224 + tensor")
        for workers in (0, 2):
            r_ours = loader_rate(ours, workers, a.repeat)
            r_theirs = loader_rate(theirs, workers, a.repeat)
            print(f"  workers={workers}: augstudio {r_ours:7.1f} img/s   torchvision "
                  f"{r_theirs:7.1f} img/s   ratio {r_ours / r_theirs:4.2f}")
        p = aug.Pipeline.from_json(PIPELINE)
        images = [ours.dataset.load(i).image for i in range(min(64, a.images))]
        one = map_rate(p, images, 1, a.repeat)
        two = map_rate(p, images, 2, a.repeat)
        print(f"Pipeline.map, {len(images)} decoded 512x512 images: 1 thread {one:.1f} img/s, "
              f"2 threads {two:.1f} img/s, speed-up {two / one:.2f}")
        cli_us, engine_us, python_us, keyed_us = call_overhead(a.cli, tmp, a.repeat)
        print(f"64x64, hflip + vflip, CPU time per call: engine (copy + run, C++) "
              f"{engine_us:.2f} us; Python call with seed= {python_us:.2f} us "
              f"(+{python_us - engine_us:.2f}); with key=/copy= {keyed_us:.2f} us "
              f"(+{keyed_us - engine_us:.2f}); CLI bench (wall, run only) {cli_us:.2f} us")


if __name__ == "__main__":
    main()
