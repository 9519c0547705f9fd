"""augstudio.Pipeline on arrays of every modality: seeds, replay, map, errors, pickling."""

import pickle
import threading
import time

import numpy as np
import pytest

import augstudio as aug
from conftest import IMAGE_PIPELINE, random_image

AUDIO = {"version": 1, "modality": "audio", "seed": 3, "steps": [
    {"transform": "audio.gain", "p": 1.0}, {"transform": "audio.gaussian_noise", "p": 1.0},
    {"transform": "audio.shift", "p": 1.0}]}
SERIES = {"version": 1, "modality": "series", "seed": 4, "steps": [
    {"transform": "series.jitter", "p": 1.0}, {"transform": "series.scaling", "p": 1.0}]}
TEXT = {"version": 1, "modality": "text", "seed": 5, "steps": [
    {"transform": "text.random_swap", "p": 1.0}, {"transform": "text.char_noise", "p": 1.0}]}


@pytest.fixture(scope="module")
def img():
    return random_image(np.random.default_rng(1), 48, 64)


def test_same_key_and_copy_give_same_bytes_other_copies_differ(image_pipeline, img):
    a = image_pipeline(img, key="cat/001.png", copy=0)
    b = image_pipeline(img, key="cat/001.png", copy=0)
    c = image_pipeline(img, key="cat/001.png", copy=1)
    assert a.image.tobytes() == b.image.tobytes()
    assert a.seed == aug.derive_seed(1234, "cat/001.png", 0)
    assert c.seed == aug.derive_seed(1234, "cat/001.png", 1)
    assert a.seed != c.seed and a.steps != c.steps


def test_epoch_is_copy_plus_epoch_times_copies(image_pipeline, img):
    r = image_pipeline(img, key="k", copy=1, epoch=2, copies=3)
    assert r.seed == aug.derive_seed(image_pipeline.seed, "k", 1 + 2 * 3)
    assert image_pipeline(img, seed=r.seed).image.tobytes() == r.image.tobytes()


def test_input_is_not_modified_and_output_owns_its_memory(image_pipeline, img):
    before = img.copy()
    r = image_pipeline(img, key="k")
    assert np.array_equal(img, before)
    assert r.image.flags.c_contiguous and r.image.flags.owndata is False
    assert not np.shares_memory(r.image, img)
    r.image[0, 0] = 7  # writable, and its own buffer
    assert r.image[0, 0, 0] == 7


def test_rgb_default_equals_bgr_reversed(image_pipeline, img):
    rgb = image_pipeline(img, key="k").image
    bgr = image_pipeline(np.ascontiguousarray(img[..., ::-1]), key="k", channels="bgr").image
    assert np.array_equal(rgb, bgr[..., ::-1])


@pytest.mark.parametrize("dtype", [np.uint8, np.uint16, np.float32])
@pytest.mark.parametrize("channels", [0, 1, 3, 4])
def test_image_dtypes_and_shapes(dtype, channels):
    p = aug.Pipeline.from_json({"version": 1, "modality": "image", "seed": 1, "steps": [
        {"transform": "image.hflip", "p": 1.0}]})
    rng = np.random.default_rng(2)
    img = random_image(rng, 20, 30, max(channels, 1), dtype)
    if channels == 0:
        img = np.ascontiguousarray(img[..., 0])
    r = p(img, key="x")
    assert r.image.dtype == img.dtype and r.image.shape == img.shape
    assert np.array_equal(r.image, img[:, ::-1])  # a flip keeps channel order and values


def test_non_contiguous_and_read_only_inputs_are_read(image_pipeline, img):
    ref = image_pipeline(img, key="k").image
    wide = np.zeros((48, 128, 3), np.uint8)
    wide[:, ::2] = img
    view = wide[:, ::2]
    assert not view.flags.c_contiguous
    assert np.array_equal(image_pipeline(view, key="k").image, ref)
    ro = img.copy()
    ro.flags.writeable = False
    assert np.array_equal(image_pipeline(ro, key="k").image, ref)


def test_boxes_follow_the_image_in_every_format_with_labels():
    p = aug.Pipeline.from_json({"version": 1, "modality": "image", "seed": 1, "steps": [
        {"transform": "image.hflip", "p": 1.0}]})
    img = np.zeros((50, 100, 3), np.uint8)
    voc = np.array([[10, 5, 30, 25], [60, 10, 90, 40]], float)
    r = p(img, key="k", boxes=voc, labels=["a", "b"])
    assert np.allclose(r.boxes, [[70, 5, 90, 25], [10, 10, 40, 40]])
    assert r.labels == ["a", "b"] and list(r.box_indices) == [0, 1]
    coco = np.c_[voc[:, :2], voc[:, 2:] - voc[:, :2]]
    assert np.allclose(p(img, key="k", boxes=coco, box_format="coco").boxes,
                       [[70, 5, 20, 20], [10, 10, 30, 30]])
    albu = voc / [100, 50, 100, 50]
    assert np.allclose(p(img, key="k", boxes=albu, box_format="albumentations").boxes,
                       [[0.7, 0.1, 0.9, 0.5], [0.1, 0.2, 0.4, 0.8]])
    yolo = np.c_[(voc[:, :2] + voc[:, 2:]) / 2 / [100, 50], (voc[:, 2:] - voc[:, :2]) / [100, 50]]
    assert np.allclose(p(img, key="k", boxes=yolo, box_format="yolo").boxes,
                       [[0.8, 0.3, 0.2, 0.4], [0.25, 0.5, 0.3, 0.6]])
    r = p(img, key="k", keypoints=[[10, 20]], mask=np.eye(50, 100, dtype=np.uint8))
    assert np.allclose(r.keypoints, [[90, 20]])  # continuous coordinates: x -> W - x
    assert r.mask[0, 99] == 1


def test_boxes_leaving_the_image_are_dropped_with_their_labels():
    p = aug.Pipeline.from_json({"version": 1, "modality": "image", "seed": 1, "steps": [
        {"transform": "image.center_crop", "p": 1.0, "params": {"width": 40, "height": 40}}]})
    img = np.zeros((100, 100, 3), np.uint8)
    r = p(img, key="k", boxes=[[0, 0, 10, 10], [40, 40, 60, 60]], labels=np.array([3, 9]))
    assert r.image.shape == (40, 40, 3)
    assert np.allclose(r.boxes, [[10, 10, 30, 30]]) and list(r.labels) == [9]


def test_replay_is_bit_identical(image_pipeline, img):
    r = image_pipeline(img, key="cat/7.png", copy=3)
    again = image_pipeline.replay(img, steps=r.steps)
    assert again.image.tobytes() == r.image.tobytes()


def test_audio_series_text():
    rng = np.random.default_rng(3)
    pa = aug.Pipeline.from_json(AUDIO)
    clip = (rng.standard_normal((2, 8000)) * 0.1).astype(np.float32)
    a = pa(audio=clip, sample_rate=16000, key="a.wav")
    assert a.audio.shape == (2, 8000) and a.audio.dtype == np.float32 and a.sample_rate == 16000
    assert not np.array_equal(a.audio, clip)
    assert pa(audio=clip, sample_rate=16000, key="a.wav").audio.tobytes() == a.audio.tobytes()
    mono = pa(audio=clip[0].copy(), sample_rate=16000, key="a.wav")
    assert mono.audio.shape == (8000,)
    assert np.array_equal(pa.replay(audio=clip, sample_rate=16000, steps=a.steps).audio, a.audio)

    ps = aug.Pipeline.from_json(SERIES)
    v = rng.standard_normal((100, 3))
    v[10:15, 1] = np.nan
    s = ps(series=v, key="s#0")
    assert s.series.shape == (100, 3) and s.series.dtype == np.float64
    assert np.isnan(s.series[10:15, 1]).all() and not np.isnan(s.series[:, 0]).any()
    assert ps(series=v[:, 0].copy(), key="s#0").series.shape == (100,)

    pt = aug.Pipeline.from_json(TEXT)
    t = pt(text="the soup was cold and the bread was stale", key="t#1")
    assert isinstance(t.text, str) and t.text != "the soup was cold and the bread was stale"
    assert pt(text="the soup was cold and the bread was stale", key="t#1").text == t.text
    assert [s["id"] for s in t.steps] == ["text.random_swap", "text.char_noise"]


def test_map_equals_single_calls_in_order(image_pipeline, img):
    keys = [f"k{i}" for i in range(12)]
    rs = image_pipeline.map([{"image": img, "key": k, "copy": 1} for k in keys], threads=3)
    for k, r in zip(keys, rs):
        assert r.image.tobytes() == image_pipeline(img, key=k, copy=1).image.tobytes()


def test_pipeline_pickles_load_and_json(image_pipeline, img, pipeline_file):
    q = pickle.loads(pickle.dumps(image_pipeline))
    assert q(img, key="k").image.tobytes() == image_pipeline(img, key="k").image.tobytes()
    loaded = aug.Pipeline.load(pipeline_file)
    assert loaded.to_json() == image_pipeline.to_json()
    assert aug.Pipeline.from_json(loaded.to_json()).seed == 1234
    assert loaded.modality == "image" and len(loaded.steps) == 4
    assert loaded.step_ids == ["image.hflip", "image.rotate", "image.color_jitter",
                               "image.gaussian_noise"]


@pytest.mark.parametrize("call, where, reason", [
    (lambda p, i: p(i.astype(np.int32), key="k"), "image", "dtype"),
    (lambda p, i: p(i[None], key="k"), "image", "shape"),
    (lambda p, i: p(np.zeros((4, 4, 2), np.uint8), key="k"), "image", "channels"),
    (lambda p, i: p(i.tolist(), key="k"), "image", "numpy array"),
    (lambda p, i: p(i, key=7), "key", "str"),
    (lambda p, i: p(i), "key", "seed="),
    (lambda p, i: p(i, key="k", copy=-1), "copy", "int"),
    (lambda p, i: p(i, key="k", channels="grb"), "channels", "rgb"),
    (lambda p, i: p(audio=np.zeros(4, np.float32), sample_rate=8000, key="k"), "audio", "image"),
    (lambda p, i: p(i, key="k", mask=np.zeros((3, 3), np.uint8)), "mask", "matching"),
    (lambda p, i: p(i, key="k", boxes=[[5, 5, 1, 1]]), "boxes", "inverted"),
    (lambda p, i: p(i, key="k", boxes=[[1, 2, 3]]), "boxes", "(N, 4)"),
    (lambda p, i: p(i, key="k", boxes=[[0, 0, 1, 1]], box_format="xyxy"), "box_format", "coco"),
    (lambda p, i: p(i, key="k", boxes=[[0, 0, 1, 1]], labels=[1, 2]), "labels", "one label"),
    (lambda p, i: p.replay(i, steps=[{"id": "image.hflip"}]), "steps[0]", "applied"),
    (lambda p, i: p.map([{"image": i, "key": 3}]), "samples[0]: key", "str"),
])
def test_bad_arguments_raise_error_naming_them(image_pipeline, img, call, where, reason):
    with pytest.raises(aug.Error) as e:
        call(image_pipeline, img)
    assert isinstance(e.value, ValueError)
    assert e.value.where == where and reason in str(e.value)


def test_other_modalities_refuse_wrong_data():
    with pytest.raises(aug.Error, match="audio: .*sample_rate|sample_rate"):
        aug.Pipeline.from_json(AUDIO)(audio=np.zeros((1, 10), np.float32), key="k")
    with pytest.raises(aug.Error, match="float32"):
        aug.Pipeline.from_json(AUDIO)(audio=np.zeros(10), sample_rate=8000, key="k")
    with pytest.raises(aug.Error, match="series: expected dtype float64"):
        aug.Pipeline.from_json(SERIES)(series=np.zeros((4, 2), np.float32), key="k")
    with pytest.raises(aug.Error, match="text: expected a str"):
        aug.Pipeline.from_json(TEXT)(text=b"bytes", key="k")


def test_bad_documents_name_the_json_path_and_the_file(tmp_path):
    doc = dict(IMAGE_PIPELINE, steps=[{"transform": "image.rotate",
                                       "params": {"degrees": "many"}}])
    with pytest.raises(aug.Error) as e:
        aug.Pipeline.from_json(doc)
    assert e.value.where == "steps[0].params.degrees" and e.value.kind == "pipeline"
    with pytest.raises(aug.Error, match="not valid JSON"):
        aug.Pipeline.from_json("{nope")
    bad = tmp_path / "bad.augpipe.json"
    bad.write_text('{"version": 1, "modality": "image", "steps": [{"transform": "image.nope"}]}')
    with pytest.raises(aug.Error) as e:
        aug.Pipeline.load(bad)
    assert str(bad) in str(e.value) and "steps[0]" in str(e.value)
    with pytest.raises(aug.Error, match="expected a JSON str or a dict"):
        aug.Pipeline.from_json(3)
    with pytest.raises(aug.Error) as e:
        aug.Pipeline.from_json(dict(IMAGE_PIPELINE, steps=[{"transform": "image.hflip",
                                                            "p": object()}]))
    assert e.value.where == "pipeline.steps[0].p" and "object" in str(e.value)
    # numpy scalars read as JSON numbers and booleans
    doc = dict(IMAGE_PIPELINE, seed=np.int64(3), steps=[
        {"transform": "image.hflip", "p": np.float32(1.0)},
        {"transform": "image.affine", "p": 1.0, "params": {"keep_ratio": np.bool_(False)}}])
    assert aug.Pipeline.from_json(doc).steps[1]["params"]["keep_ratio"] is False


def test_gil_is_released_while_the_engine_runs(image_pipeline):
    big = random_image(np.random.default_rng(9), 256, 256)
    batch = [{"image": big, "key": f"k{i}"} for i in range(48)]
    ticks = []
    stop = threading.Event()

    def count():
        while not stop.is_set():
            ticks.append(time.perf_counter())

    t = threading.Thread(target=count)
    t.start()
    time.sleep(0.01)
    begin = time.perf_counter()
    image_pipeline.map(batch, threads=1)
    end = time.perf_counter()
    stop.set()
    t.join()
    during = sum(1 for x in ticks if begin < x < end)
    # Holding the GIL for the call would leave the counting thread a handful of turns at most.
    assert during > 200
