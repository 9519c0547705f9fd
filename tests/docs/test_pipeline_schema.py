"""docs/pipeline.schema.json agrees with the engine's loader.

Every pipeline the engine accepts must validate: the presets the CLI prints, a one-step
pipeline per transform (defaults, every parameter at its lower and at its upper bound), and
the pipelines written by the test suites (raw JSON strings in tests/core and tests/ui, dict
literals in tests/python) that the loader accepts. Documents broken on purpose (bad key,
probability, transform, parameter type or bound) must be rejected by both.
"""
import ast
import copy
import json
import os
import pathlib
import re
import subprocess

import augstudio
import jsonschema
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
CLI = os.environ["AUGSTUDIO_CLI"]
SCHEMA = json.loads((ROOT / "docs" / "pipeline.schema.json").read_text())
VALIDATOR = jsonschema.Draft7Validator(SCHEMA)
CATALOG = json.loads(subprocess.run([CLI, "transforms", "--json"], check=True,
                                    capture_output=True, text=True).stdout)


def schema_errors(doc):
    return [f"{'/'.join(map(str, e.absolute_path)) or '$'}: {e.message[:200]}"
            for e in VALIDATOR.iter_errors(doc)]


def loads(doc):
    try:
        augstudio.Pipeline.from_json(doc)
        return True
    except augstudio.Error:
        return False


def preset_docs():
    runs = [["keras", "rotation_range=20, width_shift_range=0.2, height_shift_range=0.1, "
             "shear_range=5, zoom_range=0.2, horizontal_flip=True, brightness_range=[0.8, 1.2]"],
            ["eda", "--size", "500"], ["randaugment"], ["randaugment", '{"n": 3, "m": 15}']]
    runs += [["specaugment", "--policy", p] for p in ("LB", "LD", "SM", "SS")]
    runs += [[s, "--modality", m] for s in ("light", "medium", "heavy")
             for m in ("image", "audio", "series", "text")]
    for args in runs:
        out = subprocess.run([CLI, "preset", *args], check=True, capture_output=True, text=True)
        yield "preset " + " ".join(args), json.loads(out.stdout)


def bound(param, which):
    value = param.get(which)
    kind = param["type"]
    if value is None or kind in ("bool", "enum", "string", "path"):
        return None
    if kind in ("range", "int_range"):
        return [value, value]
    if kind == "float_list":
        return [value]
    return value


def catalog_docs():
    for t in CATALOG:
        def doc(params):
            return {"version": 1, "modality": t["modality"], "seed": 3,
                    "steps": [{"transform": t["id"], "p": 1.0, "params": params}]}
        yield t["id"] + " defaults", doc({p["name"]: p["default"] for p in t["params"]})
        for which in ("min", "max"):
            params = {p["name"]: bound(p, which) for p in t["params"]}
            params = {k: v for k, v in params.items() if v is not None}
            if params:
                yield f"{t['id']} at {which}", doc(params)


def looks_like_pipeline(value):
    return isinstance(value, dict) and "version" in value and "steps" in value


def suite_docs():
    """Pipelines the C++ and Python suites write, as far as they are literal text."""
    found = []
    for src in sorted((ROOT / "tests").glob("*/tst_*.cpp")):
        for m in re.finditer(r'R"\((.*?)\)"', src.read_text(), re.S):
            try:
                value = json.loads(m.group(1))
            except ValueError:
                continue
            if looks_like_pipeline(value):
                found.append((f"{src.name}:{src.read_text()[:m.start()].count(chr(10)) + 1}",
                              value))
    for src in sorted((ROOT / "tests" / "python").glob("*.py")):
        for node in ast.walk(ast.parse(src.read_text())):
            if isinstance(node, ast.Dict):
                try:
                    value = ast.literal_eval(node)
                except ValueError:
                    continue
                if looks_like_pipeline(value):
                    found.append((f"{src.name}:{node.lineno}", value))
    return found


PRESETS = list(preset_docs())
CATALOG_DOCS = list(catalog_docs())


def test_the_schema_is_a_valid_draft7_schema():
    jsonschema.Draft7Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("name,doc", PRESETS, ids=[n for n, _ in PRESETS])
def test_presets_validate(name, doc):
    assert loads(doc), f"{name}: the loader refuses it"
    assert schema_errors(doc) == [], name


def test_every_transform_at_its_defaults_and_bounds_validates():
    # Each field within its own bounds is what the schema describes; the loader also checks
    # fields against each other (x_min < x_max) and needs clip folders, so a few of these
    # documents it refuses.
    failures = {name: schema_errors(doc) for name, doc in CATALOG_DOCS if schema_errors(doc)}
    assert failures == {}
    loaded = sum(loads(doc) for _, doc in CATALOG_DOCS)
    assert loaded >= 0.9 * len(CATALOG_DOCS), f"the loader takes {loaded} of {len(CATALOG_DOCS)}"


def test_pipelines_the_tests_write_validate():
    docs = suite_docs()
    assert len(docs) >= 20, f"only {len(docs)} pipelines found in the test sources"
    accepted = [(where, doc) for where, doc in docs if loads(doc)]
    assert len(accepted) >= 15, f"only {len(accepted)} of {len(docs)} load"
    failures = {where: schema_errors(doc) for where, doc in accepted if schema_errors(doc)}
    assert failures == {}


def broken(mutate):
    doc = {"version": 1, "modality": "image", "seed": 1, "steps": [
        {"transform": "image.rotate", "p": 0.5, "params": {"degrees": [-10, 10]}},
        {"one_of": [{"transform": "image.hflip"}, {"transform": "image.vflip"}],
         "weights": [1, 2]}]}
    mutate(doc)
    return doc


BROKEN = [
    ("unknown top-level key", lambda d: d.update(colour="red")),
    ("version 2", lambda d: d.update(version=2)),
    ("unknown modality", lambda d: d.update(modality="video")),
    ("p above 1", lambda d: d["steps"][0].update(p=1.5)),
    ("unknown transform", lambda d: d["steps"][0].update(transform="image.nonexistent")),
    ("unknown parameter", lambda d: d["steps"][0]["params"].update(radius=3)),
    ("parameter out of bounds", lambda d: d["steps"][0]["params"].update(degrees=[-400, 10])),
    ("parameter of the wrong type", lambda d: d["steps"][0]["params"].update(degrees="ten")),
    ("a step with two kinds", lambda d: d["steps"][1].update(transform="image.hflip")),
    ("weights on a sequence", lambda d: d["steps"].append({"sequence": [], "weights": [1]})),
    ("missing steps", lambda d: d.pop("steps")),
    ("fuse not a boolean", lambda d: d.update(fuse="yes")),
]


@pytest.mark.parametrize("name,mutate", BROKEN, ids=[n for n, _ in BROKEN])
def test_broken_pipelines_are_rejected_by_both(name, mutate):
    doc = broken(mutate)
    assert not loads(doc), f"{name}: the loader accepts it"
    assert schema_errors(doc), f"{name}: the schema accepts it"


def test_the_unbroken_document_passes_both():
    doc = broken(lambda d: None)
    assert loads(doc) and schema_errors(doc) == []
