"""benchmarks/learning_curves.py: its published grid (what the chapter on too little data reads),
and a quick run, interrupted and resumed, into a temporary folder."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from helpers import learning
from tests.scripts import load

curves = load("learning_curves")


@pytest.fixture(scope="module")
def quick(tmp_path_factory):
    """A quick run stopped after 5 cells, then resumed to the end; the cells each part ran."""
    out = tmp_path_factory.mktemp("quick")
    ran = {"first": curves.run(curves.QUICK_GRID, out, limit=5)}
    assert not (out / curves.CURVES_PNG).exists()
    calls = []
    original = curves.run_cell

    def counting(grid, key):
        calls.append(key)
        return original(grid, key)

    curves.run_cell = counting
    try:
        curves.main(["--quick", "--out", str(out)])
    finally:
        curves.run_cell = original
    ran["second"] = calls
    return out, ran


def test_an_interrupted_run_resumes_without_recomputing(quick):
    out, ran = quick
    cells = curves.QUICK_GRID.cells()
    assert ran["first"] == 5
    assert ran["second"] == cells[5:]  # only what was missing, in order
    table = pd.read_csv(out / curves.RESULTS)
    assert len(table) == len(cells) and not table.duplicated(list(learning.KEY)).any()


def test_a_quick_run_writes_its_table_and_figures(quick):
    out, _ = quick
    table = pd.read_csv(out / curves.RESULTS)
    assert tuple(table.columns) == curves.COLUMNS
    assert table["edge_low"].le(table["edge"]).all() and table["edge"].le(table["edge_high"]).all()
    assert table["oracle_accuracy"].gt(table["naive_accuracy"]).all()
    assert not table["capped"].any(), "early stopping, not the cap, ends training"
    assert set(table["variant"]) == {"sound", *curves.VARIANTS}
    for name in (curves.CURVES_PNG, curves.REMEDIES_PNG, curves.CROSSOVERS):
        assert (out / name).stat().st_size > 0
    crossings = pd.read_csv(out / curves.CROSSOVERS)
    assert sorted(crossings["signal"]) == sorted(curves.QUICK_GRID.signals)


def test_a_run_killed_mid_row_continues_with_that_row(quick, tmp_path):
    out, _ = quick
    shutil.copy(out / curves.RESULTS, tmp_path / curves.RESULTS)
    lines = (tmp_path / curves.RESULTS).read_text().splitlines(keepends=True)
    # the last row was being written when the run died: half of it is on disk
    (tmp_path / curves.RESULTS).write_text("".join(lines[:-1]) + lines[-1][:10])
    assert curves.run(curves.QUICK_GRID, tmp_path) == 1
    again = pd.read_csv(tmp_path / curves.RESULTS)
    assert len(again) == len(curves.QUICK_GRID.cells())
    assert curves.run(curves.QUICK_GRID, tmp_path) == 0  # nothing left


def test_the_quick_grid_never_writes_to_the_published_folder():
    assert curves.QUICK != curves.PUBLISHED
    assert curves.QUICK_GRID.max_train < curves.FULL.max_train


def test_the_grids_cells_are_unique_and_ordered_by_market():
    cells = curves.FULL.cells()
    assert len(cells) == len(set(cells))
    markets = [(seed, signal) for _, _, signal, _, seed in cells]
    changes = sum(a != b for a, b in zip(markets, markets[1:], strict=False))
    assert changes == len(set(markets)) - 1  # each market's cells run together


# --------------------------------------------------------------------------- the published grid


@pytest.fixture(scope="module")
def published():
    path = curves.PUBLISHED / curves.RESULTS
    if not path.is_file():
        pytest.skip("the full grid has not been run")
    return pd.read_csv(path)


def test_the_published_grid_is_complete(published):
    keys = {learning.key_of(dict(zip(learning.KEY, k, strict=True))) for k in curves.FULL.cells()}
    assert learning.completed(curves.PUBLISHED / curves.RESULTS) == keys
    assert tuple(published.columns) == curves.COLUMNS


def test_the_published_grid_never_reached_a_cap(published):
    assert not published["capped"].any()
    lstm = published[published["model"] == "lstm"]
    assert lstm["best_iteration"].le(lstm["iterations"]).all()


def test_the_published_figures_and_crossovers_are_there(published):
    for name in (curves.CURVES_PNG, curves.REMEDIES_PNG, curves.CROSSOVERS):
        assert (curves.PUBLISHED / name).is_file()
    table = pd.read_csv(curves.PUBLISHED / curves.CROSSOVERS)
    assert sorted(table["signal"]) == sorted(curves.FULL.signals)
