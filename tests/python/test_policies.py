"""The published policies against torchvision 0.14 (Debian's python3-torchvision): every op
at a few magnitudes gives torchvision's functional op's pixels on the same uint8 image within
interpolation error, the recorded magnitudes are torchvision's bins, and the policies' op,
bin, sign and sub-policy frequencies over many fixed-seed draws match the published
distribution (chi-square). Also AugMix's three views for the Jensen-Shannon loss."""

import math

import numpy as np
import pytest
import torch
import torchvision.transforms.functional as F
from scipy.stats import chi2
from torchvision.transforms import InterpolationMode, autoaugment as tva

import augstudio as aug

torch.set_num_threads(1)

H, W = 48, 64
# A draw count keeps each test's chi-square well powered (expected counts >= 50 per cell)
# and the suite within a few seconds; the seeds are fixed, so the outcome is too.
DRAWS = 7000
ALPHA = 1e-3  # chi-square significance: a real table error gives p far below this


def image(seed=3, h=H, w=W):
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:h, 0:w]
    base = (np.sin(x / 6.0)[..., None] + np.cos(y / 5.0)[..., None]) * 60 + 128
    return np.clip(base + rng.normal(0, 25, (h, w, 3)), 0, 255).astype(np.uint8)


def pipeline(transform, **params):
    return aug.Pipeline.from_json({"version": 1, "modality": "image", "steps": [
        {"transform": transform, "p": 1.0, "params": params}]})


def torch_op(img, op, magnitude, interpolation, fill=None):
    """torchvision's functional op with the arguments its policies pass (_apply_op)."""
    t = torch.from_numpy(img).permute(2, 0, 1).contiguous()
    if op == "ShearX":
        out = F.affine(t, angle=0.0, translate=[0, 0], scale=1.0,
                       shear=[math.degrees(math.atan(magnitude)), 0.0],
                       interpolation=interpolation, fill=fill, center=[0, 0])
    elif op == "ShearY":
        out = F.affine(t, angle=0.0, translate=[0, 0], scale=1.0,
                       shear=[0.0, math.degrees(math.atan(magnitude))],
                       interpolation=interpolation, fill=fill, center=[0, 0])
    elif op == "TranslateX":
        out = F.affine(t, angle=0.0, translate=[int(magnitude), 0], scale=1.0,
                       interpolation=interpolation, shear=[0.0, 0.0], fill=fill)
    elif op == "TranslateY":
        out = F.affine(t, angle=0.0, translate=[0, int(magnitude)], scale=1.0,
                       interpolation=interpolation, shear=[0.0, 0.0], fill=fill)
    elif op == "Rotate":
        out = F.rotate(t, magnitude, interpolation=interpolation, fill=fill)
    elif op == "Brightness":
        out = F.adjust_brightness(t, 1.0 + magnitude)
    elif op == "Color":
        out = F.adjust_saturation(t, 1.0 + magnitude)
    elif op == "Contrast":
        out = F.adjust_contrast(t, 1.0 + magnitude)
    elif op == "Sharpness":
        out = F.adjust_sharpness(t, 1.0 + magnitude)
    elif op == "Posterize":
        out = F.posterize(t, int(magnitude))
    elif op == "Solarize":
        out = F.solarize(t, magnitude)
    elif op == "AutoContrast":
        out = F.autocontrast(t)
    elif op == "Equalize":
        out = F.equalize(t)
    elif op == "Invert":
        out = F.invert(t)
    else:
        out = t
    return out.permute(1, 2, 0).numpy()


def ours(img, op, magnitude, interpolation, fill=0):
    p = pipeline("policy.trivialaugment", interpolation=interpolation, fill=fill)
    steps = [{"id": "policy.trivialaugment", "applied": True,
              "values": {"ops": [{"op": op, "magnitude": magnitude}]}}]
    return p.replay(img, steps=steps).image


# Magnitudes from torchvision's RandAugment table (31 bins) at bins 3, 9 and 30, both signs,
# so each op is checked small, at the default and at its largest.
def table_cases():
    space = tva.RandAugment()._augmentation_space(31, (H, W))
    space["Invert"] = (torch.tensor(0.0), False)
    cases = []
    for op, (mags, signed) in space.items():
        if mags.ndim == 0:
            cases.append((op, 0.0))
            continue
        for b in (3, 9, 30):
            m = float(mags[b].item())
            cases.append((op, m))
            if signed:
                cases.append((op, -m))
    return cases


GEOMETRIC = {"ShearX", "ShearY", "TranslateX", "TranslateY", "Rotate"}


@pytest.mark.parametrize("interpolation", ["nearest", "linear"])
def test_ops_match_torchvision(interpolation):
    """Tolerances: the point and colour ops follow torchvision's formulas in float32 with its
    truncation, so they agree exactly except where a float32 sum lands within rounding of an
    integer (contrast's mean, sharpness' blur): at most 1 level, on under 0.5% of values.
    The geometric ops resample: nearest picks the same source pixel except where a position
    is within OpenCV's 1/1024 fixed-point step of a pixel boundary (torch rounds half to even,
    OpenCV half up): under 1% of pixels differ. Bilinear weights are quantised to 1/32 in
    OpenCV (INTER_TAB_SIZE) against torch's exact weights: each value is off by at most
    1/64 of the local step between neighbours (up to ~4 levels on this noisy image, more at
    the fill edge), so 99% of values within 4 levels and a mean error below 0.5."""
    img = image()
    mode = InterpolationMode.NEAREST if interpolation == "nearest" else InterpolationMode.BILINEAR
    for op, magnitude in table_cases():
        if interpolation == "linear" and op not in GEOMETRIC:
            continue  # interpolation only matters to the geometric ops
        expected = torch_op(img, op, magnitude, mode).astype(np.int32)
        got = ours(img, op, magnitude, interpolation).astype(np.int32)
        assert got.shape == expected.shape
        diff = np.abs(got - expected)
        what = f"{op} {magnitude:+.4f} {interpolation}"
        if op not in GEOMETRIC:
            assert diff.max() <= 1, what
            assert np.mean(diff > 0) < 0.005, what
        elif interpolation == "nearest":
            assert np.mean(np.any(diff > 0, axis=2)) < 0.01, what
        else:
            assert np.mean(diff > 4) < 0.01, what
            assert diff.mean() < 0.5, what


def test_fill_matches_torchvision():
    # The shear is chosen off half-pixel steps: ShearX -0.2 would put every 5th row exactly
    # half way between two pixels, where torch's float32 coordinate falls either side.
    img = image()
    for op, magnitude in (("Rotate", 25.0), ("TranslateY", -11.0), ("ShearX", -0.23)):
        expected = torch_op(img, op, magnitude, InterpolationMode.NEAREST, fill=[90.0] * 3)
        got = ours(img, op, magnitude, "nearest", fill=90)
        assert np.mean(np.any(got != expected, axis=2)) < 0.01, op


def draws(p, n=DRAWS, h=8, w=8):
    """The recorded values of n fixed-seed draws on a small image."""
    img = image(1, h, w)
    results = p.map([{"image": img, "seed": s} for s in range(n)], threads=2)
    return [r.steps[0]["values"] for r in results]


def chi_square_p(observed, expected):
    observed = np.asarray(observed, dtype=float)
    expected = np.asarray(expected, dtype=float)
    stat = float(((observed - expected) ** 2 / expected).sum())
    return chi2.sf(stat, len(observed) - 1)


def check_uniform(counts, keys, what):
    observed = [counts.get(k, 0) for k in keys]
    total = sum(observed)
    assert total == sum(counts.values()), f"{what}: unexpected values {set(counts) - set(keys)}"
    p = chi_square_p(observed, [total / len(keys)] * len(keys))
    assert p > ALPHA, f"{what}: chi-square p = {p:.2e}, counts {observed}"


def check_magnitudes_and_signs(ops, space, bins):
    """Every recorded magnitude is torchvision's bin value (|m|, to float32 rounding); signed ops
    come out negative half the time."""
    signs = {}
    for op in ops:
        mags, signed = space[op["op"]]
        if mags.ndim == 0:
            assert op["magnitude"] == 0
            continue
        want = float(mags[op["bin"]].item())
        # torch.linspace's vectorised float32 kernel rounds some bins 1 ulp apart from the
        # scalar formula; the whole pixels a translation moves by are the same.
        assert abs(op["magnitude"]) == pytest.approx(want, rel=1e-6, abs=1e-9), op
        if op["op"].startswith("Translate"):
            assert int(abs(op["magnitude"])) == int(want), op
        if signed and op["magnitude"] != 0:  # bin 0 is 0 whatever the sign
            signs.setdefault(op["op"], [0, 0])[op["magnitude"] < 0] += 1
        else:
            assert op["magnitude"] >= 0
    for name, (pos, neg) in signs.items():
        if pos + neg >= 100:
            assert chi_square_p([pos, neg], [(pos + neg) / 2] * 2) > ALPHA, name


def test_randaugment_distribution():
    space = tva.RandAugment()._augmentation_space(31, (8, 8))
    values = draws(pipeline("policy.randaugment", num_ops=2, magnitude=9))
    ops = [op for v in values for op in v["ops"]]
    assert all(len(v["ops"]) == 2 for v in values)
    counts = {}
    for op in ops:
        counts[op["op"]] = counts.get(op["op"], 0) + 1
        assert "bin" not in op or op["bin"] == 9
    check_uniform(counts, list(space), "RandAugment ops")
    check_magnitudes_and_signs(ops, space, 31)
    # With replacement: both ops the same in about 1/14 of the draws.
    same = sum(v["ops"][0]["op"] == v["ops"][1]["op"] for v in values)
    assert chi_square_p([same, len(values) - same],
                        [len(values) / 14, len(values) * 13 / 14]) > ALPHA


def test_trivialaugment_distribution():
    space = tva.TrivialAugmentWide()._augmentation_space(31)
    values = draws(pipeline("policy.trivialaugment"))
    ops = [v["ops"][0] for v in values]
    op_counts, bin_counts = {}, {}
    for op in ops:
        op_counts[op["op"]] = op_counts.get(op["op"], 0) + 1
        if "bin" in op:
            bin_counts[op["bin"]] = bin_counts.get(op["bin"], 0) + 1
    check_uniform(op_counts, list(space), "TrivialAugment ops")
    check_uniform(bin_counts, list(range(31)), "TrivialAugment bins")
    check_magnitudes_and_signs(ops, space, 31)


@pytest.mark.parametrize("policy", ["imagenet", "cifar10", "svhn"])
def test_autoaugment_distribution(policy):
    tv = tva.AutoAugment(tva.AutoAugmentPolicy(policy))
    space = tv._augmentation_space(10, (8, 8))
    values = draws(pipeline("policy.autoaugment", policy=policy))
    counts = {}
    applied = {}  # (sub-policy, index) -> [times drawn, times applied]
    ops = []
    for v in values:
        sub = v["sub_policy"]
        counts[sub] = counts.get(sub, 0) + 1
        for i, (op, (name, prob, magnitude_id)) in enumerate(zip(v["ops"], tv.policies[sub])):
            assert op["op"] == name
            if magnitude_id is not None:
                assert op["bin"] == magnitude_id
            cell = applied.setdefault((sub, i), [0, 0, prob])
            cell[0] += 1
            cell[1] += op["applied"]
            ops.append(op)
    check_uniform(counts, list(range(25)), f"AutoAugment {policy} sub-policies")
    check_magnitudes_and_signs(ops, space, 10)
    # Each op applied with its published probability: the sum over ops of the squared
    # standardised binomial deviations is chi-square with one degree per op.
    stat, cells = 0.0, 0
    for (n, k, prob) in applied.values():
        if prob in (0.0, 1.0):
            assert k == (n if prob == 1.0 else 0)
            continue
        stat += (k - n * prob) ** 2 / (n * prob * (1 - prob))
        cells += 1
    assert chi2.sf(stat, cells) > ALPHA, f"applied frequencies: chi-square {stat:.1f} on {cells}"


def test_augmix_distribution():
    space = tva.AugMix()._augmentation_space(10, (8, 8))
    values = draws(pipeline("policy.augmix"), n=3000)
    depth_counts, op_counts, bin_counts = {}, {}, {}
    ops = []
    first = []
    for v in values:
        assert len(v["weights"]) == 4 and abs(sum(v["weights"]) - 1) < 1e-9
        first.append(v["weights"][0])
        for chain in v["chains"]:
            depth_counts[len(chain)] = depth_counts.get(len(chain), 0) + 1
            for op in chain:
                op_counts[op["op"]] = op_counts.get(op["op"], 0) + 1
                if "bin" in op:
                    bin_counts[op["bin"]] = bin_counts.get(op["bin"], 0) + 1
                ops.append(op)
    check_uniform(depth_counts, [1, 2, 3], "AugMix depths")
    check_uniform(op_counts, list(space), "AugMix ops")
    check_uniform(bin_counts, [0, 1, 2], "AugMix bins (severity 3)")
    check_magnitudes_and_signs(ops, space, 10)
    # The original's weight is Beta(1, 1), i.e. uniform on [0, 1]: ten equal deciles.
    deciles = np.histogram(first, bins=10, range=(0, 1))[0]
    assert chi_square_p(deciles, [len(first) / 10] * 10) > ALPHA


def test_augmix_views_for_jensen_shannon():
    p = pipeline("policy.augmix")
    img = image()
    original, first, second = p.augmix_views(img, key="cat/1.png", copy=0)
    assert np.array_equal(original, img)
    assert first.image.shape == img.shape and second.image.shape == img.shape
    assert not np.array_equal(first.image, second.image)
    assert first.steps != second.steps
    # Deterministic: the same item and copy give the same views.
    again = p.augmix_views(img, key="cat/1.png", copy=0)
    assert np.array_equal(again[1].image, first.image)
    assert np.array_equal(again[2].image, second.image)
    other = p.augmix_views(img, key="cat/1.png", copy=1)
    assert not np.array_equal(other[1].image, first.image)
