"""Every shared scenario (bindings/scenarios/*.json) through the Python bindings.

The format is bindings/scenarios/README.md; the Rust facade, Kotlin and JS
run the same files.
"""

import json

import pytest

import franking
from conftest import SCENARIOS

FILES = sorted(SCENARIOS.glob("*.json"))


def _norm(name):
    return name.replace("_", "").lower()


def _member(owner, name):
    """The attribute of `owner` whose name is `name` up to case and underscores
    (UniFFI spells `Suite.XChaCha20` as `Suite.X_CHA_CHA20` in Python)."""
    for attr in dir(owner):
        if _norm(attr) == _norm(name):
            return getattr(owner, attr)
    raise AssertionError(f"{owner} has no member {name}")


def _at(value, path):
    for seg in filter(None, path.split(".")):
        value = value[int(seg)] if isinstance(value, list) else getattr(value, seg)
    return value


def value(j, env):
    if j is None or isinstance(j, (bool, int)):
        return j
    if isinstance(j, str):
        if j.startswith("hex:"):
            return bytes.fromhex(j[4:])
        if j.startswith("utf8:"):
            return j[5:].encode()
        if j.startswith("$"):
            name, _, path = j[1:].partition(".")
            return _at(env[name], path)
        raise AssertionError(f"unknown string value form {j!r}")
    if isinstance(j, list):
        return [value(i, env) for i in j]
    if "str" in j:
        return j["str"]
    if "enum" in j:
        ty, _, variant = j["enum"].partition(".")
        return _member(getattr(franking, ty), variant)
    if "record" in j:
        fields = {k: value(v, env) for k, v in j["fields"].items()}
        return getattr(franking, j["record"])(**fields)
    if "variant" in j:
        ty, _, variant = j["variant"].partition(".")
        fields = {k: value(v, env) for k, v in j["fields"].items()}
        return _member(getattr(franking, ty), variant)(**fields)
    raise AssertionError(f"unknown value form {j!r}")


def _flip_bit(bytes, index):
    out = bytearray(bytes)
    out[index] ^= 1
    return bytes_(out)


bytes_ = bytes


def _with_field(value, field, to):
    fields = dict(vars(value))
    assert field in fields, field
    fields[field] = to
    return type(value)(**fields)


HELPERS = {
    "flip_bit": _flip_bit,
    "concat": lambda parts: b"".join(parts),
    "slice": lambda bytes, start, end: bytes[start:end],
    "pattern": lambda len, seed: bytes_((seed + 7 * i) % 251 for i in range(len)),
    "chunks": lambda bytes, size: [bytes[i : i + size] for i in range(0, len(bytes), size)] or [b""],
    "with_field": _with_field,
}


def call(name, this, args):
    if name in HELPERS:
        return HELPERS[name](**args)
    if "." not in name:
        return getattr(franking, name)(**args)
    ty, _, method = name.split(".")[0], None, name.split(".")[1]
    if this is not None:
        return getattr(this, method)(**args)
    cls = getattr(franking, ty)
    return cls(**args) if method == "new" else getattr(cls, method)(**args)


def run(path):
    scenario = json.loads(path.read_text())
    env = {}
    kinds = set()
    for i, step in enumerate(scenario["steps"]):
        at = f"{path.name} step {i} ({step['call']})"
        this = env[step["self"]] if "self" in step else None
        args = {k: value(v, env) for k, v in step.get("args", {}).items()}
        try:
            result = call(step["call"], this, args)
        except franking.FrankingError as e:
            kind = type(e).__name__
            assert "error" in step, f"{at}: failed with {kind}: {e}"
            assert kind == step["error"], f"{at}: {kind} ({e}), want {step['error']}"
            kinds.add(kind)
            continue
        assert "error" not in step, f"{at}: expected {step['error']}, got {result!r:.200}"
        if "expect" in step:
            assert result == value(step["expect"], env), f"{at}: result"
        for p, want in step.get("expect_fields", {}).items():
            assert _at(result, p) == value(want, env), f"{at}: {p}"
        if "out" in step:
            env[step["out"]] = result
    return kinds


@pytest.mark.parametrize("path", FILES, ids=[f.stem for f in FILES])
def test_scenario(path):
    run(path)


def test_scenarios_reach_every_error_kind():
    assert len(FILES) >= 10
    kinds = set()
    for f in FILES:
        kinds |= run(f)
    # As the Rust runner: every kind a caller can meet through the facade.
    unreachable = {"BufferTooSmall", "TooManyEntries"}
    every = {n for n in dir(franking.FrankingError) if n[0].isupper() and n not in ("FrankingError",)}
    every = {n for n in every if isinstance(getattr(franking.FrankingError, n), type)}
    assert unreachable <= every, "a kind listed unreachable no longer exists"
    assert every - unreachable - kinds == set()
