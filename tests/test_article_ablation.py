"""benchmarks/article_ablation.py: its plan of what is left to train, its published table, and a
quick run end to end (four variants, tiny data, two epochs: a check that the script works)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from tests.scripts import load

ablation = load("article_ablation")


def test_plan_skips_what_is_done_at_the_same_signal_only():
    done = pd.DataFrame({"variant": ["article", "sound"], "seed": [0, 0], "signal": [1.0, 0.35]})
    todo = ablation.plan(["article", "sound"], [0, 1], 1.0, done)
    assert todo == [("article", 1), ("sound", 0), ("sound", 1)]
    empty = pd.DataFrame(columns=ablation.COLUMNS)
    assert len(ablation.plan(["article"], [0, 1, 2], 1.0, empty)) == 3
    with pytest.raises(ValueError, match="at least one"):
        ablation.plan([], [0], 1.0, empty)


def test_the_published_table_has_every_variant_for_seeds_0_to_2():
    from helpers.nn import tuning

    table = pd.read_csv(ablation.PUBLISHED)
    assert list(table.columns) == ablation.COLUMNS
    assert (table["signal"] == 1.0).all()
    names = [v.name for v in tuning.ablation_variants()]
    for seed in (0, 1, 2):
        assert sorted(table.loc[table["seed"] == seed, "variant"]) == sorted(names)
    finite = table.dropna(subset=["edge"])
    assert (finite["edge_low"] <= finite["edge_high"]).all()


def test_quick_run_writes_its_rows_and_resumes_without_training_again(tmp_path: Path):
    out = tmp_path / "ablation.csv"
    table = ablation.run([0], out, quick=True, only=["article", "sound"])
    assert list(table["variant"]) == ["article", "sound"] and out.is_file()
    assert table["epochs"].max() <= 2
    again = ablation.run([0], out, quick=True, only=["article", "sound"])
    pd.testing.assert_frame_equal(again, table)  # nothing left to train: the same rows
    with pytest.raises(ValueError, match="unknown variants"):
        ablation.run([0], out, quick=True, only=["no such variant"])


def test_quick_refuses_to_overwrite_the_published_table():
    with pytest.raises(SystemExit):
        ablation.main(["--quick"])
