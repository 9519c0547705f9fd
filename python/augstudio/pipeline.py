"""Pipelines: the engine's pipeline documents, run on numpy arrays with the export's seeds."""

import json
import os

from . import _core
from ._errors import error, type_name
from .boxes import check_format, from_pascal_voc, to_pascal_voc
from .partners import context as _partner_context

_DATA = ("image", "audio", "series", "text")


def derive_seed(seed, key, copy):
    """The exporter's seed of one output: (pipeline seed, item key, copy index)."""
    if not isinstance(key, str):
        raise error("key", f"expected a str, got {type_name(key)}")
    return _core.derive_seed(_check_int(seed, "seed"), key, _check_int(copy, "copy"))


def _check_int(value, name, lowest=0):
    if isinstance(value, bool) or not hasattr(value, "__index__"):
        raise error(name, f"expected an int, got {type_name(value)}")
    value = value.__index__()
    if value < lowest or value >= 1 << 64:
        raise error(name, f"expected an int >= {lowest} below 2**64, got {value}")
    return value


class Result:
    """One augmented sample: its data (image and targets, audio, series or text), the seed it
    ran with and the values every step drew (the export manifest's "steps")."""

    # Class-level defaults: a result sets only what its modality has (cheap per call).
    image = mask = boxes = labels = keypoints = box_indices = None
    audio = sample_rate = series = text = label = seed = steps = None

    @property
    def data(self):
        """The augmented image, audio, series or text, whichever this sample is."""
        for name in _DATA:
            value = getattr(self, name)
            if value is not None:
                return value
        return None

    def __repr__(self):
        data = self.data
        shape = getattr(data, "shape", None)
        what = f"shape={shape}" if shape is not None else f"{data!r:.40}"
        return f"<augstudio.Result {what} seed={self.seed} steps={len(self.steps or [])}>"


class _Request:
    """One call's arguments, checked: the core sample, its seed and how to give it back."""

    __slots__ = ("sample", "seed", "modality", "box_format", "labels", "width", "height",
                 "label")


class Pipeline:
    """A validated augmentation pipeline (the studio's and the CLI's .augpipe.json).

    Calling it augments one sample with the seed the export would use for that item and
    copy, so a training loop sees exactly what `augstudio-cli export` writes."""

    __slots__ = ("_p", "_modality", "_seed")

    def __init__(self, core_pipeline):
        if not isinstance(core_pipeline, _core.Pipeline):
            raise error("pipeline", "use Pipeline.load(path) or Pipeline.from_json(doc)")
        self._p = core_pipeline
        self._modality = core_pipeline.modality  # read on every call: kept on the Python side
        self._seed = core_pipeline.seed

    @classmethod
    def load(cls, path):
        if not isinstance(path, (str, os.PathLike)):
            raise error("path", f"expected a path, got {type_name(path)}")
        return cls(_core.Pipeline.load(os.fspath(path)))

    @classmethod
    def from_json(cls, doc):
        """From a JSON text or a dict (the pipeline document)."""
        if isinstance(doc, (str, bytes)):
            return cls(_core.Pipeline.from_json_text(doc if isinstance(doc, str) else
                                                     doc.decode("utf-8")))
        if isinstance(doc, dict):
            return cls(_core.Pipeline.from_object(doc))
        raise error("doc", f"expected a JSON str or a dict, got {type_name(doc)}")

    def to_json(self, indent=None):
        """The document with every default filled in (an export's pipeline.json)."""
        return json.dumps(self._p.to_object(), indent=indent)

    def to_dict(self):
        return self._p.to_object()

    @property
    def modality(self):
        return self._modality

    @property
    def seed(self):
        return self._seed

    @property
    def steps(self):
        """The document's steps (with defaults filled in)."""
        return self._p.to_object()["steps"]

    @property
    def step_ids(self):
        """Transform ids of the leaf steps in document order (one record each in a result)."""
        return self._p.step_ids

    def __reduce__(self):
        # Pickled as its document, so spawn-started workers rebuild the same pipeline.
        return (_from_json_text, (self._p.to_json_text(),))

    def __repr__(self):
        return f"<augstudio.Pipeline {self.modality} seed={self.seed} steps={len(self.step_ids)}>"

    # --- running ------------------------------------------------------------------------

    def seed_for(self, key=None, copy=0, epoch=0, copies=1, seed=None):
        """The output seed of one call: seed= when given, else derived from the key and
        copy + epoch * copies exactly as the exporter derives it."""
        if seed is not None:
            if type(seed) is int and 0 <= seed < 1 << 64:  # the common case, checked cheaply
                return seed
            return _check_int(seed, "seed")
        if type(key) is str and type(copy) is int and type(epoch) is int and \
                type(copies) is int and copy >= 0 and epoch >= 0 and copies >= 1 and \
                copy + epoch * copies < 1 << 64:
            return _core.derive_seed(self._seed, key, copy + epoch * copies)
        if key is None:
            raise error("key", "give key= (the item's stable key, as in the export manifest) "
                               "or seed=")
        if not isinstance(key, str):
            raise error("key", f"expected a str, got {type_name(key)}")
        copy = _check_int(copy, "copy")
        epoch = _check_int(epoch, "epoch")
        copies = _check_int(copies, "copies", 1)
        return _core.derive_seed(self._seed, key, copy + epoch * copies)

    def _request(self, image, mask, boxes, box_format, labels, keypoints, audio, sample_rate,
                 series, text, label, channels):
        modality = self._modality
        if modality == "image" and audio is None and series is None and text is None and \
                image is not None and boxes is None and labels is None and \
                (channels == "rgb" or channels == "bgr") and type(label) is str:
            # The common image call, with the checks below that apply to it.
            r = _Request()
            r.modality = modality
            r.label = label
            r.labels = None
            r.box_format = box_format
            r.sample = _core.image_sample(image, mask, None, keypoints, channels == "rgb", label)
            return r
        data = None
        for name, value in (("image", image), ("audio", audio), ("series", series),
                            ("text", text)):
            if name == modality:
                data = value
            elif value is not None:
                raise error(name, f"this is {('an' if modality == 'image' else 'a')} "
                                  f"{modality} pipeline: pass {modality}=, not {name}=")
        if data is None:
            raise error(modality, f"missing: this {modality} pipeline needs {modality}=")
        if not isinstance(label, str):
            raise error("label", f"expected a str, got {type_name(label)}")
        r = _Request()
        r.modality = modality
        r.label = label
        r.labels = labels
        r.box_format = box_format
        if modality == "image":
            if channels not in ("rgb", "bgr"):
                raise error("channels", f"expected 'rgb' or 'bgr', got {channels!r}")
            r.height, r.width = getattr(image, "shape", (0, 0))[:2]
            if boxes is not None:
                check_format(box_format)
                boxes = to_pascal_voc(boxes, box_format, r.width, r.height)
                if labels is not None and len(labels) != len(boxes):
                    raise error("labels", f"expected one label per box ({len(boxes)}), "
                                          f"got {len(labels)}")
            elif labels is not None:
                raise error("labels", "labels are the boxes' labels: give boxes= too")
            r.sample = _core.image_sample(image, mask, boxes, keypoints, channels == "rgb", label)
        else:
            for name, value in (("mask", mask), ("boxes", boxes), ("keypoints", keypoints)):
                if value is not None:
                    raise error(name, f"only images have {name} (this is a {modality} pipeline)")
            if modality == "audio":
                if sample_rate is None:
                    raise error("sample_rate", "missing: audio needs sample_rate=")
                r.sample = _core.audio_sample(audio, _check_int(sample_rate, "sample_rate", 1),
                                              label)
            elif modality == "series":
                r.sample = _core.series_sample(series, label)
            else:
                r.sample = _core.text_sample(text, label)
        return r

    @staticmethod
    def _result(r, out):
        data, extra, seed, steps = out
        res = Result()
        res.seed = seed
        res.steps = steps
        res.label = r.label
        if r.modality == "image":
            res.image = data
            res.mask, boxes, ids, res.keypoints = extra
            if boxes is not None:
                h, w = data.shape[:2]
                res.boxes = from_pascal_voc(boxes, r.box_format, w, h)
                res.box_indices = ids
                if r.labels is not None:
                    labels = r.labels
                    if hasattr(labels, "__array__") and not isinstance(labels, (list, tuple)):
                        res.labels = labels[ids]
                    else:
                        res.labels = [labels[i] for i in ids]
        elif r.modality == "audio":
            res.audio, res.sample_rate = data, extra
        elif r.modality == "series":
            res.series = data
        else:
            res.text = data
        return res

    def __call__(self, image=None, *, mask=None, boxes=None, box_format="pascal_voc",
                 labels=None, keypoints=None, audio=None, sample_rate=None, series=None,
                 text=None, label="", key=None, copy=0, epoch=0, copies=1, seed=None,
                 channels="rgb", partners=None):
        """Augments one sample; returns a Result. The GIL is released while the engine runs.
        partners: what multi-sample steps draw from: augstudio.Partners, a scanned Dataset
        (its train split, as the export), a list of sample dicts, or a SeriesPool; the item
        named by key= is left out of its own partners."""
        r = self._request(image, mask, boxes, box_format, labels, keypoints, audio, sample_rate,
                          series, text, label, channels)
        seed = self.seed_for(key, copy, epoch, copies, seed)
        if partners is None:
            return self._result(r, self._p.run(r.sample, seed))
        return self._result(r, self._p.run(r.sample, seed, _partner_context(partners, self),
                                           key if isinstance(key, str) else ""))

    def augmix_views(self, image=None, *, key=None, copy=0, epoch=0, copies=1, seed=None,
                     **kwargs):
        """The original and two augmented views of one sample, for AugMix's Jensen-Shannon
        consistency loss (Hendrycks et al. 2020): returns (image, Result, Result). Each view is
        a run of the pipeline (typically one holding policy.augmix) with its own seed derived
        from this call's seed (key, copy, epoch or seed=), so the same item and copy give the
        same three; other keywords are __call__'s."""
        base = self.seed_for(key, copy, epoch, copies, seed)
        views = tuple(self(image, seed=_core.derive_seed(base, "augmix-view", v), **kwargs)
                      for v in (1, 2))
        return (image,) + views

    @property
    def uses_partners(self):
        """Whether a step draws other items of the dataset or its word statistics (mixup,
        mosaic, audio.mix, series.smote, text.tfidf_replace, ...): it needs partners=."""
        p = self._p
        return p.uses_series_partners or p.uses_partner_source or p.uses_text_statistics

    def replay(self, image=None, *, steps, mask=None, boxes=None, box_format="pascal_voc",
               labels=None, keypoints=None, audio=None, sample_rate=None, series=None, text=None,
               label="", channels="rgb", partners=None, key=None):
        """Applies recorded step values again (a Result's or a manifest's "steps"), with the
        partners the run had (key=: the item, as in the run)."""
        r = self._request(image, mask, boxes, box_format, labels, keypoints, audio, sample_rate,
                          series, text, label, channels)
        return self._result(r, self._p.replay(r.sample, steps, _partner_context(partners, self),
                                              key if isinstance(key, str) else ""))

    def map(self, samples, threads=0, partners=None):
        """Augments a list of samples (dicts of __call__'s keywords) on `threads` C++ threads
        (0: all cores) with the GIL released; returns their Results in order. partners= as
        in __call__, each sample's key= left out of its own."""
        requests, seeds, keys = [], [], []
        for i, s in enumerate(samples):
            if not isinstance(s, dict):
                raise error(f"samples[{i}]", f"expected a dict of keywords, got {type_name(s)}")
            s = dict(s)
            seed_args = {k: s.pop(k) for k in ("key", "copy", "epoch", "copies", "seed") if k in s}
            try:
                requests.append(self._request(
                    s.pop("image", None), s.pop("mask", None), s.pop("boxes", None),
                    s.pop("box_format", "pascal_voc"), s.pop("labels", None),
                    s.pop("keypoints", None), s.pop("audio", None), s.pop("sample_rate", None),
                    s.pop("series", None), s.pop("text", None), s.pop("label", ""),
                    s.pop("channels", "rgb")))
                seeds.append(self.seed_for(**seed_args))
                keys.append(seed_args["key"] if isinstance(seed_args.get("key"), str) else "")
                if s:
                    raise error(sorted(s)[0], "unknown keyword")
            except _core.Error as e:
                raise error(f"samples[{i}]: {e.where}", e.reason, e.kind) from None
        outs = self._p.map([r.sample for r in requests], seeds, _check_int(threads, "threads"),
                           _partner_context(partners, self), keys)
        return [self._result(r, o) for r, o in zip(requests, outs)]

    # Used by the dataset layer: a core sample with its request already made.
    def _run_core(self, request, seed, partners=None, key=""):
        if partners is None:
            return self._result(request, self._p.run(request.sample, seed))
        return self._result(request, self._p.run(request.sample, seed,
                                                 _partner_context(partners, self), key))


def _from_json_text(text):
    return Pipeline(_core.Pipeline.from_json_text(text))
