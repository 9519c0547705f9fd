"""Scanned datasets: the layouts the studio and the CLI recognise, indexed once."""

import os

from . import _core
from ._errors import error, type_name
from .pipeline import Pipeline, Result, _Request


class Dataset:
    """A dataset index (core's scan): items with stable keys, classes, splits, bad files.

    Pickles as its root and scan options and scans again when unpickled (spawn workers);
    the scan is deterministic, and a changed folder is an Error, not a silent mismatch."""

    def __init__(self, core_dataset):
        self._d = core_dataset
        self._keys = core_dataset.keys()
        self._labels = core_dataset.labels()
        self._splits = core_dataset.splits()

    root = property(lambda self: self._d.root)
    layout = property(lambda self: self._d.layout)
    modality = property(lambda self: self._d.modality)
    classes = property(lambda self: self._d.classes)
    keys = property(lambda self: list(self._keys))
    labels = property(lambda self: list(self._labels))
    splits = property(lambda self: sorted(set(self._splits)))

    @property
    def items(self):
        """Every item as a dict: key, file, row, label, split and what the scan read."""
        return self._d.items()

    @property
    def bad(self):
        """Files (and rows) the scan could not use: path, line, reason."""
        return self._d.bad()

    def counts(self):
        """split -> class -> items."""
        return self._d.counts()

    def summary(self):
        """What `augstudio-cli scan --json` prints."""
        return self._d.summary()

    def indices(self, split=None):
        """Indices of the items of one split (all items when None)."""
        if split is None:
            return list(range(len(self._keys)))
        return [i for i, s in enumerate(self._splits) if s == split]

    def key(self, index):
        return self._keys[index]

    def label(self, index):
        return self._labels[index]

    def __len__(self):
        return len(self._keys)

    def __getitem__(self, index):
        return self._d.item(index)

    def load(self, index, channels="rgb"):
        """The item decoded as the export reads it, unaugmented, as a Result."""
        request = self._request(index, channels)
        return Pipeline._result(request, request.sample.data())

    def partners(self, splits=("train",)):
        """The export's partners from the items of `splits` (augstudio.Partners): pass as
        partners= to Pipeline calls, Dataset.augment or map."""
        from .partners import Partners
        return Partners(self, splits)

    def series_partners(self, splits=("train",)):
        """The partners series.mixup_same_class draws from, as the export builds them: the
        series of `splits`, per class in dataset order. Pass as partners=."""
        if isinstance(splits, str):
            splits = [splits]
        return _core.series_partners(self._d, [str(s) for s in splits])

    def augment(self, pipeline, index, copy=0, epoch=0, copies=1, seed=None, channels="rgb",
                partners=None):
        """The item augmented with the seed the export gives (key, copy + epoch * copies).
        partners: as Pipeline's (Partners(self) or self gives the export's own partners);
        the item is left out of its own partners, as in the export."""
        if not isinstance(pipeline, Pipeline):
            raise error("pipeline", f"expected an augstudio.Pipeline, got {type_name(pipeline)}")
        if pipeline.modality != self.modality:
            raise error("pipeline", f"a {pipeline.modality} pipeline cannot run on this "
                                    f"{self.modality} dataset")
        request = self._request(index, channels)
        seed = pipeline.seed_for(self._keys[index], copy, epoch, copies, seed)
        return pipeline._run_core(request, seed, partners, self._keys[index])

    def _request(self, index, channels):
        if channels not in ("rgb", "bgr"):
            raise error("channels", f"expected 'rgb' or 'bgr', got {channels!r}")
        r = _Request()
        r.modality = self.modality
        r.sample = self._d.load(index, channels == "rgb")
        r.label = self._labels[index]
        r.box_format = "pascal_voc"
        r.labels = None
        r.width = r.height = 0
        return r

    def __reduce__(self):
        return (_rescan, (self._d.root, self._d.metadata, self._keys,
                          getattr(self, "_limits", _DEFAULT_LIMITS)))

    def __repr__(self):
        return (f"<augstudio.Dataset {self.layout} {self.modality} items={len(self)} "
                f"classes={len(self.classes)} root={self.root!r}>")


_DEFAULT_LIMITS = {"max_megapixels": 100.0, "max_audio_seconds": 3600.0,
                   "max_series_values": 50_000_000}


def scan(path, metadata=True, threads=0, *, max_megapixels=100.0, max_audio_seconds=3600.0,
         max_series_values=50_000_000):
    """Scans a folder (or annotation file) into a Dataset; raises Error when it holds no
    dataset. Files that cannot be used are listed in .bad, not fatal. The limits are the
    CLI's --max-megapixels, --max-audio-seconds and --max-series-values: larger items are
    listed in .bad, and items are later read within the same limits."""
    if not isinstance(path, (str, os.PathLike)):
        raise error("path", f"expected a path, got {type_name(path)}")
    limits = {"max_megapixels": max_megapixels, "max_audio_seconds": max_audio_seconds,
              "max_series_values": max_series_values}
    for name, value in limits.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
            raise error(name, f"expected a positive number, got {value!r}")
    d = Dataset(_core.scan(os.fspath(path), bool(metadata), int(threads),
                           float(max_megapixels), float(max_audio_seconds),
                           int(max_series_values)))
    d._limits = limits
    return d


def _rescan(root, metadata, keys, limits=None):
    d = scan(root, metadata, **(limits or _DEFAULT_LIMITS))
    if d._keys != keys:
        raise error(root, "the dataset changed since it was pickled (its items differ)", "io")
    return d
