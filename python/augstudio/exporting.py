"""The offline export, as `augstudio-cli export` runs it."""

import os

from . import _core
from ._errors import error, type_name
from .pipeline import Pipeline


def export(pipeline, input, output, copies=1, balance=False, target=0, include_originals=False,
           splits=("train",), format="same", quality=95, jobs=0, shard_index=0, shard_count=1,
           seed=None, overwrite=False, progress=None, balance_with=None):
    """Exports an augmented copy of the dataset at `input` into `output`.

    balance_with ("smote" or "mixup", with balance=True): the copies filling the smaller
    classes get a last step, series.smote (series) or same-class mixup (image.mixup,
    audio.mix, series.mixup_same_class), as the CLI's --balance-with.

    progress(dict(done, total, rate, eta_s)) is called on this thread about ten times a
    second. Ctrl-C (KeyboardInterrupt) or an exception raised by progress stops the export
    cleanly: what is written stays, a second call with the same arguments resumes, and the
    exception propagates. Returns dict(summary, outputs, failures, cancelled, complete)."""
    if isinstance(pipeline, (str, os.PathLike)):
        pipeline = Pipeline.load(pipeline)
    if not isinstance(pipeline, Pipeline):
        raise error("pipeline", f"expected an augstudio.Pipeline or a path, got "
                                f"{type_name(pipeline)}")
    for name, value in (("input", input), ("output", output)):
        if not isinstance(value, (str, os.PathLike)):
            raise error(name, f"expected a path, got {type_name(value)}")
    if progress is not None and not callable(progress):
        raise error("progress", "expected a callable or None")
    if isinstance(splits, str):
        splits = [splits]
    options = {
        "copies": _positive(copies, "copies"),
        "balance": bool(balance),
        "target": _positive(target, "target", 0),
        "include_originals": bool(include_originals),
        "splits": [str(s) for s in splits],
        "format": str(format),
        "quality": _positive(quality, "quality"),
        "jobs": _positive(jobs, "jobs", 0),
        "shard_index": _positive(shard_index, "shard_index", 0),
        "shard_count": _positive(shard_count, "shard_count"),
        "seed": None if seed is None else _positive(seed, "seed", 0),
        "overwrite": bool(overwrite),
    }
    if balance_with is not None:
        if balance_with not in ("smote", "mixup"):
            raise error("balance_with", f"expected 'smote', 'mixup' or None, got {balance_with!r}")
        if not balance:
            raise error("balance_with", "fills the smaller classes of a balanced export: pass "
                                        "balance=True")
        options["balance_with"] = balance_with
    return _core.export(pipeline._p, os.fspath(input), os.fspath(output), options, progress)


def _positive(value, name, lowest=1):
    if isinstance(value, bool) or not hasattr(value, "__index__") or value.__index__() < lowest:
        raise error(name, f"expected an int >= {lowest}, got {value!r}")
    return value.__index__()
