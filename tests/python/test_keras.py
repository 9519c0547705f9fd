"""augstudio.keras.ImageDataGenerator against Keras's semantics (see the module docstring):
the expected images come from scipy.ndimage with Keras's matrix, written out here."""

import json

import numpy as np
import pytest
from scipy import ndimage

import augstudio as aug
from augstudio.keras import ImageDataGenerator
from conftest import cli, random_image


def keras_reference(x, t, fill_mode="nearest", cval=0.0, tan_shear=False):
    """Keras's apply_affine_transform on an H x W x C image (order 1), documented axes;
    tan_shear: the shear the old preset used instead ([[1, -tan s], [0, 1]])."""
    h, w = x.shape[:2]
    th, s = np.deg2rad(t["theta"]), np.deg2rad(t["shear"])
    rotation = np.array([[np.cos(th), -np.sin(th), 0], [np.sin(th), np.cos(th), 0], [0, 0, 1]])
    shift = np.array([[1, 0, t["tx"]], [0, 1, t["ty"]], [0, 0, 1]])
    shear = np.array([[1, -np.sin(s), 0], [0, np.cos(s), 0], [0, 0, 1]])
    if tan_shear:
        shear = np.array([[1, -np.tan(s), 0], [0, 1, 0], [0, 0, 1]])
    zoom = np.diag([t["zx"], t["zy"], 1.0])
    centre = np.array([[1, 0, (w - 1) / 2], [0, 1, (h - 1) / 2], [0, 0, 1]])
    m = centre @ rotation @ shift @ shear @ zoom @ np.linalg.inv(centre)  # on (x, y)
    swap = np.array([[0, 1, 0], [1, 0, 0], [0, 0, 1]])
    m = swap @ m @ swap  # ndimage indexes (row, column)
    return np.stack([ndimage.affine_transform(x[..., c], m[:2, :2], m[:2, 2], order=1,
                                              mode=fill_mode, cval=cval)
                     for c in range(x.shape[2])], axis=2)


def params(**kw):
    t = {"theta": 0, "tx": 0, "ty": 0, "shear": 0, "zx": 1, "zy": 1, "flip_horizontal": False,
         "flip_vertical": False, "channel_shift_intensity": None, "brightness": None}
    t.update(kw)
    return t


@pytest.fixture(scope="module")
def photo():
    return random_image(np.random.default_rng(11), 96, 96).astype(np.float32)


@pytest.mark.parametrize("t", [
    params(theta=20), params(tx=7.0, ty=-4.0), params(shear=10), params(shear=-25),
    params(zx=0.8, zy=1.2), params(theta=-12, tx=3.0, ty=5.0, shear=8, zx=1.1, zy=0.9),
], ids=["rotation", "shift", "shear10", "shear-25", "zoom", "all"])
def test_apply_transform_matches_keras_within_half_a_grey_level(photo, t):
    g = ImageDataGenerator()
    ours = g.apply_transform(photo, t)
    expected = keras_reference(photo, t)
    inner = (slice(12, -12), slice(12, -12))
    assert np.abs(ours[inner] - expected[inner]).mean() < 0.5
    # A tan shear (the old preset) is not that close from 10 degrees on.
    if abs(t["shear"]) >= 10:
        tan = keras_reference(photo, t, tan_shear=True)
        assert np.abs(ours[inner] - tan[inner]).mean() > 1.0


def test_flips_channel_shift_brightness_as_keras(photo):
    g = ImageDataGenerator()
    assert np.array_equal(g.apply_transform(photo, params(flip_horizontal=True)), photo[:, ::-1])
    assert np.array_equal(g.apply_transform(photo, params(flip_vertical=True)), photo[::-1])
    shifted = g.apply_transform(photo, params(channel_shift_intensity=30.0))
    assert np.array_equal(shifted, np.clip(photo + 30, photo.min(), photo.max()))
    bright = g.apply_transform(photo, params(brightness=1.5))
    assert np.array_equal(bright, np.minimum(photo.astype(np.uint8) * 1.5, 255).astype(np.uint8))
    first = ImageDataGenerator(data_format="channels_first")
    chw = np.ascontiguousarray(np.moveaxis(photo, 2, 0))
    assert np.array_equal(first.apply_transform(chw, params(theta=15)),
                          np.moveaxis(g.apply_transform(photo, params(theta=15)), 2, 0))


def test_get_random_transform_draws_as_keras():
    g = ImageDataGenerator(rotation_range=20, width_shift_range=0.2, height_shift_range=3,
                           shear_range=10, zoom_range=0.5, horizontal_flip=True,
                           channel_shift_range=5, brightness_range=[0.5, 1.5])
    draws = [g.get_random_transform((50, 100, 3), seed=i) for i in range(2000)]
    zx = np.array([d["zx"] for d in draws])
    zy = np.array([d["zy"] for d in draws])
    assert zx.min() >= 0.5 and zx.max() <= 1.5 and abs(zx.mean() - 1) < 0.02
    assert abs((zx < 1).mean() - 0.5) < 0.04 and abs(np.corrcoef(zx, zy)[0, 1]) < 0.06
    tx = np.array([d["tx"] for d in draws])
    assert np.abs(tx).max() <= 20 and np.abs(tx).max() > 18  # 0.2 of the width, 100
    ty = {d["ty"] for d in draws}
    assert ty <= {-2.0, -1.0, 0.0, 1.0, 2.0}  # int 3: choice(3) with a random sign
    assert all(abs(d["theta"]) <= 20 and abs(d["shear"]) <= 10 for d in draws)
    assert 0.4 < np.mean([d["flip_horizontal"] for d in draws]) < 0.6
    assert g.get_random_transform((50, 100, 3), seed=5) == draws[5]
    state = np.random.get_state()[1].copy()
    g.get_random_transform((50, 100, 3))
    assert np.array_equal(np.random.get_state()[1], state)  # numpy's global RNG untouched


def test_the_seed_example_runs_unchanged(photo):
    x_train = np.stack([photo, photo[::-1], photo[:, ::-1], photo * 0.5])
    y_train = np.array([0, 1, 0, 1])
    datagen = ImageDataGenerator(rotation_range=20, width_shift_range=0.2,
                                 height_shift_range=0.2, horizontal_flip=True)
    datagen.fit(x_train)
    batches = datagen.flow(x_train, y_train, batch_size=3, seed=1)
    assert len(batches) == 2
    xb, yb = batches[0]
    assert xb.shape == (3, 96, 96, 3) and xb.dtype == np.float32 and yb.shape == (3,)
    again = datagen.flow(x_train, y_train, batch_size=3, seed=1)
    assert np.array_equal(again[1][0], batches[1][0])  # order of requests does not matter
    assert np.array_equal(again[0][0], xb)
    next(batches), next(batches)
    assert not np.array_equal(next(batches)[0], xb)  # the next epoch differs


def test_fit_standardize_and_zca_as_keras(photo):
    rng = np.random.default_rng(2)
    x = rng.uniform(0, 255, (20, 6, 6, 3)).astype(np.float32)
    g = ImageDataGenerator(featurewise_center=True, featurewise_std_normalization=True,
                           rescale=0.5)
    g.fit(x)
    assert np.allclose(g.mean.ravel(), x.mean(axis=(0, 1, 2)), rtol=1e-5)
    assert np.allclose(g.std.ravel(), (x - g.mean).std(axis=(0, 1, 2)), rtol=1e-4)
    s = g.standardize(x[0])
    assert np.allclose(s, (x[0] * 0.5 - g.mean) / (g.std + 1e-6), atol=1e-4)
    sw = ImageDataGenerator(samplewise_std_normalization=True)
    assert sw.samplewise_center  # Keras turns it on
    assert abs(sw.standardize(x[0]).mean()) < 1e-4 and abs(sw.standardize(x[0]).std() - 1) < 1e-3
    z = ImageDataGenerator(zca_whitening=True)
    assert z.featurewise_center
    x = rng.normal(0, 1, (400, 2, 2, 1)).astype(np.float32) @ np.ones((1, 1), np.float32)
    x[..., 0] += 2 * x[:, :1, :1, 0]  # correlated pixels
    z.fit(x)
    white = np.stack([z.standardize(v) for v in x]).reshape(400, -1)
    assert np.allclose(np.cov(white.T, bias=True), np.eye(4), atol=0.05)


def test_validation_split_and_subsets_as_keras(photo, class_folders):
    x = np.zeros((10, 4, 4, 3), np.float32) + np.arange(10)[:, None, None, None]
    g = ImageDataGenerator(validation_split=0.3)
    val = g.flow(x, np.arange(10), batch_size=10, shuffle=False, subset="validation")
    train = g.flow(x, np.arange(10), batch_size=10, shuffle=False, subset="training")
    assert list(val[0][1]) == [0, 1, 2] and list(train[0][1]) == list(range(3, 10))
    d = g.flow_from_directory(class_folders, target_size=(20, 30), batch_size=4, seed=2,
                              subset="training")
    assert d.class_indices == {"cat": 0, "dog": 1, "owl": 2}
    # Per class int(0.3 * n) files go to validation: cat 3 -> 0, dog 6 -> 1, owl 1 -> 0.
    assert d.samples == 9 and list(d.classes) == [0, 0, 0, 1, 1, 1, 1, 1, 2]
    xb, yb = d[0]
    assert xb.shape == (4, 20, 30, 3) and yb.shape == (4, 3) and np.allclose(yb.sum(1), 1)
    v = g.flow_from_directory(class_folders, target_size=(20, 30), subset="validation",
                              class_mode="sparse", color_mode="grayscale")
    assert v.filenames == ["dog/000.png"] and v[0][0].shape == (1, 20, 30, 1)


def test_bad_arguments_raise_errors_naming_them():
    for kwargs, name in [({"fill_mode": "mirror"}, "fill_mode"), ({"zoom_range": "big"},
                         "zoom_range"), ({"rotation_range": -1}, "rotation_range"),
                         ({"data_format": "nhwc"}, "data_format"),
                         ({"validation_split": 1.5}, "validation_split"),
                         ({"brightness_range": 0.5}, "brightness_range")]:
        with pytest.raises(aug.Error) as e:
            ImageDataGenerator(**kwargs)
        assert e.value.where == name
    with pytest.raises(aug.Error, match="x: expected a 4D"):
        ImageDataGenerator().flow(np.zeros((4, 4, 3)))


def test_cli_preset_takes_python_keywords():
    out = json.loads(cli("preset", "keras", "rotation_range=20, zoom_range=0.2, "
                         "horizontal_flip=True, fill_mode='constant'").stdout)
    assert [s["transform"] for s in out["steps"]] == ["image.keras_affine", "image.hflip"]
    assert out["steps"][0]["params"]["zoom"] == [0.8, 1.2]
    p = aug.Pipeline.from_json(out)
    r = p(random_image(np.random.default_rng(0), 32, 32), key="k")
    assert r.steps[0]["id"] == "image.keras_affine" and 0.8 <= r.steps[0]["values"]["zx"] <= 1.2
