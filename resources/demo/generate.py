#!/usr/bin/env python3
"""Generates the synthetic half of the studio's demo (standard library only, deterministic).

The photographs (image/) and recordings (audio/) come from generate_media.py (SOURCES.md
names each file's source and licence). Here, synthetic and licence-clean:
  series/demo_TRAIN.tsv UCR layout: label, then 128 values (sine, square, sawtooth)
  text/demo.tsv         EDA layout: label<TAB>sentence (praise, complaint, question)
Run from anywhere: python3 resources/demo/generate.py
"""
import math
import os
import random
import shutil
import struct
import tempfile
import wave
import zlib

ROOT = os.path.dirname(os.path.abspath(__file__))
# The former synthetic shapes and tones are still drawn (into a folder removed at the end) so
# the series and texts keep the random stream they were generated with.
MEDIA_ROOT = tempfile.mkdtemp(prefix="augstudio-demo-")
COUNTS = [("big", 24), ("mid", 11), ("small", 4)]  # per modality: imbalance ratio 6


def write_png(path, width, height, rows):
    raw = b"".join(b"\x00" + bytes(r) for r in rows)

    def chunk(tag, data):
        body = tag + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
    png += chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
    with open(path, "wb") as f:
        f.write(png)


def inside(shape, x, y, cx, cy, r):
    if shape == "circle":
        return (x - cx) ** 2 + (y - cy) ** 2 <= r * r
    if shape == "square":
        return abs(x - cx) <= r * 0.85 and abs(y - cy) <= r * 0.85
    # triangle pointing up
    top, bottom = cy - r, cy + r * 0.8
    if y < top or y > bottom:
        return False
    half = (y - top) / (bottom - top) * r
    return abs(x - cx) <= half


def make_images(rng):
    shapes = ["circle", "square", "triangle"]
    w, h = 160, 120
    for (_, n), shape in zip(COUNTS, shapes):
        folder = os.path.join(MEDIA_ROOT, "image", shape)
        os.makedirs(folder, exist_ok=True)
        for i in range(n):
            bg = [rng.randint(20, 90) for _ in range(3)]
            fg = [rng.randint(150, 255) for _ in range(3)]
            cx, cy = rng.uniform(55, 105), rng.uniform(45, 75)
            r = rng.uniform(22, 36)
            rows = []
            for y in range(h):
                row = []
                for x in range(w):
                    shade = (x + y) // 8 % 2 * 12  # a faint checker so flips and warps show
                    col = fg if inside(shape, x, y, cx, cy, r) else [c + shade for c in bg]
                    row.extend(max(0, min(255, c + rng.randint(-6, 6))) for c in col)
                rows.append(row)
            write_png(os.path.join(folder, f"{shape}_{i:02d}.png"), w, h, rows)


def make_audio(rng):
    rate, seconds = 16000, 0.75
    frames = int(rate * seconds)
    kinds = ["tone", "chirp", "noise"]
    for (_, n), kind in zip(COUNTS, kinds):
        folder = os.path.join(MEDIA_ROOT, "audio", kind)
        os.makedirs(folder, exist_ok=True)
        for i in range(n):
            f0 = rng.uniform(300, 900)
            f1 = f0 * rng.uniform(2.0, 4.0)
            samples = []
            phase = 0.0
            for t in range(frames):
                s = t / rate
                env = min(1.0, s / 0.02) * min(1.0, (seconds - s) / 0.05)
                if kind == "tone":
                    v = math.sin(2 * math.pi * f0 * s) + 0.3 * math.sin(2 * math.pi * 2 * f0 * s)
                    v *= 0.6
                elif kind == "chirp":
                    f = f0 + (f1 - f0) * s / seconds
                    phase += 2 * math.pi * f / rate
                    v = 0.7 * math.sin(phase)
                else:
                    burst = 1.0 if (int(s * 8) % 2 == 0) else 0.15
                    v = 0.5 * burst * rng.uniform(-1, 1)
                samples.append(int(max(-1, min(1, v * env)) * 32000))
            with wave.open(os.path.join(folder, f"{kind}_{i:02d}.wav"), "wb") as wf:
                wf.setnchannels(1)
                wf.setsampwidth(2)
                wf.setframerate(rate)
                wf.writeframes(struct.pack(f"<{frames}h", *samples))


def make_series(rng):
    os.makedirs(os.path.join(ROOT, "series"), exist_ok=True)
    lines = []
    length = 128
    for label, ((_, n), kind) in enumerate(zip(COUNTS, ["sine", "square", "sawtooth"]), start=1):
        for _ in range(n):
            period = rng.uniform(30, 50)
            shift = rng.uniform(0, period)
            amp = rng.uniform(0.8, 1.2)
            vals = []
            for t in range(length):
                ph = ((t + shift) % period) / period
                if kind == "sine":
                    v = math.sin(2 * math.pi * ph)
                elif kind == "square":
                    v = 1.0 if ph < 0.5 else -1.0
                else:
                    v = 2 * ph - 1
                vals.append(amp * v + rng.gauss(0, 0.05))
            lines.append("\t".join([str(label)] + [f"{v:.6f}" for v in vals]))
    rng.shuffle(lines)
    with open(os.path.join(ROOT, "series", "demo_TRAIN.tsv"), "w") as f:
        f.write("\n".join(lines) + "\n")


PRAISE = ["the staff were friendly and the room was clean", "great food and a quiet view of the river",
          "we loved the breakfast and the helpful people at the desk", "a lovely stay in a bright comfortable room",
          "the bed was soft and the shower was hot", "excellent service from start to finish",
          "the garden was beautiful and the coffee was strong", "fast check in and a warm welcome",
          "clean rooms good wifi and a short walk to the station", "the manager went out of her way to help us",
          "a wonderful little hotel with charming old furniture", "the view from the balcony was stunning",
          "tasty dinner and a generous glass of wine", "our children enjoyed the pool every morning",
          "a calm place to rest after a long journey", "the receptionist gave us a great map of the town",
          "fresh bread and fruit every day at breakfast", "comfortable chairs and a bright reading corner",
          "friendly cleaners who kept everything spotless", "we would happily come back next summer",
          "the price was fair for such a good location", "quiet nights and excellent soundproof windows",
          "the spa was relaxing and the towels were thick", "the chef cooked a special meal for my mother"]
COMPLAINT = ["the room was dirty and the sheets smelled old", "noisy street traffic kept us awake all night",
             "the shower was cold every single morning", "rude staff ignored our questions at the desk",
             "the wifi failed and nobody could fix it", "breakfast was stale and the coffee was weak",
             "the lift was broken for our whole stay", "we waited an hour to check in",
             "the heating made a loud noise all night", "a tiny room with a window facing a wall",
             "the bill had charges we never agreed to"]
QUESTION = ["does the hotel have parking for a small van", "is breakfast included in the room price",
            "can we bring a dog into the room", "how far is the beach from the main entrance"]


def make_text(rng):
    os.makedirs(os.path.join(ROOT, "text"), exist_ok=True)
    rows = [("praise", s) for s in PRAISE] + [("complaint", s) for s in COMPLAINT] + \
           [("question", s) for s in QUESTION]
    rng.shuffle(rows)
    with open(os.path.join(ROOT, "text", "demo.tsv"), "w") as f:
        for label, s in rows:
            f.write(f"{label}\t{s}\n")


if __name__ == "__main__":
    rng = random.Random(20261128)
    make_images(rng)
    make_audio(rng)
    make_series(rng)
    make_text(rng)
    shutil.rmtree(MEDIA_ROOT)
