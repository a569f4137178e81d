"""Tests of benchmarks/scoreboard.py: a trial run never replaces the published table."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import pytest

from tests import scripts

ROOT = Path(__file__).resolve().parents[1]
PUBLISHED = ROOT / "book" / "_generated"


def _scoreboard():
    return scripts.load("scoreboard")


def _digest() -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(PUBLISHED.iterdir())}


@pytest.mark.parametrize(
    "argv",
    [
        ["--size", "small", "--publish"],  # a smoke run cannot be published
        ["--size", "small", "--publish", "--only", "naive"],
        ["--out", str(PUBLISHED)],  # nor written there by pointing --out at it
        ["--publish", "--out", "elsewhere"],
    ],
)
def test_refused_before_anything_runs(argv, capsys):
    before = _digest()
    with pytest.raises(SystemExit) as exit_:
        _scoreboard().main(argv)
    assert exit_.value.code == 2
    assert "publish" in capsys.readouterr().err
    assert _digest() == before


def test_a_smoke_run_writes_elsewhere_and_leaves_the_published_table(tmp_path):
    before = _digest()
    _scoreboard().main(
        ["--size", "small", "--only", "naive", "oracle", "--seeds", "0", "--out", str(tmp_path)]
    )
    runs = pd.read_csv(tmp_path / "scoreboard.csv")
    assert sorted(runs["name"]) == ["naive", "oracle"] and set(runs["size"]) == {"small"}
    assert "a smoke test, not a measurement" in (tmp_path / "scoreboard.md").read_text()
    assert _digest() == before


def test_the_default_folder_is_not_the_published_one():
    module = _scoreboard()
    assert module.SCRATCH != module.PUBLISHED
    assert module.PUBLISHED == PUBLISHED


def test_the_published_table_is_full_size_with_three_seeds():
    # chapter 10 reads this file; its asserts need a full-size run over at least three seeds
    runs = pd.read_csv(PUBLISHED / "scoreboard.csv")
    assert set(runs["size"]) == {"full"}
    assert runs.groupby("name")["seed"].nunique().min() >= 3


def test_the_published_figure_is_drawn_from_the_published_table(tmp_path):
    runs = pd.read_csv(PUBLISHED / "scoreboard.csv", keep_default_na=False, na_values=[""])
    _scoreboard().write_figure(runs, tmp_path / "scoreboard.png")
    redrawn = (tmp_path / "scoreboard.png").read_bytes()
    assert redrawn == (PUBLISHED / "scoreboard.png").read_bytes(), (
        "book/_generated/scoreboard.png is stale: benchmarks/scoreboard.py --publish --table-only"
    )
