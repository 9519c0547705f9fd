"""Keras's ImageDataGenerator on the augstudio engine: numpy in, numpy batches out, no
TensorFlow. Same constructor arguments, methods and parameter dict as Keras's, with its
documented meanings (see docs in the README):

- theta: rotation in degrees, counter-clockwise, about the image centre;
- tx / ty: shift in pixels along x (width_shift_range) / y (height_shift_range). Keras's
  last release draws tx from height_shift_range and centres rotations at (h/2, w/2)
  swapped on non-square images; here each range shifts its own axis about the true centre;
- shear: degrees, Keras's matrix [[1, -sin s], [0, cos s]];
- zx / zy: drawn independently and uniformly in [1 - z, 1 + z] (the input is sampled at z
  times the output position: content appears 1 / z as large);
- channel_shift_intensity: added to every channel, clipped to the image's min and max;
- brightness: one factor, applied as Keras applies it (8-bit, truncated).

The geometry and flips run in the C++ engine (image.keras_affine, image.hflip, image.vflip:
the steps of `augstudio-cli preset keras`). Randomness comes from a numpy Generator owned by
the generator or seeded per call: numpy's global RNG is never touched, and flow() gives each
(epoch, sample) its own seed, so every run repeats."""

import math
import os
import warnings

import numpy as np

from ._errors import error, type_name
from .dataset import scan
from .pipeline import Pipeline

__all__ = ["ImageDataGenerator", "NumpyArrayIterator", "DirectoryIterator"]

_FILL = {"constant": "constant", "nearest": "replicate", "reflect": "reflect", "wrap": "wrap"}


def _number(value, name, lowest=0.0):
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise error(name, f"expected a number, got {type_name(value)}")
    if value < lowest:
        raise error(name, f"expected a number >= {lowest}, got {value}")
    return value


class ImageDataGenerator:
    """keras.preprocessing.image.ImageDataGenerator, every constructor argument."""

    def __init__(self, featurewise_center=False, samplewise_center=False,
                 featurewise_std_normalization=False, samplewise_std_normalization=False,
                 zca_whitening=False, zca_epsilon=1e-6, rotation_range=0, width_shift_range=0.,
                 height_shift_range=0., brightness_range=None, shear_range=0., zoom_range=0.,
                 channel_shift_range=0., fill_mode="nearest", cval=0., horizontal_flip=False,
                 vertical_flip=False, rescale=None, preprocessing_function=None,
                 data_format="channels_last", validation_split=0.0, interpolation_order=1,
                 dtype="float32"):
        self.featurewise_center = bool(featurewise_center)
        self.samplewise_center = bool(samplewise_center)
        self.featurewise_std_normalization = bool(featurewise_std_normalization)
        self.samplewise_std_normalization = bool(samplewise_std_normalization)
        self.zca_whitening = bool(zca_whitening)
        self.zca_epsilon = _number(zca_epsilon, "zca_epsilon")
        self.rotation_range = _number(rotation_range, "rotation_range")
        self.width_shift_range = self._shift(width_shift_range, "width_shift_range")
        self.height_shift_range = self._shift(height_shift_range, "height_shift_range")
        if brightness_range is not None:
            if (not isinstance(brightness_range, (tuple, list)) or len(brightness_range) != 2):
                raise error("brightness_range", f"expected [lo, hi], got {brightness_range!r}")
        self.brightness_range = brightness_range
        self.shear_range = _number(shear_range, "shear_range")
        if isinstance(zoom_range, (int, float, np.integer, np.floating)) and \
                not isinstance(zoom_range, bool):
            self.zoom_range = [1 - zoom_range, 1 + zoom_range]
        elif isinstance(zoom_range, (tuple, list)) and len(zoom_range) == 2:
            self.zoom_range = [zoom_range[0], zoom_range[1]]
        else:
            raise error("zoom_range", f"expected a float or [lower, upper], got {zoom_range!r}")
        self.channel_shift_range = _number(channel_shift_range, "channel_shift_range")
        if fill_mode not in _FILL:
            raise error("fill_mode", f"expected one of constant, nearest, reflect, wrap, got "
                                     f"{fill_mode!r}")
        self.fill_mode = fill_mode
        self.cval = _number(cval, "cval", -math.inf)
        self.horizontal_flip = bool(horizontal_flip)
        self.vertical_flip = bool(vertical_flip)
        self.rescale = rescale
        if preprocessing_function is not None and not callable(preprocessing_function):
            raise error("preprocessing_function", "expected a callable or None")
        self.preprocessing_function = preprocessing_function
        if data_format not in ("channels_last", "channels_first"):
            raise error("data_format", f"expected 'channels_last' or 'channels_first', got "
                                       f"{data_format!r}")
        self.data_format = data_format
        self.channel_axis, self.row_axis, self.col_axis = ((3, 1, 2) if data_format ==
                                                           "channels_last" else (1, 2, 3))
        if not 0 <= validation_split < 1:
            raise error("validation_split", f"expected a float in [0, 1), got {validation_split}")
        self._validation_split = validation_split
        if interpolation_order not in (0, 1):
            raise error("interpolation_order", "expected 0 (nearest) or 1 (bilinear)")
        self.interpolation_order = interpolation_order
        self.dtype = dtype
        self.mean = self.std = self.zca_whitening_matrix = None
        # Keras's own adjustments of inconsistent settings.
        if self.zca_whitening:
            if not self.featurewise_center:
                self.featurewise_center = True
                warnings.warn("zca_whitening overrides featurewise_center: set to True")
            if self.featurewise_std_normalization:
                self.featurewise_std_normalization = False
                warnings.warn("zca_whitening overrides featurewise_std_normalization: "
                              "set to False")
        if self.featurewise_std_normalization and not self.featurewise_center:
            self.featurewise_center = True
            warnings.warn("featurewise_std_normalization implies featurewise_center: set")
        if self.samplewise_std_normalization and not self.samplewise_center:
            self.samplewise_center = True
            warnings.warn("samplewise_std_normalization implies samplewise_center: set")
        self._rng = np.random.default_rng()
        self._engine = Pipeline.from_json({
            "version": 1, "modality": "image", "name": "augstudio.keras apply_transform",
            "steps": [
                {"transform": "image.keras_affine", "p": 1.0, "params": {
                    "interpolation": "linear" if interpolation_order == 1 else "nearest",
                    "border_mode": _FILL[fill_mode], "fill": float(max(self.cval, 0))}},
                {"transform": "image.hflip", "p": 1.0},
                {"transform": "image.vflip", "p": 1.0}]})

    @staticmethod
    def _shift(value, name):
        if isinstance(value, (list, tuple, np.ndarray)):
            if len(value) == 0:
                raise error(name, "expected a non-empty list")
            return list(value)
        return _number(value, name)

    # --- the parameter dict --------------------------------------------------------------

    def get_random_transform(self, img_shape, seed=None):
        """Keras's parameter dict for one image of img_shape, drawn from a Generator seeded
        with `seed` (or the generator's own when None)."""
        rng = self._rng if seed is None else np.random.default_rng(seed)
        h = img_shape[self.row_axis - 1]
        w = img_shape[self.col_axis - 1]
        theta = rng.uniform(-self.rotation_range, self.rotation_range) \
            if self.rotation_range else 0

        def shift(r, extent):
            if not (r if not isinstance(r, list) else len(r)):
                return 0
            if isinstance(r, list):
                v = rng.choice(r) * rng.choice([-1, 1])
            elif isinstance(r, (int, np.integer)):
                v = rng.choice(int(r)) * rng.choice([-1, 1])
            else:
                v = rng.uniform(-r, r)
            if np.max(np.abs(r)) < 1:
                v *= extent
            return float(v)

        tx = shift(self.width_shift_range, w)
        ty = shift(self.height_shift_range, h)
        shear = rng.uniform(-self.shear_range, self.shear_range) if self.shear_range else 0
        if self.zoom_range[0] == 1 and self.zoom_range[1] == 1:
            zx, zy = 1, 1
        else:
            zx, zy = rng.uniform(self.zoom_range[0], self.zoom_range[1], 2)
        flip_horizontal = bool(rng.random() < 0.5) and self.horizontal_flip
        flip_vertical = bool(rng.random() < 0.5) and self.vertical_flip
        channel_shift_intensity = None
        if self.channel_shift_range != 0:
            channel_shift_intensity = rng.uniform(-self.channel_shift_range,
                                                  self.channel_shift_range)
        brightness = None
        if self.brightness_range is not None:
            brightness = rng.uniform(self.brightness_range[0], self.brightness_range[1])
        return {"theta": theta, "tx": tx, "ty": ty, "shear": shear, "zx": zx, "zy": zy,
                "flip_horizontal": flip_horizontal, "flip_vertical": flip_vertical,
                "channel_shift_intensity": channel_shift_intensity, "brightness": brightness}

    def apply_transform(self, x, transform_parameters):
        """One image (3D, data_format order) transformed by a parameter dict."""
        x = np.asarray(x)
        if x.ndim != 3:
            raise error("x", f"expected a 3D image, got shape {x.shape}")
        t = transform_parameters
        image = np.moveaxis(x, 0, 2) if self.data_format == "channels_first" else x
        dtype = image.dtype
        work = np.ascontiguousarray(image, dtype=np.float32)
        values = {"theta": float(t.get("theta", 0)), "tx": float(t.get("tx", 0)),
                  "ty": float(t.get("ty", 0)), "shear": float(t.get("shear", 0)),
                  "zx": float(t.get("zx", 1)), "zy": float(t.get("zy", 1))}
        steps = [{"id": "image.keras_affine", "applied": True, "values": values},
                 {"id": "image.hflip", "applied": bool(t.get("flip_horizontal", False)),
                  "values": {}},
                 {"id": "image.vflip", "applied": bool(t.get("flip_vertical", False)),
                  "values": {}}]
        if self.fill_mode == "constant" and self.cval < 0:
            raise error("cval", "a negative cval is not supported by the engine")
        out = self._engine.replay(work, steps=steps, channels="bgr").image
        if out.ndim == 2:
            out = out[:, :, None]
        if t.get("channel_shift_intensity") is not None:
            lo, hi = out.min(), out.max()
            out = np.clip(out + t["channel_shift_intensity"], lo, hi)
        if t.get("brightness") is not None:
            # As Keras: through an 8-bit image, PIL's brightness blend (truncating).
            u8 = np.clip(out, 0, 255).astype(np.uint8)
            out = np.minimum(u8.astype(np.float64) * t["brightness"], 255).astype(np.uint8)
        out = out.astype(dtype if np.issubdtype(dtype, np.floating) else np.float32,
                         copy=False)
        return np.moveaxis(out, 2, 0) if self.data_format == "channels_first" else out

    def random_transform(self, x, seed=None):
        return self.apply_transform(x, self.get_random_transform(np.shape(x), seed))

    # --- normalisation ------------------------------------------------------------------

    def standardize(self, x):
        """preprocessing_function, rescale, samplewise then featurewise statistics and ZCA,
        in Keras's order. Returns a new array (Keras changes x in place)."""
        x = np.array(x, dtype=self.dtype, copy=True)
        if self.preprocessing_function:
            x = self.preprocessing_function(x)
        if self.rescale:
            x *= self.rescale
        if self.samplewise_center:
            x -= np.mean(x, keepdims=True)
        if self.samplewise_std_normalization:
            x /= (np.std(x, keepdims=True) + 1e-6)
        if self.featurewise_center:
            if self.mean is not None:
                x -= self.mean
            else:
                warnings.warn("featurewise_center is set but fit() was not called")
        if self.featurewise_std_normalization:
            if self.std is not None:
                x /= (self.std + 1e-6)
            else:
                warnings.warn("featurewise_std_normalization is set but fit() was not called")
        if self.zca_whitening:
            if self.zca_whitening_matrix is not None:
                flat = x.reshape(-1, int(np.prod(x.shape[-3:])))
                x = np.reshape(flat @ self.zca_whitening_matrix, x.shape)
            else:
                warnings.warn("zca_whitening is set but fit() was not called")
        return x

    def fit(self, x, augment=False, rounds=1, seed=None):
        """Featurewise mean, std and the ZCA matrix from x (N images), as Keras computes them."""
        x = np.asarray(x, dtype=self.dtype)
        if x.ndim != 4:
            raise error("x", f"expected a 4D array of images, got shape {x.shape}")
        if x.shape[self.channel_axis] not in (1, 3, 4):
            warnings.warn(f"fit: {x.shape[self.channel_axis]} channels on axis "
                          f"{self.channel_axis} (expected 1, 3 or 4)")
        if augment:
            base = 0 if seed is None else int(seed)
            ax = np.zeros((rounds * x.shape[0],) + x.shape[1:], dtype=self.dtype)
            for r in range(rounds):
                for i in range(x.shape[0]):
                    s = None if seed is None else base + r * x.shape[0] + i
                    ax[i + r * x.shape[0]] = self.random_transform(x[i], seed=s)
            x = ax
        x = x.copy()
        axes = (0, self.row_axis, self.col_axis)
        shape = [1, 1, 1]
        shape[self.channel_axis - 1] = x.shape[self.channel_axis]
        if self.featurewise_center:
            self.mean = np.mean(x, axis=axes).reshape(shape)
            x -= self.mean
        if self.featurewise_std_normalization:
            self.std = np.std(x, axis=axes).reshape(shape)
            x /= (self.std + 1e-6)
        if self.zca_whitening:
            flat = np.reshape(x, (x.shape[0], -1))
            sigma = flat.T @ flat / flat.shape[0]
            u, s, _ = np.linalg.svd(sigma)
            s_inv = 1.0 / np.sqrt(s[np.newaxis] + self.zca_epsilon)
            self.zca_whitening_matrix = (u * s_inv) @ u.T

    # --- iterators ----------------------------------------------------------------------

    def flow(self, x, y=None, batch_size=32, shuffle=True, sample_weight=None, seed=None,
             save_to_dir=None, save_prefix="", save_format="png", ignore_class_split=False,
             subset=None):
        return NumpyArrayIterator(x, y, self, batch_size=batch_size, shuffle=shuffle,
                                  sample_weight=sample_weight, seed=seed, subset=subset)

    def flow_from_directory(self, directory, target_size=(256, 256), color_mode="rgb",
                            classes=None, class_mode="categorical", batch_size=32, shuffle=True,
                            seed=None, save_to_dir=None, save_prefix="", save_format="png",
                            follow_links=False, subset=None, interpolation="nearest"):
        return DirectoryIterator(directory, self, target_size=target_size,
                                 color_mode=color_mode, classes=classes, class_mode=class_mode,
                                 batch_size=batch_size, shuffle=shuffle, seed=seed,
                                 subset=subset, interpolation=interpolation)


class _Iterator:
    """Keras's Iterator: len() batches, indexing, next(), on_epoch_end(), reset(). The order of
    an epoch and every sample's transform come from (seed, epoch, index), so the batches do
    not depend on the order they are asked for."""

    def __init__(self, n, batch_size, shuffle, seed):
        if n == 0:
            raise error("x", "no samples")
        self.n = n
        self.batch_size = int(batch_size)
        self.shuffle = shuffle
        self.seed = int(np.random.SeedSequence().entropy % (1 << 63)) if seed is None else \
            int(seed)
        self.epoch = 0
        self.batch_index = 0
        self._order = self._epoch_order()

    def _epoch_order(self):
        if not self.shuffle:
            return np.arange(self.n)
        return np.random.default_rng([self.seed, self.epoch]).permutation(self.n)

    def on_epoch_end(self):
        self.epoch += 1
        self._order = self._epoch_order()

    def reset(self):
        self.batch_index = 0

    def __len__(self):
        return (self.n + self.batch_size - 1) // self.batch_size

    def __getitem__(self, idx):
        if not 0 <= idx < len(self):
            raise IndexError(f"batch {idx} of {len(self)}")
        return self._batch(self._order[idx * self.batch_size:(idx + 1) * self.batch_size])

    def __iter__(self):
        return self

    def __next__(self):
        if self.batch_index >= len(self):
            self.batch_index = 0
            self.on_epoch_end()
        batch = self[self.batch_index]
        self.batch_index += 1
        return batch

    next = __next__

    def _sample_seed(self, index):
        return [self.seed, self.epoch, int(index)]


class NumpyArrayIterator(_Iterator):
    def __init__(self, x, y, image_data_generator, batch_size=32, shuffle=False,
                 sample_weight=None, seed=None, subset=None):
        x = np.asarray(x)
        if x.ndim != 4:
            raise error("x", f"expected a 4D array of images, got shape {x.shape}")
        if y is not None and len(x) != len(y):
            raise error("y", f"expected as many labels as images ({len(x)}), got {len(y)}")
        if subset is not None:
            if subset not in ("training", "validation"):
                raise error("subset", f"expected 'training' or 'validation', got {subset!r}")
            split = int(len(x) * image_data_generator._validation_split)
            part = slice(None, split) if subset == "validation" else slice(split, None)
            x = x[part]
            y = None if y is None else np.asarray(y)[part]
            sample_weight = None if sample_weight is None else np.asarray(sample_weight)[part]
        self.x = x
        self.y = None if y is None else np.asarray(y)
        self.sample_weight = None if sample_weight is None else np.asarray(sample_weight)
        self.image_data_generator = image_data_generator
        super().__init__(len(x), batch_size, shuffle, seed)

    def _batch(self, indices):
        g = self.image_data_generator
        xs = np.stack([g.standardize(g.random_transform(self.x[i].astype(g.dtype),
                                                        seed=self._sample_seed(i)))
                       for i in indices])
        out = [xs]
        if self.y is not None:
            out.append(self.y[indices])
        if self.sample_weight is not None:
            out.append(self.sample_weight[indices])
        return out[0] if len(out) == 1 else tuple(out)


class DirectoryIterator(_Iterator):
    """Class folders of images (augstudio's scan), resized to target_size by the engine."""

    def __init__(self, directory, image_data_generator, target_size=(256, 256),
                 color_mode="rgb", classes=None, class_mode="categorical", batch_size=32,
                 shuffle=True, seed=None, subset=None, interpolation="nearest"):
        if color_mode not in ("grayscale", "rgb", "rgba"):
            raise error("color_mode", f"expected grayscale, rgb or rgba, got {color_mode!r}")
        if class_mode not in ("categorical", "binary", "sparse", "input", None):
            raise error("class_mode", f"expected categorical, binary, sparse, input or None, "
                                      f"got {class_mode!r}")
        if interpolation not in ("nearest", "bilinear", "bicubic", "lanczos", "box"):
            raise error("interpolation", f"unknown interpolation {interpolation!r}")
        if not isinstance(directory, (str, os.PathLike)):
            raise error("directory", f"expected a path, got {type_name(directory)}")
        self.dataset = scan(directory)
        if self.dataset.modality != "image":
            raise error("directory", "holds no image dataset")
        self.class_indices = {c: i for i, c in enumerate(
            sorted(classes) if classes else self.dataset.classes)}
        self.image_data_generator = image_data_generator
        self.target_size = tuple(target_size)
        self.color_mode = color_mode
        self.class_mode = class_mode
        split = image_data_generator._validation_split
        members = {}
        for i in range(len(self.dataset)):
            label = self.dataset.label(i)
            if label in self.class_indices:
                members.setdefault(label, []).append(i)
        # Keras: per class, the first validation_split of its files are the validation subset.
        self.items = []
        for label in sorted(members, key=self.class_indices.get):
            v = members[label]
            cut = int(split * len(v))
            if subset == "validation":
                v = v[:cut]
            elif subset == "training":
                v = v[cut:]
            elif subset is not None:
                raise error("subset", f"expected 'training' or 'validation', got {subset!r}")
            self.items.extend(v)
        self.classes = np.array([self.class_indices[self.dataset.label(i)] for i in self.items])
        self.filenames = [self.dataset.key(i) for i in self.items]
        self.filepaths = [os.path.join(self.dataset.root, f) for f in self.filenames]
        self.samples = len(self.items)
        self.num_classes = len(self.class_indices)
        self._resize = Pipeline.from_json({
            "version": 1, "modality": "image", "steps": [{
                "transform": "image.resize", "p": 1.0, "params": {
                    "height": int(self.target_size[0]), "width": int(self.target_size[1]),
                    "interpolation": {"nearest": "nearest", "bilinear": "linear",
                                      "bicubic": "cubic", "lanczos": "lanczos",
                                      "box": "area"}[interpolation]}}]})
        super().__init__(self.samples, batch_size, shuffle, seed)

    def _load(self, item):
        image = self.dataset.load(item).image
        if image.ndim == 2:
            image = image[:, :, None]
        c = image.shape[2]
        if self.color_mode == "grayscale" and c >= 3:
            image = (image[..., :3].astype(np.float64) @ [0.299, 0.587, 0.114])[..., None]
            image = np.round(image).astype(np.uint8)
        elif self.color_mode == "rgb" and c != 3:
            image = np.repeat(image[..., :1], 3, axis=2) if c == 1 else image[..., :3]
        elif self.color_mode == "rgba" and c != 4:
            rgb = np.repeat(image[..., :1], 3, axis=2) if c == 1 else image[..., :3]
            image = np.concatenate([rgb, np.full(rgb.shape[:2] + (1,), 255, rgb.dtype)], 2)
        image = np.ascontiguousarray(image)
        resized = self._resize(image, seed=0, channels="bgr").image
        return resized if resized.ndim == 3 else resized[:, :, None]

    def _batch(self, indices):
        g = self.image_data_generator
        xs = []
        for i in indices:
            x = self._load(self.items[i]).astype(g.dtype)
            if g.data_format == "channels_first":
                x = np.moveaxis(x, 2, 0)
            xs.append(g.standardize(g.random_transform(x, seed=self._sample_seed(i))))
        xs = np.stack(xs)
        labels = self.classes[indices]
        if self.class_mode == "input":
            return xs, xs.copy()
        if self.class_mode == "sparse":
            return xs, labels.astype(g.dtype)
        if self.class_mode == "binary":
            return xs, labels.astype(g.dtype)
        if self.class_mode == "categorical":
            return xs, np.eye(self.num_classes, dtype=g.dtype)[labels]
        return xs
