"""Partners of the multi-sample transforms (image.mixup / cutmix / mosaic / copy_paste,
audio.mix, series.mixup / cutmix / smote / mixup_same_class) and the word statistics of
text.tfidf_replace: from a scanned dataset, as the export builds them, or from a list."""

import weakref

from . import _core
from ._errors import error, type_name

_DATA = ("image", "audio", "series", "text")


class Partners:
    """The other items a run's multi-sample transforms draw from.

    Partners(dataset, splits=("train",)): the items of those splits of a scanned Dataset,
    decoded on demand within the scan's limits, exactly what `augstudio-cli export` gives (its
    augmented splits); the series pool and word statistics are fitted over the same items.
    Partners([dict, ...]): a list of samples, each a dict of a call's keywords (image= with
    channels=, audio= with sample_rate=, series= or text=, and label=, optionally key=; the
    key defaults to "partner<i>"). The item being run is left out of its own partners when the
    call names it (key=). Built once per pipeline on first use; pickles as its source, so
    DataLoader workers (fork or spawn) rebuild the same partners."""

    def __init__(self, source, splits=("train",)):
        from .dataset import Dataset  # dataset.py imports pipeline.py, which imports this
        if isinstance(splits, str):
            splits = [splits]
        self._splits = tuple(str(s) for s in splits)
        if isinstance(source, Dataset):
            self._source = source
        elif isinstance(source, (list, tuple)):
            self._source = list(source)
            self._list = _list_context(self._source)
        else:
            raise error("partners", f"expected a Dataset or a list of sample dicts, got "
                                    f"{type_name(source)}")
        self._contexts = {}

    @property
    def splits(self):
        return self._splits

    def context(self, pipeline):
        """The engine's partners for `pipeline` (what it uses is built, once)."""
        if isinstance(self._source, list):
            return self._list
        # By the core pipeline's identity, held here so the id is not reused (cheap per call).
        found = self._contexts.get(id(pipeline._p))
        if found is None:
            found = (pipeline._p, _core.dataset_partners(self._source._d, pipeline._p,
                                                         list(self._splits)))
            self._contexts[id(pipeline._p)] = found
        return found[1]

    @property
    def keys(self):
        """The partners' keys in the order draws index them (a dataset's: after a first run)."""
        if isinstance(self._source, list):
            return self._list.keys
        return next(iter(self._contexts.values()))[1].keys if self._contexts else []

    def __reduce__(self):
        return (Partners, (self._source, self._splits))

    def __repr__(self):
        what = (f"{len(self._source)} samples" if isinstance(self._source, list)
                else f"{self._source!r} splits={list(self._splits)}")
        return f"<augstudio.Partners {what}>"


def _list_context(samples):
    cores, keys = [], []
    for i, s in enumerate(samples):
        where = f"partners[{i}]"
        if not isinstance(s, dict):
            raise error(where, f"expected a dict of a sample's keywords (image=, audio=, series= "
                               f"or text=, label=, key=), got {type_name(s)}")
        present = [name for name in _DATA if s.get(name) is not None]
        if len(present) != 1:
            raise error(where, "expected exactly one of image=, audio=, series=, text=")
        unknown = sorted(set(s) - {*_DATA, "label", "key", "channels", "sample_rate"})
        if unknown:
            raise error(f"{where}: {unknown[0]}", "unknown keyword")
        label = s.get("label", "")
        if not isinstance(label, str):
            raise error(f"{where}: label", f"expected a str, got {type_name(label)}")
        key = s.get("key", f"partner{i}")
        if not isinstance(key, str):
            raise error(f"{where}: key", f"expected a str, got {type_name(key)}")
        try:
            kind = present[0]
            if kind == "image":
                channels = s.get("channels", "rgb")
                if channels not in ("rgb", "bgr"):
                    raise error("channels", f"expected 'rgb' or 'bgr', got {channels!r}")
                core = _core.image_sample(s["image"], None, None, None, channels == "rgb", label)
            elif kind == "audio":
                rate = s.get("sample_rate")
                if isinstance(rate, bool) or not isinstance(rate, int) or rate < 1:
                    raise error("sample_rate", f"expected an int >= 1, got {rate!r}")
                core = _core.audio_sample(s["audio"], rate, label)
            elif kind == "series":
                core = _core.series_sample(s["series"], label)
            else:
                core = _core.text_sample(s["text"], label)
        except _core.Error as e:
            raise error(f"{where}: {e.where}", e.reason, e.kind) from None
        cores.append(core)
        keys.append(key)
    if len(set(keys)) != len(keys):
        raise error("partners", "partner keys must be distinct")
    return _core.list_partners(cores, keys)


# Partners given as a Dataset: built once per dataset (and pipeline), not once per call.
_OF_DATASET = weakref.WeakKeyDictionary()


def context(partners, pipeline):
    """What a call passes to the engine for partners= (None, a SeriesPool or a context)."""
    if partners is None or isinstance(partners, (_core.SeriesPool, _core.Partners)):
        return partners
    if isinstance(partners, Partners):
        return partners.context(pipeline)
    if isinstance(partners, dict):
        return _core.SeriesPool(partners)  # {label: [series, ...]}: series.mixup_same_class
    if isinstance(partners, (list, tuple)):
        return Partners(partners).context(pipeline)
    from .dataset import Dataset
    if isinstance(partners, Dataset):
        found = _OF_DATASET.get(partners)
        if found is None:
            found = Partners(partners)
            _OF_DATASET[partners] = found
        return found.context(pipeline)
    raise error("partners", f"expected augstudio.Partners, a Dataset, a list of sample dicts, a "
                            f"SeriesPool, a dict of label -> series list or None, got "
                            f"{type_name(partners)}")
