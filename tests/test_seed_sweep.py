"""benchmarks/seed_sweep.py: the parameters cell it rewrites (running chapters is its job, not
this test's)."""

from __future__ import annotations

import nbformat
import pytest

from tests.scripts import load

sweep = load("seed_sweep")


def _notebook(source: str) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata["tags"] = ["parameters"]
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1"), cell])


def test_with_seed_sets_the_seed_and_overrides_without_touching_the_original():
    nb = _notebook("SEED = 0  # any\nSIGNAL = 1.0\nN = 5")
    out = sweep.with_seed(nb, 7, {"SIGNAL": "0.35"})
    assert out.cells[1].source == "SEED = 7  # any\nSIGNAL = 0.35\nN = 5"
    assert nb.cells[1].source.startswith("SEED = 0")


def test_with_seed_refuses_an_unknown_parameter_or_a_missing_parameters_cell():
    with pytest.raises(ValueError, match="no line 'DRIFT = ...'"):
        sweep.with_seed(_notebook("SEED = 0\nSIGNAL = 1.0"), 1, {"DRIFT": "0"})
    with pytest.raises(ValueError, match="exactly one cell tagged 'parameters'"):
        sweep.with_seed(nbformat.v4.new_notebook(cells=[]), 1)
