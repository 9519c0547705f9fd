"""PyTorch glue: an augmenting Dataset over any scanned dataset, and samplers that carry the
epoch (and the copy index) to the workers inside the indices themselves.

Every sample's seed is the export's: (pipeline seed, item key, copy + epoch * copies), so the
same item in the same epoch gets the same bytes on any worker, rank or start method.
torch is imported when this module is."""

import os

import numpy as np
import torch
from torch.utils.data import Dataset as _TorchDataset
from torch.utils.data import Sampler

from ._errors import error, type_name
from .dataset import Dataset, scan
from .pipeline import Pipeline

__all__ = ["AugmentedDataset", "EpochSampler", "BalancedSampler", "collate_boxes"]


class AugmentedDataset(_TorchDataset):
    """Items of one split of a scanned dataset, augmented online.

    len() is items * copies: index i is item i // copies, copy i % copies. Indices from
    EpochSampler, (i, epoch), or BalancedSampler, (item, copy, epoch, copies), carry the epoch;
    a plain int uses the epoch of set_epoch() (which reaches workers started after it).
    An item is (data, target): data a float tensor (images C x H x W in [0, 1] for 8 and 16
    bit, audio C x N, series T x C) or a str (text); target the class index (-1 unlabelled),
    or for boxes {"boxes": (N, 4) pascal_voc, "labels": class ids}, or the mask (H x W int64).
    return_steps appends the drawn values."""

    def __init__(self, dataset, pipeline=None, split="train", copies=1, to_tensor=True,
                 return_steps=False, channels="rgb", epoch=0):
        if isinstance(dataset, (str, os.PathLike)):
            dataset = scan(dataset)
        if not isinstance(dataset, Dataset):
            raise error("dataset", f"expected an augstudio.Dataset or a path, got "
                                   f"{type_name(dataset)}")
        if isinstance(pipeline, (str, os.PathLike)):
            pipeline = Pipeline.load(pipeline)
        if pipeline is not None and not isinstance(pipeline, Pipeline):
            raise error("pipeline", f"expected an augstudio.Pipeline, a path or None, got "
                                    f"{type_name(pipeline)}")
        if pipeline is not None and pipeline.modality != dataset.modality:
            raise error("pipeline", f"a {pipeline.modality} pipeline cannot run on this "
                                    f"{dataset.modality} dataset")
        if isinstance(copies, bool) or not isinstance(copies, int) or copies < 1:
            raise error("copies", f"expected an int >= 1, got {copies!r}")
        self.dataset = dataset
        self.pipeline = pipeline
        self.split = split
        self.copies = copies
        self.to_tensor = to_tensor
        self.return_steps = return_steps
        self.channels = channels
        self.epoch = epoch
        self.items = dataset.indices(split)
        if not self.items:
            raise error("split", f"no items in split {split!r} (splits: "
                                 f"{', '.join(dataset.splits)})")
        self.class_index = {c: i for i, c in enumerate(dataset.classes)}
        self._partners = None  # built on first use in each process (not pickled)
        layout = dataset.layout
        self.target_kind = ("boxes" if layout in ("yolo", "coco") else
                            "mask" if layout == "masks" else "class")

    def __len__(self):
        return len(self.items) * self.copies

    def set_epoch(self, epoch):
        self.epoch = int(epoch)

    def labels(self):
        """The class index of every position (item, before copies)."""
        return [self.class_index.get(self.dataset.label(i), -1) for i in self.items]

    def locate(self, index):
        """(position, copy, epoch, copies) of a dataset index (int or sampler tuple)."""
        if isinstance(index, tuple):
            if len(index) == 2:
                i, epoch = index
                return (*divmod(int(i), self.copies), int(epoch), self.copies)
            if len(index) == 4:
                return tuple(int(v) for v in index)
            raise error("index", f"expected an int, (index, epoch) or (item, copy, epoch, "
                                 f"copies), got {index!r}")
        return (*divmod(int(index), self.copies), self.epoch, self.copies)

    def __getitem__(self, index):
        pos, copy, epoch, copies = self.locate(index)
        if not 0 <= pos < len(self.items):
            raise IndexError(index)
        item = self.items[pos]
        if self.pipeline is None:
            r = self.dataset.load(item, self.channels)
        else:
            r = self.dataset.augment(self.pipeline, item, copy, epoch, copies,
                                     channels=self.channels, partners=self.partners())
        out = (self._data(r), self._target(r, item))
        if self.return_steps:
            out = out + (r.steps,)
        return out

    def partners(self):
        """The split's items as partners of the multi-sample steps, with the split's series
        pool and word statistics: the export's (augmented split; each item left out of its
        own partners), built once per process."""
        if self._partners is None and self.pipeline is not None and \
                self.pipeline.uses_partners:
            self._partners = self.dataset.partners([self.split])
        return self._partners

    def __getstate__(self):
        state = dict(self.__dict__)
        state["_partners"] = None
        return state

    def _data(self, r):
        data = r.data
        if not self.to_tensor or isinstance(data, str):
            return data
        if r.image is not None:
            image = data if data.ndim == 3 else data[:, :, None]
            t = torch.from_numpy(image).permute(2, 0, 1)
            if image.dtype == np.uint8:
                return t.float().div_(255.0)
            if image.dtype == np.uint16:
                return t.float().div_(65535.0)
            return t.contiguous()
        return torch.from_numpy(data)

    def _target(self, r, item):
        label = self.class_index.get(self.dataset.label(item), -1)
        if self.target_kind == "boxes":
            boxes = r.boxes if r.boxes is not None else np.zeros((0, 4))
            ids = r.box_indices if r.box_indices is not None else np.zeros(0, np.int64)
            if not self.to_tensor:
                return {"boxes": boxes, "labels": ids}
            return {"boxes": torch.from_numpy(boxes).float(), "labels": torch.from_numpy(ids)}
        if self.target_kind == "mask" and r.mask is not None:
            return torch.from_numpy(r.mask.astype(np.int64)) if self.to_tensor else r.mask
        return label


def _generator(seed, epoch):
    g = torch.Generator()
    g.manual_seed((int(seed) * 1000003 + int(epoch)) % (1 << 63))
    return g


class EpochSampler(Sampler):
    """Yields (index, epoch) so the epoch reaches every worker (persistent ones too).

    Over a dataset: its indices, shuffled from (seed, epoch) when shuffle. Over another
    sampler (DistributedSampler, ...): that sampler's indices, and set_epoch reaches it."""

    def __init__(self, source, shuffle=True, seed=0, epoch=0):
        self.inner = source if isinstance(source, Sampler) else None
        self.size = None if self.inner is not None else len(source)
        self.shuffle = shuffle
        self.seed = seed
        self.epoch = epoch

    def set_epoch(self, epoch):
        self.epoch = int(epoch)
        if self.inner is not None and hasattr(self.inner, "set_epoch"):
            self.inner.set_epoch(epoch)

    def __len__(self):
        return len(self.inner) if self.inner is not None else self.size

    def __iter__(self):
        if self.inner is not None:
            order = iter(self.inner)
        elif self.shuffle:
            order = torch.randperm(self.size, generator=_generator(self.seed, self.epoch)).tolist()
        else:
            order = range(self.size)
        epoch = self.epoch
        for i in order:
            yield (int(i), epoch)


class BalancedSampler(Sampler):
    """The online counterpart of the export's --balance: every class of the split drawn
    `target` times an epoch (default: the largest class's count). Item j of a class of n
    items is repeated target // n times, plus once more when j < target % n (the export's
    rule), and each repeat has its own copy index, so repeats are different augmentations.
    Yields (item, copy, epoch, copies) for AugmentedDataset; unlabelled items are left out."""

    def __init__(self, dataset, target=None, shuffle=True, seed=0, epoch=0):
        if not isinstance(dataset, AugmentedDataset):
            raise error("dataset", f"expected an AugmentedDataset, got {type_name(dataset)}")
        members = {}
        for pos, label in enumerate(dataset.labels()):
            if label >= 0:
                members.setdefault(label, []).append(pos)
        if not members:
            raise error("dataset", "no labelled items to balance")
        largest = max(len(v) for v in members.values())
        if target is None:
            target = largest
        if isinstance(target, bool) or not isinstance(target, int) or target < 1:
            raise error("target", f"expected an int >= 1, got {target!r}")
        self.draws = []  # (position, copy)
        for label in sorted(members):
            v = members[label]
            n = len(v)
            for j, pos in enumerate(v):
                for k in range(target // n + (1 if j < target % n else 0)):
                    self.draws.append((pos, k))
        # Copy indices of one epoch stay below `stride`, so epochs never share a seed.
        self.stride = max(k for _, k in self.draws) + 1
        self.shuffle = shuffle
        self.seed = seed
        self.epoch = epoch

    def set_epoch(self, epoch):
        self.epoch = int(epoch)

    def __len__(self):
        return len(self.draws)

    def __iter__(self):
        order = (torch.randperm(len(self.draws), generator=_generator(self.seed, self.epoch))
                 .tolist() if self.shuffle else range(len(self.draws)))
        for i in order:
            pos, copy = self.draws[i]
            yield (pos, copy, self.epoch, self.stride)


def collate_boxes(batch):
    """For detection: images stacked when they share a size (else a list), targets a list."""
    data = [b[0] for b in batch]
    targets = [b[1] for b in batch]
    if all(isinstance(d, torch.Tensor) for d in data) and len({d.shape for d in data}) == 1:
        data = torch.stack(data)
    rest = [list(x) for x in zip(*[b[2:] for b in batch])]
    return (data, targets, *rest)
