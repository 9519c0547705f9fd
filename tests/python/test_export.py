"""scan, export, and the guarantee: online augmentation equals what an export writes."""

import json

import numpy as np
import pytest
from PIL import Image

import augstudio as aug
from conftest import cli


@pytest.fixture(scope="module")
def cli_export(class_folders, pipeline_file, tmp_path_factory):
    out = tmp_path_factory.mktemp("export") / "out"
    cli("export", "--pipeline", pipeline_file, "--input", class_folders, "--output", out,
        "--copies", 2, "--format", "png", "--jobs", 2)
    return out


def manifest(out):
    return [json.loads(line) for line in (out / "manifest.jsonl").read_text().splitlines()]


def test_scan_lists_items_classes_splits_and_bad_files(class_folders, tmp_path):
    ds = aug.scan(class_folders)
    assert ds.layout == "class_folders" and ds.modality == "image"
    assert ds.classes == ["cat", "dog", "owl"] and len(ds) == 10
    assert ds.keys[0] == "cat/000.png" and ds.label(0) == "cat"
    assert ds.counts() == {"train": {"cat": 3, "dog": 6, "owl": 1}}
    assert ds[0]["width"] == 56 and ds[0]["height"] == 40
    assert ds.bad == [] and ds.summary()["items"] == 10
    # A broken file is listed, not fatal.
    root = tmp_path / "broken"
    (root / "a").mkdir(parents=True)
    Image.fromarray(np.zeros((8, 8, 3), np.uint8)).save(root / "a" / "ok.png")
    (root / "a" / "bad.png").write_bytes(b"not a png")
    broken = aug.scan(root)
    assert len(broken) == 1 and broken.bad[0]["path"] == "a/bad.png"
    with pytest.raises(aug.Error) as e:
        aug.scan(tmp_path / "missing")
    assert str(tmp_path / "missing") in str(e.value)


def test_scan_read_limits_list_large_items_as_bad_and_survive_pickling(tmp_path):
    import pickle
    root = tmp_path / "sizes"
    (root / "a").mkdir(parents=True)
    Image.fromarray(np.zeros((8, 8, 3), np.uint8)).save(root / "a" / "small.png")
    Image.fromarray(np.zeros((600, 500, 3), np.uint8)).save(root / "a" / "large.png")
    assert len(aug.scan(root)) == 2
    limited = aug.scan(root, max_megapixels=0.2)
    assert limited.keys == ["a/small.png"]
    assert [b["path"] for b in limited.bad] == ["a/large.png"]
    assert "megapixels" in limited.bad[0]["reason"]
    again = pickle.loads(pickle.dumps(limited))
    assert again.keys == ["a/small.png"] and again.bad == limited.bad
    with pytest.raises(aug.Error) as e:
        aug.scan(root, max_megapixels=0)
    assert "max_megapixels" in str(e.value)


def test_online_equals_cli_export_pixel_for_pixel(image_pipeline, image_dataset, cli_export):
    rows = [m for m in manifest(cli_export) if m["copy"] is not None]
    assert len(rows) == 20
    for m in rows:
        written = np.asarray(Image.open(cli_export / m["output"]).convert("RGB"))
        source = np.asarray(Image.open(image_dataset.root + "/" + m["source"]).convert("RGB"))
        online = image_pipeline(source, key=m["source"], copy=m["copy"])
        assert online.seed == m["seed"]
        assert np.array_equal(online.image, written), m["output"]
        assert online.steps == m["steps"]
        index = image_dataset.keys.index(m["source"])
        assert np.array_equal(image_dataset.augment(image_pipeline, index, m["copy"]).image,
                              written)


def test_python_export_writes_what_the_cli_writes(image_pipeline, class_folders, cli_export,
                                                  tmp_path):
    seen = []
    result = aug.export(image_pipeline, class_folders, tmp_path / "out", copies=2, format="png",
                        jobs=2, progress=seen.append)
    assert result["complete"] and result["outputs"] == 20 and result["failures"] == 0
    assert seen and seen[-1]["done"] == seen[-1]["total"] == 10
    for m in manifest(cli_export):
        assert (tmp_path / "out" / m["output"]).read_bytes() == (cli_export / m["output"]).read_bytes()


def test_export_cancels_cleanly_and_resumes(tmp_path):
    # Long enough that the first progress report (>= 100 ms in) comes before the end.
    root = tmp_path / "many" / "a"
    root.mkdir(parents=True)
    for i in range(60):
        Image.fromarray(np.full((192, 192, 3), i, np.uint8)).save(root / f"{i:02d}.png")
    slow = aug.Pipeline.from_json({"version": 1, "modality": "image", "seed": 2, "steps": [
        {"transform": "image.elastic", "p": 1.0}, {"transform": "image.gaussian_blur", "p": 1.0}]})
    out = tmp_path / "out"
    calls = []

    def stop(progress):
        calls.append(progress)
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        aug.export(slow, root.parent, out, copies=3, jobs=1, progress=stop)
    assert len(calls) == 1 and calls[0]["done"] < 60
    assert not (out / "manifest.jsonl").exists()
    result = aug.export(slow, root.parent, out, copies=3, jobs=1)
    assert result["complete"] and len(manifest(out)) == 180


def test_export_refuses_bad_arguments(image_pipeline, class_folders, tmp_path):
    with pytest.raises(aug.Error, match="copies"):
        aug.export(image_pipeline, class_folders, tmp_path / "o", copies=0)
    with pytest.raises(aug.Error) as e:
        aug.export(image_pipeline, class_folders, class_folders / "inside")
    assert e.value.kind == "io"
    with pytest.raises(aug.Error, match="progress"):
        aug.export(image_pipeline, class_folders, tmp_path / "o", progress=3)
