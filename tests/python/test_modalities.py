"""Audio and series datasets through the module: online equals export (draws, seeds, data),
and series.mixup_same_class draws its partners from the pool the export builds."""

import json
import wave

import numpy as np
import pytest
import torch

import augstudio as aug
from augstudio.torch import AugmentedDataset

SERIES = {"version": 1, "modality": "series", "seed": 21, "steps": [
    {"transform": "series.jitter", "p": 1.0},
    {"transform": "series.mixup_same_class", "p": 1.0}]}
AUDIO = {"version": 1, "modality": "audio", "seed": 22, "steps": [
    {"transform": "audio.gain", "p": 1.0}, {"transform": "audio.shift", "p": 1.0}]}


def manifest(out):
    return [json.loads(line) for line in (out / "manifest.jsonl").read_text().splitlines()]


@pytest.fixture(scope="module")
def ucr(tmp_path_factory):
    root = tmp_path_factory.mktemp("ucr")
    rng = np.random.default_rng(4)
    lines = []
    for i in range(12):
        label = ["a", "b", "c"][i % 3]
        values = np.sin(np.arange(30) / (2 + i % 3)) + rng.normal(0, 0.1, 30)
        lines.append("\t".join([label] + [f"{v:.6f}" for v in values]))
    (root / "Demo_TRAIN.tsv").write_text("\n".join(lines) + "\n")
    return root


def test_series_online_equals_export_with_the_same_partners(ucr, tmp_path):
    p = aug.Pipeline.from_json(SERIES)
    assert p.uses_partners
    ds = aug.scan(ucr)
    assert ds.modality == "series" and len(ds) == 12
    out = tmp_path / "out"
    assert aug.export(p, ucr, out, copies=2)["complete"]
    rows = [m for m in manifest(out) if m["copy"] is not None]
    assert len(rows) == 24
    partners = ds.series_partners()
    for m in rows:
        index = next(i for i in range(len(ds)) if ds.key(i) == m["source"])
        r = ds.augment(p, index, m["copy"], partners=partners)
        assert r.seed == m["seed"] and r.steps == m["steps"]
        assert r.steps[1]["values"]["partner"] is not None
    # Without partners the step leaves the sample as it is, and says so.
    alone = ds.augment(p, 0, 0)
    assert alone.steps[1]["values"]["partner"] is None
    # The torch dataset builds the export's pool itself.
    train = AugmentedDataset(ds, p, copies=2)
    x, y = train[1]
    expected = ds.augment(p, 0, 1, copies=2, partners=partners).series
    assert torch.equal(x, torch.from_numpy(expected)) and y == 0


def test_series_pool_from_arrays():
    p = aug.Pipeline.from_json(SERIES)
    v = np.sin(np.arange(20, dtype=np.float64))[:, None]
    pool = aug.SeriesPool({"x": [v * 2, v * 3]})
    assert pool.count("x") == 2 and pool.count("y") == 0
    r = p(series=v, label="x", key="k", partners=pool)
    assert r.steps[1]["values"]["partner"] in (0, 1)
    assert p(series=v, label="x", key="k", partners={"x": [v * 2, v * 3]}).steps == r.steps
    with pytest.raises(aug.Error, match="partners"):
        p(series=v, key="k", partners=[v])


@pytest.fixture(scope="module")
def wavs(tmp_path_factory):
    root = tmp_path_factory.mktemp("wav")
    rng = np.random.default_rng(8)
    for label in ("dog", "cat"):
        (root / label).mkdir()
        for i in range(2):
            pcm = (np.sin(np.arange(4000) / (3 + i)) * 8000 + rng.normal(0, 300, 4000))
            with wave.open(str(root / label / f"{i}.wav"), "wb") as w:
                w.setnchannels(1)
                w.setsampwidth(2)
                w.setframerate(8000)
                w.writeframes(pcm.astype("<i2").tobytes())
    return root


def read_wav(path):
    with wave.open(str(path)) as w:
        return np.frombuffer(w.readframes(w.getnframes()), "<i2").astype(np.float32) / 32768


def test_audio_online_equals_export(wavs, tmp_path):
    p = aug.Pipeline.from_json(AUDIO)
    ds = aug.scan(wavs)
    assert ds.modality == "audio" and ds.classes == ["cat", "dog"]
    out = tmp_path / "out"
    aug.export(p, wavs, out, copies=1)
    for m in manifest(out):
        index = ds.keys.index(m["source"])
        r = ds.augment(p, index, m["copy"])
        assert r.steps == m["steps"] and r.sample_rate == 8000 and r.audio.shape == (1, 4000)
        # The export writes 16-bit PCM: equal to within one step of it.
        assert np.abs(read_wav(out / m["output"]) - r.audio[0]).max() <= 1.01 / 32768
    x, y = AugmentedDataset(ds, p)[0]
    assert x.dtype == torch.float32 and x.shape == (1, 4000) and y == 0
