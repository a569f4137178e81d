"""benchmarks/padding_seeds.py: its published tables (what chapter 5 reads) and a quick run of the
script on the registry's small sizes."""

from __future__ import annotations

import pandas as pd

from helpers import settings
from tests.scripts import load

padding_seeds = load("padding_seeds")


def test_the_published_table_has_every_pipeline_for_seeds_0_to_19():
    table = pd.read_csv(padding_seeds.PUBLISHED)
    assert list(table.columns) == [
        "seed",
        "name",
        "edge_fraction",
        "accuracy",
        "best_epoch",
        "epochs",
    ]
    for seed in range(20):
        assert sorted(table.loc[table["seed"] == seed, "name"]) == sorted(padding_seeds.NAMES)
    # the chapter's fixed budget, and a best epoch within it
    assert (table["epochs"] == settings.CH5.epochs).all()
    assert table["best_epoch"].between(1, settings.CH5.epochs).all()
    assert table["accuracy"].between(0, 1).all()


def test_the_budget_table_never_reaches_its_cap():
    """The claim the chapter makes of it: under early stopping both paddings stop by themselves."""
    table = pd.read_csv(padding_seeds.BUDGET)
    assert sorted(table["name"].unique()) == ["ch5_post_no_mask", "ch5_pre_pad"]
    assert (table["epochs"] < table["cap"]).all()
    assert (table["best_epoch"] <= table["epochs"]).all()


def test_a_quick_run_reports_what_the_registry_trained():
    table = padding_seeds.run([0], names=("ch5_pre_pad", "ch5_int_cast"), size="small")
    assert list(table["name"]) == ["ch5_pre_pad", "ch5_int_cast"]
    assert (table["epochs"] == settings.SMALL_CH5.epochs).all()
    assert (table["best_epoch"] <= table["epochs"]).all()
    assert table["edge_fraction"].notna().all()


def test_a_run_with_chosen_seeds_never_replaces_the_published_table(monkeypatch, tmp_path):
    before = padding_seeds.PUBLISHED.read_bytes()
    monkeypatch.setattr(padding_seeds, "SCRATCH", tmp_path / "padding_seeds.csv")
    monkeypatch.setattr(
        padding_seeds,
        "run",
        lambda seeds: pd.DataFrame(
            {
                "seed": seeds,
                "name": "ch5_pre_pad",
                "edge_fraction": 0.5,
                "accuracy": 0.6,
                "best_epoch": 1,
                "epochs": 4,
            }
        ),
    )
    padding_seeds.main(["--seeds", "3"])
    assert (tmp_path / "padding_seeds.csv").is_file()
    assert padding_seeds.PUBLISHED.read_bytes() == before
