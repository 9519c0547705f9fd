"""augstudio.torch: the same item in the same epoch gives the same bytes whatever the worker
count, start method, persistence or rank; BalancedSampler is the online --balance."""

import multiprocessing

import numpy as np
import pytest
import torch
from torch.utils.data import DataLoader, DistributedSampler

import augstudio as aug
from augstudio.torch import AugmentedDataset, BalancedSampler, EpochSampler, collate_boxes

torch.set_num_threads(1)


@pytest.fixture(scope="module")
def dataset(image_dataset, image_pipeline):
    return AugmentedDataset(image_dataset, image_pipeline, copies=2)


def run(loader, epochs=(1,)):
    out = []
    for e in epochs:
        loader.sampler.set_epoch(e)
        for x, y in loader:
            out.append((x.numpy().tobytes(), y.tolist()))
    return out


def reference(dataset, sampler, epochs=(1,)):
    out = []
    for e in epochs:
        sampler.set_epoch(e)
        order = list(sampler)
        for b in range(0, len(order), 4):
            xs, ys = zip(*(dataset[i] for i in order[b:b + 4]))
            out.append((torch.stack(xs).numpy().tobytes(), list(ys)))
    return out


def test_items_are_tensors_with_class_indices_and_export_seeds(dataset, image_dataset,
                                                                image_pipeline):
    assert len(dataset) == 20
    x, y = dataset[(3, 2)]  # position 1, copy 1, epoch 2
    assert x.dtype == torch.float32 and x.shape == (3, 40, 56) and y == 0
    direct = image_pipeline(np.asarray(image_dataset.load(1).image), key="cat/001.png", copy=1,
                            epoch=2, copies=2)
    assert torch.equal(x, torch.from_numpy(direct.image).permute(2, 0, 1).float() / 255)
    assert not torch.equal(dataset[(3, 2)][0], dataset[(3, 3)][0])  # epochs differ


@pytest.mark.parametrize("workers", [0, 1, 2, 3])
def test_worker_count_does_not_change_bytes(dataset, workers):
    sampler = EpochSampler(dataset, seed=3)
    expected = reference(dataset, EpochSampler(dataset, seed=3))
    loader = DataLoader(dataset, batch_size=4, sampler=sampler, num_workers=workers,
                        multiprocessing_context="fork" if workers else None)
    assert run(loader) == expected


def test_spawn_and_persistent_workers_see_each_epoch(dataset):
    epochs = (0, 1, 2)
    expected = reference(dataset, EpochSampler(dataset, seed=3), epochs)
    for context in ("spawn", "fork"):
        loader = DataLoader(dataset, batch_size=4, sampler=EpochSampler(dataset, seed=3),
                            num_workers=2, persistent_workers=True,
                            multiprocessing_context=multiprocessing.get_context(context))
        assert run(loader, epochs) == expected, context
    assert expected[0] != expected[len(expected) // 3]  # epoch 0 and 1 differ


def test_distributed_ranks_split_the_same_augmentations(dataset):
    whole = {}
    for i in range(len(dataset)):
        whole[i] = dataset[(i, 4)][0].numpy().tobytes()
    seen = {}
    for rank in (0, 1):
        sampler = EpochSampler(DistributedSampler(dataset, num_replicas=2, rank=rank, seed=7))
        sampler.set_epoch(4)
        loader = DataLoader(dataset, batch_size=1, sampler=sampler, num_workers=1,
                            multiprocessing_context="fork")
        for (i, _), (x, _) in zip(list(sampler), loader):
            seen[i] = x[0].numpy().tobytes()
    assert seen == whole


def test_balanced_sampler_draws_each_class_to_the_target_with_distinct_copies(dataset):
    sampler = BalancedSampler(dataset, seed=1)
    draws = list(sampler)
    labels = dataset.labels()
    counts = {}
    for pos, copy, epoch, stride in draws:
        counts[labels[pos]] = counts.get(labels[pos], 0) + 1
    assert counts == {0: 6, 1: 6, 2: 6} and stride == 6
    owl = [d for d in draws if labels[d[0]] == 2]
    assert sorted(c for _, c, _, _ in owl) == list(range(6))
    images = {dataset[d][0].numpy().tobytes() for d in owl}
    assert len(images) == 6  # every repeat is its own augmentation
    sampler.set_epoch(1)
    assert {dataset[d][0].numpy().tobytes() for d in sampler if labels[d[0]] == 2} & images == set()


def test_text_dataset_and_collate(tmp_path):
    table = tmp_path / "reviews.tsv"
    table.write_text("".join(f"{'pos' if i % 2 else 'neg'}\tthe soup number {i} was warm and "
                             f"the bread was fresh\n" for i in range(6)))
    p = aug.Pipeline.from_json({"version": 1, "modality": "text", "seed": 9, "steps": [
        {"transform": "text.random_swap", "p": 1.0}]})
    ds = AugmentedDataset(table, p)
    text, label = ds[0]
    assert isinstance(text, str) and label == 0 and text != "the soup number 0 was warm and " \
                                                           "the bread was fresh"
    batch = [(torch.zeros(3, 4, 4), {"boxes": torch.zeros(1, 4)}),
             (torch.ones(3, 4, 4), {"boxes": torch.zeros(2, 4)})]
    images, targets = collate_boxes(batch)
    assert images.shape == (2, 3, 4, 4) and [t["boxes"].shape[0] for t in targets] == [1, 2]


def test_dataset_errors(image_dataset, image_pipeline):
    text = aug.Pipeline.from_json({"version": 1, "modality": "text", "steps": []})
    with pytest.raises(aug.Error, match="pipeline: a text pipeline"):
        AugmentedDataset(image_dataset, text)
    with pytest.raises(aug.Error, match="split: no items in split 'val'"):
        AugmentedDataset(image_dataset, image_pipeline, split="val")
    with pytest.raises(aug.Error, match="copies"):
        AugmentedDataset(image_dataset, image_pipeline, copies=0)
