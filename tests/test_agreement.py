"""Tests of helpers.agreement: what each chapter measured, under the registry's names."""

from __future__ import annotations

import json
import math
from pathlib import Path

import nbformat
import numpy as np
import pytest

from helpers import agreement

ROOT = Path(__file__).resolve().parents[1]


class _History:
    epoch = [0, 1, 2]
    params = {"steps": 63}


class _Model:
    history = _History()


def test_entry_keeps_the_scores_and_what_the_model_read():
    e = agreement.entry(
        {"accuracy": 0.7, "edge_fraction": 0.9, "rmse": 0.01, "reported_accuracy": 0.8},
        np.zeros((16, 10, 4)),
        _Model(),
    )
    assert e == {
        "accuracy": 0.7,
        "edge_fraction": 0.9,
        "reported_accuracy": 0.8,
        "n_train": 16,
        "timesteps": 10,
        "epochs": 3,
        "batches_per_epoch": 63,
    }


@pytest.mark.parametrize(
    ("args", "error", "match"),
    [
        (({"edge_fraction": 0.1},), ValueError, "lacks 'accuracy'"),
        (({"accuracy": 0.5, "edge_fraction": 0.1}, np.zeros((4, 3))), ValueError, "3-D"),
        (({"accuracy": 0.5, "edge_fraction": 0.1}, None, object()), ValueError, "history"),
    ],
)
def test_entry_refuses_what_it_cannot_measure(args, error, match):
    with pytest.raises(error, match=match):
        agreement.entry(*args)


def test_dumps_rounds_sorts_and_round_trips():
    text = agreement.dumps({"b": {"accuracy": 0.12345}, "a": {"edge_fraction": float("nan")}})
    back = json.loads(text)
    assert list(back) == ["a", "b"] and back["b"]["accuracy"] == 0.123
    assert math.isnan(back["a"]["edge_fraction"])
    with pytest.raises(ValueError, match="empty"):
        agreement.dumps({})
    with pytest.raises(TypeError, match="booleans"):
        agreement.dumps({"a": {"accuracy": True}})


def _chapter(tmp_path: Path, cells: list[nbformat.NotebookNode]) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = cells
    path = tmp_path / "chapter.ipynb"
    nbformat.write(nb, path)
    return path


def _agreement_cell(text: str) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell("print(agreement.dumps(entries))", execution_count=1)
    cell.metadata["tags"] = list(agreement.TAGS)
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=text)]
    return cell


def test_read_notebook_reads_the_one_agreement_cell(tmp_path):
    text = agreement.dumps({"ch1_sound": {"accuracy": 0.708, "edge_fraction": 0.927}})
    path = _chapter(tmp_path, [nbformat.v4.new_code_cell("x = 1"), _agreement_cell(text + "\n")])
    assert agreement.read_notebook(path) == {
        "ch1_sound": {"accuracy": 0.708, "edge_fraction": 0.927}
    }


def test_read_notebook_refuses_a_chapter_without_one_cell_or_with_bad_json(tmp_path):
    with pytest.raises(ValueError, match="expected one agreement cell"):
        agreement.read_notebook(_chapter(tmp_path, [nbformat.v4.new_code_cell("x = 1")]))
    with pytest.raises(ValueError):
        agreement.read_notebook(_chapter(tmp_path, [_agreement_cell("not json")]))


@pytest.mark.parametrize("number", range(1, 8))
def test_every_chapter_1_to_7_has_an_agreement_cell(number):
    (path,) = sorted((ROOT / "notebooks").glob(f"{number:02d}_*.ipynb"))
    assert agreement.read_notebook(path), f"{path.name} names no pipeline"
