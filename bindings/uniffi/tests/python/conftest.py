"""Shared paths for the pytest suite of the Python bindings."""

import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[4]
SCENARIOS = ROOT / "bindings" / "scenarios"
VECTORS = ROOT / "tests" / "vectors"
