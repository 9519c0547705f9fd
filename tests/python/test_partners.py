"""Partners in Python: a scanned dataset gives the export's partners (augmented split, the
item left out of its own), so image.mixup + mosaic, audio.mix, series.smote and
text.tfidf_replace give the export's bytes for the same item and copy, through
AugmentedDataset with 0 and 2 (spawned) DataLoader workers; a list of samples works as
partners; an unreadable partner is reported like a bad item (its file and the reason)."""

import json
import multiprocessing
import pickle
import shutil
import wave

import numpy as np
import pytest
import torch
from PIL import Image
from torch.utils.data import DataLoader

import augstudio as aug
from augstudio.torch import AugmentedDataset

torch.set_num_threads(1)


def pipeline(modality, *steps):
    return aug.Pipeline.from_json({"version": 1, "modality": modality, "seed": 77,
                                   "steps": [{"transform": t, "p": 1.0, "params": params}
                                             for t, params in steps]})


MIX_MOSAIC = pipeline("image", ("image.mixup", {}),
                      ("image.mosaic", {"width": 48, "height": 40}))


def manifest(out):
    return [json.loads(line) for line in (out / "manifest.jsonl").read_text().splitlines()]


def copies_of(out):
    return [m for m in manifest(out) if m["copy"] is not None]


def partner_keys(steps):
    return [p["key"] for s in steps for p in s["values"].get("partners", [])]


def loader_items(dataset, workers):
    """(position, copy) -> (data, steps) through a DataLoader (spawned workers when any)."""
    loader = DataLoader(dataset, batch_size=None, num_workers=workers,
                        multiprocessing_context=multiprocessing.get_context("spawn")
                        if workers else None)
    return {divmod(i, dataset.copies): (x, steps) for i, (x, _, steps) in enumerate(loader)}


@pytest.fixture(scope="module")
def photos(tmp_path_factory):
    """Two classes of three small PNGs in train/, one in val/ (not a partner of train)."""
    root = tmp_path_factory.mktemp("photos")
    rng = np.random.default_rng(11)
    for split, n in (("train", 3), ("val", 1)):
        for label in ("cat", "dog"):
            (root / split / label).mkdir(parents=True)
            for i in range(n):
                img = rng.integers(0, 256, (24 + 4 * i, 32, 3), dtype=np.uint8)
                Image.fromarray(img).save(root / split / label / f"{i}.png")
    return root


@pytest.mark.parametrize("workers", [0, 2])
def test_mixup_and_mosaic_give_the_export_bytes(photos, tmp_path, workers):
    out = tmp_path / "out"
    assert aug.export(MIX_MOSAIC, photos, out, copies=2, jobs=2)["complete"]
    ds = aug.scan(photos)
    train = AugmentedDataset(ds, MIX_MOSAIC, split="train", copies=2, to_tensor=False,
                             return_steps=True)
    got = loader_items(train, workers)
    rows = copies_of(out)
    assert len(rows) == 12
    for m in rows:
        pos = [ds.key(i) for i in train.items].index(m["source"])
        x, steps = got[(pos, m["copy"])]
        assert steps == m["steps"]
        keys = partner_keys(steps)
        assert len(keys) == 4 and m["source"] not in keys  # one mixup + three mosaic partners
        assert all(k.startswith("train/") for k in keys)  # the augmented split only
        exported = np.asarray(Image.open(out / m["output"]).convert("RGB"))
        assert np.asarray(x).shape == exported.shape == (40, 48, 3)
        assert np.array_equal(np.asarray(x), exported), m["output"]


@pytest.fixture(scope="module")
def clips(tmp_path_factory):
    root = tmp_path_factory.mktemp("clips")
    rng = np.random.default_rng(3)
    for label in ("dog", "cat"):
        (root / label).mkdir()
        for i in range(3):
            pcm = np.sin(np.arange(2000) / (2 + i)) * 6000 + rng.normal(0, 500, 2000)
            with wave.open(str(root / label / f"{i}.wav"), "wb") as w:
                w.setnchannels(1)
                w.setsampwidth(2)
                w.setframerate(8000)
                w.writeframes(pcm.astype("<i2").tobytes())
    return root


def test_audio_mix_gives_the_export_bytes(clips, tmp_path):
    p = pipeline("audio", ("audio.mix", {"partner_class": "same"}))
    out = tmp_path / "out"
    assert aug.export(p, clips, out, copies=2)["complete"]
    ds = aug.scan(clips)
    train = AugmentedDataset(ds, p, copies=2, to_tensor=False, return_steps=True)
    got = loader_items(train, 0)
    for m in copies_of(out):
        pos = [ds.key(i) for i in train.items].index(m["source"])
        x, steps = got[(pos, m["copy"])]
        assert steps == m["steps"]
        (key,) = partner_keys(steps)
        assert key != m["source"] and key.split("/")[0] == m["class"]
        with wave.open(str(out / m["output"])) as w:
            exported = np.frombuffer(w.readframes(w.getnframes()), "<i2")
        # libsndfile's 16-bit PCM of the same float samples (x 32768, rounded down, clipped).
        pcm = np.clip(np.floor(np.asarray(x)[0].astype(np.float64) * 32768), -32768, 32767)
        assert pcm.astype("<i2").tobytes() == exported.tobytes(), m["output"]


def test_tfidf_replace_gives_the_export_rows(tmp_path):
    table = tmp_path / "in" / "reviews.tsv"
    table.parent.mkdir()
    table.write_text("".join(f"{'pos' if i % 2 else 'neg'}\tthe soup {i} was warm and the "
                             f"bread {'fresh' if i % 3 else 'stale'}\n" for i in range(9)))
    p = pipeline("text", ("text.tfidf_replace", {"p": 0.5}))
    assert p.uses_partners
    out = tmp_path / "out"
    assert aug.export(p, table.parent, out, copies=2)["complete"]
    train = AugmentedDataset(aug.scan(table.parent), p, copies=2, return_steps=True)
    got = loader_items(train, 0)
    ds = train.dataset
    exported = (out / "reviews.tsv").read_text().splitlines()
    replaced = 0
    for m in copies_of(out):
        pos = ds.keys.index(m["source"])
        text, steps = got[(pos, m["copy"])]
        assert steps == m["steps"]
        replaced += len(steps[0]["values"]["replaced"])
        row = int(m["output"].rsplit("#", 1)[1])
        assert exported[row] == f"{m['class']}\t{text}"
    assert replaced > 0  # without the fitted statistics nothing is replaced


def test_smote_from_a_dataset_and_from_a_list(tmp_path):
    rng = np.random.default_rng(2)
    rows = []
    for i in range(8):
        values = np.sin(np.arange(20) / (2 + i % 2)) + rng.normal(0, 0.2, 20)
        rows.append("\t".join(["ab"[i % 2]] + [f"{v:.6f}" for v in values]))
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "Toy_TRAIN.tsv").write_text("\n".join(rows) + "\n")
    p = pipeline("series", ("series.smote", {"k": 2}))
    out = tmp_path / "out"
    assert aug.export(p, tmp_path / "in", out, copies=1)["complete"]
    ds = aug.scan(tmp_path / "in")
    for m in copies_of(out):
        r = ds.augment(p, ds.keys.index(m["source"]), m["copy"], partners=ds)
        assert r.steps == m["steps"] and r.steps[0]["values"]["partner"] is not None
    # The same series as a list: the same partners, by the keys given.
    samples = [ds.load(i) for i in range(len(ds))]
    listed = aug.Partners([{"series": s.series, "label": s.label, "key": ds.key(i)}
                           for i, s in enumerate(samples)])
    for i, s in enumerate(samples):
        assert p(series=s.series, label=s.label, key=ds.key(i), partners=listed).steps == \
            ds.augment(p, i, 0, partners=ds).steps


def test_a_list_of_images_as_partners():
    rng = np.random.default_rng(1)
    a, b, c = (rng.integers(0, 256, (16, 16, 3), dtype=np.uint8) for _ in range(3))
    p = pipeline("image", ("image.mixup", {"partner_class": "same"}))
    partners = [{"image": a, "label": "x", "key": "a"}, {"image": b, "label": "x", "key": "b"},
                {"image": c, "label": "y", "key": "c"}]
    seen = set()
    for copy in range(8):
        r = p(a, label="x", key="a", copy=copy, partners=partners)
        (entry,) = r.steps[0]["values"]["partners"]
        assert entry["key"] == "b"  # same class, and never the item itself
        seen.add(entry["key"])
        lam = r.steps[0]["values"]["lambda"]
        blend = lam * a.astype(np.float64) + (1 - lam) * b.astype(np.float64)
        assert np.abs(r.image.astype(np.float64) - blend).max() <= 1.0
    # Pickled (as a spawned worker receives it), the list gives the same draws.
    listed = aug.Partners(partners)
    back = pickle.loads(pickle.dumps(listed))
    assert back.keys == ["a", "b", "c"]
    assert p(c, label="x", key="z", partners=back).steps == \
        p(c, label="x", key="z", partners=listed).steps
    # map: each sample's key left out of its own partners, as in one call.
    mapped = p.map([{"image": a, "label": "x", "key": "a", "copy": k} for k in range(4)],
                   threads=2, partners=listed)
    assert [m.steps for m in mapped] == \
        [p(a, label="x", key="a", copy=k, partners=partners).steps for k in range(4)]
    assert {m.steps[0]["values"]["partners"][0]["key"] for m in mapped} == {"b"}
    with pytest.raises(aug.Error, match=r"partners\[1\]"):
        p(a, key="a", partners=[partners[0], {"image": b, "colour": 3}])
    with pytest.raises(aug.Error, match="distinct"):
        aug.Partners([partners[0], partners[0]])


def test_a_bad_partner_file_is_reported_like_a_bad_item(photos, tmp_path):
    root = tmp_path / "in"
    shutil.copytree(photos / "train" / "cat", root / "cat")
    ds = aug.scan(root)
    # Broken after the scan: the file is still listed, and fails when a partner reads it.
    bad = root / "cat" / "2.png"
    bad.write_bytes(bad.read_bytes()[:60])
    p = pipeline("image", ("image.mixup", {}))
    failures = set()
    for copy in range(6):
        try:
            ds.augment(p, 0, copy, partners=ds)
        except aug.Error as e:
            assert str(bad) in str(e) or "cat/2.png" in str(e), str(e)
            failures.add(copy)
    assert failures and len(failures) < 6  # only the draws of the broken partner fail
    summary = aug.export(p, root, tmp_path / "out", copies=6)
    text = json.dumps(summary["summary"])
    assert summary["failures"] >= 1 and "2.png" in text


def test_partners_and_dataset_survive_pickling(photos):
    ds = aug.scan(photos)
    partners = ds.partners(["train"])
    back = pickle.loads(pickle.dumps(partners))
    assert back.splits == ("train",)
    r = ds.augment(MIX_MOSAIC, 1, 0, partners=partners)
    assert back._source.keys == ds.keys
    assert ds.augment(MIX_MOSAIC, 1, 0, partners=back).steps == r.steps
    train = AugmentedDataset(ds, MIX_MOSAIC, return_steps=True)
    train[0]  # partners built in this process; not pickled, rebuilt in each worker
    again = pickle.loads(pickle.dumps(train))
    assert again._partners is None and again[0][2] == train[0][2]


def test_export_balance_with_mixup(class_folders, tmp_path):
    p = pipeline("image", ("image.hflip", {}))
    result = aug.export(p, class_folders, tmp_path / "out", balance=True, balance_with="mixup")
    assert result["complete"]
    assert result["summary"]["counts"]["after"]["train"] == {"cat": 6, "dog": 6, "owl": 6}
    assert result["summary"]["balance_with"] == {"fill": "mixup", "step": "image.mixup"}
    filled = [m for m in copies_of(tmp_path / "out") if m["steps"][-1]["id"] == "image.mixup"]
    assert len(filled) == 3 + 5 and all(m["class"] != "dog" for m in filled)
    assert (tmp_path / "out" / "soft_labels.csv").exists()
    with pytest.raises(aug.Error, match="smote interpolates series"):
        aug.export(p, class_folders, tmp_path / "other", balance=True, balance_with="smote")
    with pytest.raises(aug.Error, match="balance=True"):
        aug.export(p, class_folders, tmp_path / "other", balance_with="mixup")
